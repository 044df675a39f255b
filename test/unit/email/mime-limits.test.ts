// Parse limits for hostile mail (issue 7): MIME depth / part count, HTML complexity, code-like token floods.
import { describe, expect, it } from "vitest";
import { countCodeLikeTokens, htmlComplexity, scanMimeStructure } from "../../../src/domain/email/mime-limits.js";

const limits = { maxDepth: 3, maxParts: 5 };
const part = (b: string, type: string, body: string) => `--${b}\r\nContent-Type: ${type}\r\n\r\n${body}\r\n`;

describe("scanMimeStructure", () => {
  it("measures a normal mixed/alternative message", () => {
    const alt = part("alt", "text/plain", "hi") + part("alt", "text/html", "<p>hi</p>") + "--alt--\r\n";
    const raw = `From: a@x.example\r\nContent-Type: multipart/mixed; boundary="Mix"\r\n\r\n${part("Mix", 'multipart/alternative; boundary="alt"', alt)}${part("Mix", "application/pdf", "JVBERi0=")}--Mix--\r\n`;
    expect(scanMimeStructure(raw, limits)).toEqual({ depth: 2, parts: 4, exceeded: null });
  });
  it("counts message/rfc822 as a level and stops past the depth limit", () => {
    let body = "x";
    let type = "text/plain";
    for (let d = 0; d < 6; d++) {
      body = `Content-Type: ${type}\r\n\r\n${body}`;
      type = "message/rfc822";
    }
    expect(scanMimeStructure(`Content-Type: ${type}\r\n\r\n${body}`, limits).exceeded?.code).toBe("MIME_TOO_DEEP");
  });
  it("boundaries are case-sensitive and a prefix is not a match", () => {
    const raw = `Content-Type: multipart/mixed; boundary="AbC"\r\n\r\n--abc\r\n--AbCd\r\n${part("AbC", "text/plain", "x")}--AbC--\r\n`;
    expect(scanMimeStructure(raw, limits).parts).toBe(1);
  });
  it("stops past the part limit", () => {
    const raw = `Content-Type: multipart/mixed; boundary=b\r\n\r\n${Array.from({ length: 9 }, () => part("b", "text/plain", "x")).join("")}--b--\r\n`;
    expect(scanMimeStructure(raw, limits).exceeded?.code).toBe("TOO_MANY_PARTS");
  });
  it("never throws on garbage", () => {
    expect(scanMimeStructure("\u0000\r\n\r\n--", limits).exceeded).toBeNull();
    expect(scanMimeStructure("Content-Type: multipart/mixed\r\n\r\n--\r\n", limits).exceeded).toBeNull();
  });
});

describe("htmlComplexity", () => {
  const l = { maxTags: 100, maxDepth: 5 };
  it("ignores void and optional-end elements, and addresses in angle brackets", () => {
    expect(htmlComplexity(`${"<p>x<br><li>y<td>z<img src=a>".repeat(10)}`, l)).toBeNull();
    expect(htmlComplexity("<a@b.example> <msg-1@x.example> <John Smith>", l)).toBeNull();
  });
  it("flags deep nesting and tag floods", () => {
    expect(htmlComplexity("<div>".repeat(6), l)?.message).toMatch(/deeper than 5/);
    expect(htmlComplexity("<div></div>".repeat(3), l)).toBeNull();
    expect(htmlComplexity("<b>x</b>".repeat(51), l)?.message).toMatch(/more than 100 HTML tags/);
  });
});

describe("countCodeLikeTokens", () => {
  it("counts CPT, HCPCS and ICD-10 shapes and stops early", () => {
    expect(countCodeLikeTokens(["99214-25 with 20610, J3301 and M17.12; 0001F"], 100)).toBe(5);
    expect(countCodeLikeTokens(["99213 ".repeat(1_000_000)], 10)).toBe(11);
    expect(countCodeLikeTokens(["phone 555-1234, zip 90210-1234"], 100)).toBe(1);
  });
});

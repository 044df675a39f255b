// Pure parts of the review queue: the audit diff, HTML that follows an edited text, mention highlighting and
// the email sanitizer.
import { describe, expect, it } from "vitest";
import { diffLines } from "../../../src/app/review-diff.js";
import { nextHtml, textToHtml } from "../../../src/app/review.js";
import { emailSrcdoc, highlightMentions, sanitizeEmailHtml } from "../../../src/adapters/http/email-view.js";

describe("diffLines", () => {
  it("is empty for equal texts and marks added and removed lines", () => {
    expect(diffLines("a\nb\n", "a\nb\n")).toEqual({ added: 0, removed: 0, lines: [] });
    const d = diffLines("Hello\n32664 valid\nBye\n", "Hello\n32664-50 valid\nNote: bilateral\nBye\n");
    expect(d.added).toBe(2);
    expect(d.removed).toBe(1);
    expect(d.lines).toEqual(["  Hello", "- 32664 valid", "+ 32664-50 valid", "+ Note: bilateral", "  Bye", "  "]);
  });
  it("elides unchanged lines far from a change", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
    const after = before.replace("line 10", "LINE 10");
    const d = diffLines(before, after);
    expect(d.lines[0]).toBe("…");
    expect(d.lines).toContain("- line 10");
    expect(d.lines).toContain("+ LINE 10");
    expect(d.lines.length).toBeLessThan(10);
  });
});

describe("nextHtml", () => {
  const deps = { sanitizeHtml: (h: string) => `clean:${h}` };
  const stored = { text: "old\n", html: "<p>old</p>" };
  it("keeps the stored HTML when nothing changed", () => expect(nextHtml(deps, stored, { text: "old\n", html: "<p>old</p>" })).toBe("<p>old</p>"));
  it("builds HTML from an edited text when the HTML was left alone", () => expect(nextHtml(deps, stored, { text: "new <b>\n", html: null })).toBe(textToHtml("new <b>\n")));
  it("sanitizes edited HTML", () => expect(nextHtml(deps, stored, { text: "new\n", html: "<p>mine</p>" })).toBe("clean:<p>mine</p>"));
  it("escapes text in the generated HTML", () => expect(textToHtml("a < b\n\nc")).toContain("<p>a &lt; b</p>\n<p>c</p>"));
});

describe("email display", () => {
  it("highlights mentions in escaped text", () => {
    const html = highlightMentions("Bill 32664-50 <b>or</b> L74.510?", [
      { messageId: 1, system: "CPT", code: "32664", modifiers: "50", units: null, location: "body", text: "32664-50", status: "active", title: null },
      { messageId: 1, system: "ICD10CM", code: "L74.510", modifiers: "", units: null, location: "body", text: "L74.510", status: "deleted", title: "x" },
    ]);
    expect(html).toBe('Bill <mark class="m-ok" title="CPT 32664: active">32664-50</mark> &lt;b&gt;or&lt;/b&gt; <mark class="m-warn" title="ICD10CM L74.510: deleted, x">L74.510</mark>?');
  });
  it("strips scripts, handlers, frames, forms, remote images and javascript: links", () => {
    const out = sanitizeEmailHtml('<p onclick="x()">hi</p><script>alert(1)</script><img src="https://t.example/p.gif"><img src="data:image/png;base64,AA=="><a href="javascript:alert(1)">a</a><iframe src="x"></iframe><form><input></form>');
    expect(out).toBe('<p>hi</p><img src="data:image/png;base64,AA==" /><a rel="noopener noreferrer" target="_blank">a</a>');
    expect(emailSrcdoc("<p>x</p>")).toContain("Content-Security-Policy");
  });
});

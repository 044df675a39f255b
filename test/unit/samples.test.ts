// Guards the bundled demo emails (samples/*.eml): each must stay a parseable RFC 5322 message with
// the headers the pipeline relies on, and its decoded content must still carry the codes it was
// written to exercise (a broken transfer encoding would otherwise pass silently).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { describe, expect, it } from "vitest";

const SAMPLES = fileURLToPath(new URL("../../samples/", import.meta.url));
const files = readdirSync(SAMPLES)
  .filter((f) => f.endsWith(".eml"))
  .sort();

/** A string each sample's decoded text (plain, HTML or attachments) must contain. */
const EXPECTED: Record<string, string[]> = {
  "01-vats-sympathectomy-bilateral.eml": ["32664-50", "L74.510", "10/06/2026"],
  "02-sympathectomy-64804-qp.eml": ["64804-LT", "L74.512", "\u201cT2\u2013T3"],
  "03-reexploration-bleeding-32120-base64.eml": ["32120-78", "J95.830", "10/19/2026"],
  "04-thoracoscopy-biopsy-32602-html-only.eml": ["32602", "32609", "11/02/2026"],
  "05-em-knee-injection-html-table.eml": ["99214", "20610", "J3301 x 40", "<td>J3301</td>", "M17.11"],
  "06-em-debridement-reply-quoted.eml": ["99213-25", "11042", "> Tom, on the original claim I had 97597"],
  "07-drug-units-csv-attachment.eml": ["J1100 x 4", "J0696 2 units", "J0696,,2"],
  "08-fractures-7th-character-latin1.eml": ["S72.001A", "M80.051A", "S52.521D", "Zürich", "90°"],
  "09-forwarded-outlook-t81.eml": ["T81.4XXA", "10060-79", "From: Hollis, Greg"],
  "10-header-codes-signature-block.eml": ["E11", "M17.1", "NPI 1234567893", "62704"],
  "11-hcpcs-modifiers-g0439-l3908.eml": ["G0439 GA", "L3908-RT"],
  "12-vague-question-no-code.eml": ["same\nsession"],
  "13-pcs-code-in-physician-billing.eml": ["0W9930Z", "J93.11", "Alvarez \u2014"],
  "14-bilateral-rt-lt-base64-alternative.eml": ["32664-RT", "32664-50", "November 4th, 2026"],
  "15-em-thoracentesis-html-inline-logo.eml": ["99215-25", "32555-LT", "11/16/2026"],
  "16-header-code-m17-1-wrong-side.eml": ["20611-LT", "M17.1", "17 November 2026"],
};

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  const list = a === undefined ? [] : Array.isArray(a) ? a : [a];
  return list.flatMap((o) => o.value.map((v) => v.address ?? ""));
}

function allText(mail: ParsedMail): string {
  const atts = mail.attachments
    .filter((a) => a.contentType.startsWith("text/"))
    .map((a) => a.content.toString("utf-8"));
  return [mail.subject ?? "", mail.text ?? "", typeof mail.html === "string" ? mail.html : "", ...atts]
    .join("\n")
    .replace(/\r\n/g, "\n");
}

describe("samples/*.eml", () => {
  it("has at least 14 samples, each listed in EXPECTED and in samples/README.md", () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
    const readme = readFileSync(join(SAMPLES, "README.md"), "utf-8");
    for (const f of files) {
      expect(Object.keys(EXPECTED), f).toContain(f);
      expect(readme, f).toContain(f);
    }
  });

  const ids = new Set<string>();
  it.each(files)("%s parses with the required headers and content", async (file) => {
    const raw = readFileSync(join(SAMPLES, file));
    const mail = await simpleParser(raw);

    expect(mail.messageId, "Message-ID").toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
    expect(ids.has(mail.messageId!), "Message-ID is unique").toBe(false);
    ids.add(mail.messageId!);

    expect(mail.headers.get("mime-version")).toBe("1.0");
    expect(mail.subject?.length ?? 0).toBeGreaterThan(0);

    const date = mail.date;
    expect(date, "Date").toBeInstanceOf(Date);
    expect(date!.getUTCFullYear()).toBe(2026);
    expect([9, 10]).toContain(date!.getUTCMonth()); // October or November

    const from = addresses(mail.from);
    expect(from).toHaveLength(1);
    expect(from[0]).toMatch(/@([a-z0-9-]+\.)*example\.(com|org)$/);
    expect(addresses(mail.to)).toContain("support@example.test");

    // headers are CRLF-terminated and no line exceeds RFC 5322's 998-character limit
    const lines = raw.toString("latin1").split("\r\n");
    expect(lines.every((l) => !l.includes("\n") && l.length <= 998)).toBe(true);

    const text = allText(mail);
    for (const needle of EXPECTED[file] ?? []) expect(text, `${file} contains ${needle}`).toContain(needle);
  });
});

import { describe, expect, it } from "vitest";
import { extractMentions } from "../../../src/domain/codes/extract.js";
import type { CodeMention, CodeSystem } from "../../../src/domain/codes/types.js";

function run(text: string, knows?: (s: CodeSystem, c: string) => boolean) {
  return extractMentions([{ location: "body", text }], knows ? { knows } : {});
}
const brief = (m: CodeMention) => `${m.system}:${m.code}${m.modifiers.map((x) => "-" + x).join("")}${m.units ? " x" + m.units : ""}`;
const codes = (text: string, knows?: (s: CodeSystem, c: string) => boolean) => run(text, knows).mentions.map(brief);

describe("extractMentions: grammar", () => {
  it("reads CPT Category I/II/III/PLA and HCPCS Level II", () => {
    expect(codes("99213, 3074F, 0042T, 0001U and G0439")).toEqual([
      "CPT:99213",
      "CPT:3074F",
      "CPT:0042T",
      "CPT:0001U",
      "HCPCS:G0439",
    ]);
  });
  it("reads ICD-10-CM dotted, dotless, lower case, placeholder X and 7th character", () => {
    expect(codes("dx E11.9, e1165, S72.001A, T36.0X1A and I10")).toEqual([
      "ICD10CM:E11.9",
      "ICD10CM:E11.65",
      "ICD10CM:S72.001A",
      "ICD10CM:T36.0X1A",
      "ICD10CM:I10",
    ]);
  });
  it("reads ICD-10-PCS (7 characters, no I/O)", () => {
    expect(codes("PCS 0DTJ4ZZ and 02703DZ")).toEqual(["ICD10PCS:0DTJ4ZZ", "ICD10PCS:02703DZ"]);
  });
  it("attaches modifiers by hyphen, en dash and space, in written order", () => {
    expect(codes("32664-50, 20610-LT-79, 27447–RT and G0439 GA")).toEqual([
      "CPT:32664-50",
      "CPT:20610-LT-79",
      "CPT:27447-RT",
      "HCPCS:G0439-GA",
    ]);
    const m = run("bill 20610-LT-79 today").mentions[0];
    expect(m?.text).toBe("20610-LT-79");
    expect([m?.start, m?.end]).toEqual([5, 16]);
  });
  it("reads units of service", () => {
    expect(codes("96372 x 2, J1100 × 4, 97110 4 units, 3 units of J3301")).toEqual([
      "CPT:96372 x2",
      "HCPCS:J1100 x4",
      "CPT:97110 x4",
      "HCPCS:J3301 x3",
    ]);
  });
  it("reads a range as one item, not two codes or a code with a modifier", () => {
    const r = run("codes 32601-32674 and 99202 through 99205, dx E08-E13");
    expect(r.mentions).toEqual([]);
    expect(r.ranges).toEqual([
      { system: "CPT", from: "32601", to: "32674" },
      { system: "CPT", from: "99202", to: "99205" },
      { system: "ICD10CM", from: "E08", to: "E13" },
    ]);
  });
  it("reads stand-alone modifiers", () => {
    expect(codes("Use modifier 59 or mod XS, and the -25. RT/LT? Append 76. a 24 modifier")).toEqual([
      "MODIFIER:59",
      "MODIFIER:XS",
      "MODIFIER:25",
      "MODIFIER:RT",
      "MODIFIER:LT",
      "MODIFIER:76",
      "MODIFIER:24",
    ]);
  });
  it("reports a code written twice once, at its first occurrence", () => {
    const r = run("99213 then 99213 again, 99213-25 is another item");
    expect(r.mentions.map(brief)).toEqual(["CPT:99213", "CPT:99213-25"]);
    expect(r.mentions[0]?.start).toBe(0);
  });
});

describe("extractMentions: hard negatives", () => {
  const none = [
    "Lakeside Ortho, 4500 Elm Ave, Dallas, TX 75201",
    "Austin TX 78701-1234",
    "ZIP 60614",
    "Call 555-123-4567 or fax (555) 123-4568",
    "NPI 1234567893, TIN 12-3456789",
    "Claim #55012, account number 77120, ICN 22013",
    "Paid $12345.00 and 15000 dollars on 01/15/2025 at 10:30",
    "12345 Main Street, Suite 20100, Room 10234",
    "T10-T12 and L4-L5 fusion, C5-C6 disc",
    "pT2N0M0 stage, T2N1M0",
    "A1C 7.2 and B12 low, H1N1",
    "Denied CO-97 with remark code N290 and M80",
    "See https://example.com/99213 and file_99213.pdf",
    "Version 2.3.45678",
  ];
  for (const text of none) {
    it(`extracts nothing from: ${text}`, () => {
      expect(run(text).mentions.map(brief)).toEqual([]);
    });
  }
});

describe("extractMentions: ambiguity and the catalogue", () => {
  it("reads J1100 as HCPCS by default and with drug context, as ICD-10-CM J11.00 with dx context", () => {
    expect(codes("J1100 injection")).toEqual(["HCPCS:J1100"]);
    expect(codes("dx J1100 (influenza)")).toEqual(["ICD10CM:J11.00"]);
  });
  it("lets the catalogue decide when context is silent", () => {
    const knows = (s: CodeSystem, c: string) => s === "ICD10CM" && c === "E11.65";
    expect(codes("E1165", knows)).toEqual(["ICD10CM:E11.65"]);
  });
  it("drops a weak shape the catalogue does not know", () => {
    const knows = () => false;
    expect(codes("the F150 truck", knows)).toEqual([]);
  });
  it("survives a throwing catalogue", () => {
    expect(codes("99213", () => { throw new Error("x"); })).toEqual(["CPT:99213"]);
  });
});

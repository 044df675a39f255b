// Pure parsers and helpers of src/domain/catalogue, on small strings in the official layouts.
import { describe, expect, it } from "vitest";
import { parseOrderFile, parseDerivedTsv } from "../../../src/domain/catalogue/order-file.js";
import { applyIcd10cmDelta } from "../../../src/domain/catalogue/icd10cm-delta.js";
import { anwebDate, parseAnweb } from "../../../src/domain/catalogue/hcpcs-anweb.js";
import { parseConversionTable } from "../../../src/domain/catalogue/conversion-table.js";
import { parsePtpFile, parseMueRows, ncciQuarterFromName } from "../../../src/domain/catalogue/ncci-files.js";
import { parsePprrvu } from "../../../src/domain/catalogue/pfs-pprrvu.js";
import { parseCptLicenseeFile } from "../../../src/domain/catalogue/cpt-licensee.js";
import { editDistance, nearMisses } from "../../../src/domain/catalogue/suggest.js";
import { displayCode, isWellFormed, normaliseFor, placeholderCandidates } from "../../../src/domain/catalogue/code-format.js";
import { dayBefore, fiscalYearRange, quarterRange, releaseInForce } from "../../../src/domain/catalogue/release-timeline.js";
import { CPT_MODIFIERS } from "../../../src/domain/catalogue/cpt-modifiers.js";

const line = (n: number, code: string, flag: 0 | 1, short: string, long: string) =>
  `${String(n).padStart(5, "0")} ${code.padEnd(7)} ${flag} ${short.padEnd(60)} ${long}`;

describe("order file", () => {
  it("reads the fixed-width layout (CRLF)", () => {
    const rows = parseOrderFile([line(1, "A00", 0, "Cholera", "Cholera"), line(2, "A000", 1, "Short", "Long title, with comma"), ""].join("\r\n"));
    expect(rows).toEqual([
      { code: "A00", billable: false, shortTitle: "Cholera", longTitle: "Cholera" },
      { code: "A000", billable: true, shortTitle: "Short", longTitle: "Long title, with comma" },
    ]);
  });
  it("names the line that breaks the layout", () => {
    expect(() => parseOrderFile(`${line(1, "A00", 0, "x", "x")}\nnot an order line`)).toThrow(/line 2/);
  });
  it("reads the derived tsv and rejects another header", () => {
    expect(parseDerivedTsv("code\tcode_dotted\tbillable\tshort_desc\tlong_desc\nA000\tA00.0\t1\ts\tl\n")).toEqual([{ code: "A000", billable: true, shortTitle: "s", longTitle: "l" }]);
    expect(() => parseDerivedTsv("a\tb\n")).toThrow(/header/);
  });
});

describe("ICD-10-CM delta", () => {
  const prev = [{ code: "A00", billable: false, shortTitle: "C", longTitle: "C" }, { code: "A000", billable: true, shortTitle: "x", longTitle: "x" }];
  it("refuses a change list for another year", () => {
    expect(() => applyIcd10cmDelta(prev, { added: [], deleted: [{ code: "Z999" }], revised: [], billableStatusChanges: [] })).toThrow(/Z999/);
  });
  it("adds and sorts", () => {
    const next = applyIcd10cmDelta(prev, { added: [{ code: "A001", billable: "true", shortTitle: "n", longTitle: "N" }], deleted: [], revised: [], billableStatusChanges: [] });
    expect(next.map((r) => r.code)).toEqual(["A00", "A000", "A001"]);
  });
});

describe("HCPCS ANWEB", () => {
  it("reads codes, modifiers, dates and continuation records", () => {
    const rows = parseAnweb([
      { HCPC: "   A1", RECID: "7", "LONG DESCRIPTION": "Dressing for one wound", "ADD DT": "20020701" },
      { HCPC: "A0021", RECID: "3", "LONG DESCRIPTION": "Ambulance service, outside state", "TERM DT": "20241231" },
      { HCPC: "A0021", RECID: "4", "LONG DESCRIPTION": "per mile (continued)" },
      { HCPC: "A0021", RECID: "5", "LONG DESCRIPTION": "ignored record type" },
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ code: "A1", kind: "modifier", addDate: "2002-07-01" });
    expect(rows[1]).toMatchObject({ code: "A0021", kind: "code", termDate: "2024-12-31", longTitle: "Ambulance service, outside state per mile (continued)" });
  });
  it("dates", () => {
    expect(anwebDate("20251001")).toBe("2025-10-01");
    expect(anwebDate(" ")).toBeNull();
    expect(() => anwebDate("10/01/2025")).toThrow(/unreadable/);
  });
});

describe("conversion table", () => {
  it("maps previous codes to current ones, skipping the NCHS preamble", () => {
    const m = parseConversionTable([
      ["The National Center for Health Statistics ..."],
      ["Current code assignment", "Effective", "Previous Code(s) Assignment"],
      ["A04.71", "2017", "A04.7"], ["A04.72", "2017", "A04.7"],
      ["C56.3", "2021", "C56.1 and C56.2"], ["E75.244", "2021", "E75.240, E75.241 "],
    ]);
    expect(m).toMatchObject({ A047: ["A0471", "A0472"], C561: ["C563"], C562: ["C563"], E75240: ["E75244"] });
    expect(() => parseConversionTable([["x"]])).toThrow(/Current code assignment/);
  });
});

describe("NCCI files", () => {
  it("PTP: errors name the line", () => {
    expect(() => parsePtpFile("32664\t32601\t\t20100101\t*\t5\tx\n")).toThrow(/line 1: modifier indicator "5"/);
    expect(parsePtpFile("Column1\tColumn2\n").edits).toEqual([]);
  });
  it("MUE: header required, MAI 1-3", () => {
    expect(() => parseMueRows([["32664", "1", "2 x", ""]])).toThrow(/HCPCS\/CPT Code/);
    expect(() => parseMueRows([["HCPCS/CPT Code"], ["32664", "1", "4 x", ""]])).toThrow(/MAI/);
  });
  it("quarter from the file name", () => {
    expect(ncciQuarterFromName("ccipra-v313r0-f1.txt")).toEqual(["2025-10-01", "2025-12-31"]);
    expect(ncciQuarterFromName("ccipra-v300r0-f2.txt")).toEqual(["2024-01-01", "2024-03-31"]);
    expect(ncciQuarterFromName("MCR_MUE_PractitionerServices_Eff_2026-01-01.csv")).toEqual(["2026-01-01", "2026-03-31"]);
    expect(ncciQuarterFromName("MUE_Practitioner_04-01-2026.csv")).toEqual(["2026-04-01", "2026-06-30"]);
    expect(ncciQuarterFromName("edits.txt")).toBeNull();
  });
});

describe("PFS PPRRVU", () => {
  it("finds the header after a preamble and keeps modifier rows", () => {
    const p = parsePprrvu([["notice"], ["HCPCS", "MOD", "STATUS CODE", "PCTC IND", "GLOB DAYS", "MULT PROC", "BILAT SURG", "ASST SURG", "CO SURG", "TEAM SURG"], ["71045", "26", "A", "1", "XXX", "0", "0", "0", "0", "0"]]);
    expect(p.rows["71045"]).toEqual([["26", "A", "XXX", "0", "0", "0", "0", "0", "1"]]);
    expect(() => parsePprrvu([["HCPCS", "MOD"]])).toThrow(/STATUS CODE/);
  });
});

describe("CPT licensee file", () => {
  it("reads code TAB descriptor and rejects other files", () => {
    expect(parseCptLicenseeFile("code\tdesc\n32664\tA\n32664\tB\n0001F\tC\n")).toEqual([{ code: "32664", title: "A" }, { code: "0001F", title: "C" }]);
    expect(() => parseCptLicenseeFile("hello\n")).toThrow(/no 'code<TAB>descriptor'/);
  });
});

describe("code shapes and helpers", () => {
  it("normalises per system", () => {
    expect(normaliseFor("ICD10CM", " l74.510 ")).toBe("L74510");
    expect(normaliseFor("HCPCS", "J11.00")).toBe("J11.00");
    expect(isWellFormed("HCPCS", "J1100")).toBe(true);
    expect(isWellFormed("ICD10PCS", "0O16070")).toBe(false);
    expect(isWellFormed("CPT", "0001F")).toBe(true);
    expect(displayCode("ICD10CM", "S72001A")).toBe("S72.001A");
  });
  it("placeholder X candidates", () => {
    expect(placeholderCandidates("T3601A")).toContain("T360X1A");
    expect(placeholderCandidates("T360X1A")).toEqual([]);
  });
  it("edit distance with transpositions, bounded", () => {
    expect(editDistance("L74510", "L74501")).toBe(1);
    expect(editDistance("ABCDEFG", "A", 2)).toBe(3);
    expect(nearMisses(["E119", "E1165", "F119"], "E118", () => true)).toEqual(["E119", "E1165"]);
  });
  it("fiscal years, quarters, release in force", () => {
    expect(fiscalYearRange(2027)).toEqual(["2026-10-01", "2027-09-30"]);
    expect(quarterRange("2025-11-15")).toEqual(["2025-10-01", "2025-12-31"]);
    expect(dayBefore("2026-03-01")).toBe("2026-02-28");
    const rel = (from: string, to: string | null) => ({ system: "ICD10CM" as const, label: from, effectiveFrom: from, effectiveTo: to, sourceFile: "", sha256: "" });
    const rs = [rel("2025-10-01", "2026-09-30"), rel("2026-10-01", "2027-09-30")];
    expect(releaseInForce(rs, "2026-10-01")).toEqual({ index: 1, coversDate: true });
    expect(releaseInForce(rs, "2020-01-01")).toEqual({ index: 0, coversDate: false });
    expect(releaseInForce(rs, "2030-01-01")).toEqual({ index: 1, coversDate: false });
  });
  it("numeric CPT modifiers 22..99, own one-line text", () => {
    for (const [k, v] of Object.entries(CPT_MODIFIERS)) {
      expect(Number(k)).toBeGreaterThanOrEqual(22);
      expect(v.length).toBeLessThan(100);
    }
  });
});

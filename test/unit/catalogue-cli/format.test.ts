// Pure parts of the catalogue CLI: option parsing, system resolution, JSON shaping, coverage of today.
import { describe, expect, it } from "vitest";
import {
  guessSystem, lookupJson, parseDos, parseFormat, parseLimit, parseSystem, resolveSystem, searchJson,
} from "../../../src/cli/catalogue-format.js";
import { coverageOn, formatAge } from "../../../src/cli/catalogue-status.js";
import { networkFailureCode, rebase } from "../../../src/adapters/catalogue/download.js";
import { officialKind } from "../../../src/cli/catalogue-files.js";
import type { Release } from "../../../src/domain/catalogue/types.js";

describe("option parsing", () => {
  it("accepts real YYYY-MM-DD dates only", () => {
    expect(parseDos("2026-09-30")).toBe("2026-09-30");
    expect(parseDos(undefined)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const bad of ["2026-02-30", "2026-9-30", "30/09/2026", "yesterday"]) expect(() => parseDos(bad)).toThrow(/YYYY-MM-DD/);
  });
  it("names systems as CPT, HCPCS, ICD10CM, ICD10PCS, MODIFIER", () => {
    expect(parseSystem("icd-10-cm")).toBe("ICD10CM");
    expect(parseSystem("ICD10PCS")).toBe("ICD10PCS");
    expect(parseSystem(undefined)).toBeUndefined();
    expect(() => parseSystem("ICD9")).toThrow(/CPT, HCPCS, ICD10CM, ICD10PCS, MODIFIER/);
  });
  it("format and limit", () => {
    expect(parseFormat("JSON")).toBe("json");
    expect(() => parseFormat("xml")).toThrow(/text or json/);
    expect(parseLimit(undefined)).toBe(10);
    expect(() => parseLimit("0")).toThrow(/1 to 1000/);
  });
});

describe("system of a bare code", () => {
  it("guesses by shape", () => {
    expect(guessSystem("E119")).toBe("ICD10CM");
    expect(guessSystem("J1030")).toBe("HCPCS");
    expect(guessSystem("99213")).toBe("CPT");
    expect(guessSystem("0016070")).toBe("ICD10PCS");
    expect(guessSystem("lt")).toBe("MODIFIER");
  });
  it("prefers a system that knows the code when the shape guess does not", () => {
    const knows = (s: string, code: string) => s === "ICD10CM" && code === "L7451";
    expect(resolveSystem({ knows }, "L7451")).toBe("ICD10CM");
    expect(resolveSystem({ knows }, "J1030")).toBe("HCPCS");
    expect(resolveSystem({ knows }, "L7451", "HCPCS")).toBe("HCPCS");
  });
});

describe("JSON shapes", () => {
  it("lookup: the issue-3 keys first, in order; billable children only for headers", () => {
    const j = lookupJson("l7451", {
      system: "ICD10CM", code: "L74.51", status: "not-billable", title: "Primary focal hyperhidrosis", release: "ICD-10-CM FY2027",
      effective: { from: "2026-10-01", to: "2027-09-30" }, suggestions: ["L74.510", "L74.519"], billableDescendantCount: 2,
    }, null);
    expect(Object.keys(j).slice(0, 11)).toEqual(["query", "system", "code", "status", "description", "release", "effective", "billableChildren", "replacements", "suggestions", "pfs"]);
    expect(j).toMatchObject({ query: "l7451", billableChildren: ["L74.510", "L74.519"], suggestions: [], pfs: {}, effective: { from: "2026-10-01", to: "2027-09-30" } });
    const inv = lookupJson("S62.5X0A", { system: "ICD10CM", code: "S62.5X0A", status: "invalid", title: null, release: null, suggestions: ["S62.501A"] }, null);
    expect(inv).toMatchObject({ status: "invalid", description: null, effective: { from: null, to: null }, billableChildren: [], suggestions: ["S62.501A"] });
  });
  it("search hit: system, code, description, score", () => {
    expect(searchJson({ system: "ICD10CM", code: "L74.510", title: "Primary focal hyperhidrosis, axilla", score: 12.345678 }))
      .toEqual({ system: "ICD10CM", code: "L74.510", description: "Primary focal hyperhidrosis, axilla", score: 12.3457 });
  });
});

describe("coverage of a date", () => {
  const rel = (system: Release["system"], from: string, to: string | null): Release => ({ system, label: `${system} ${from}`, effectiveFrom: from, effectiveTo: to, sourceFile: "x", sha256: "0".repeat(64) });
  const rs = [rel("ICD10CM", "2025-10-01", "2026-09-30"), rel("ICD10CM", "2026-10-01", "2027-09-30"), rel("HCPCS", "2025-10-01", "2025-12-31"), rel("HCPCS", "2027-01-01", "2027-03-31"), rel("PFS", "2027-01-01", null)];
  it("covered, a gap between releases, a gap before the first, not loaded", () => {
    const c = coverageOn(rs, "2026-11-21", ["ICD10CM", "HCPCS", "PFS", "NCCI-PTP"]);
    expect(c).toEqual([
      { system: "ICD10CM", state: "covered", release: "ICD10CM 2026-10-01", gap: null },
      { system: "HCPCS", state: "not-covered", release: "HCPCS 2025-10-01", gap: { from: "2026-01-01", to: "2026-12-31" } },
      { system: "PFS", state: "not-covered", release: "PFS 2027-01-01", gap: { from: null, to: "2026-12-31" } },
      { system: "NCCI-PTP", state: "not-loaded", release: null, gap: null },
    ]);
  });
  it("formats ages", () => {
    expect(formatAge(40_000)).toBe("40 s");
    expect(formatAge(3 * 86_400_000 + 4 * 3_600_000)).toBe("3 d 4 h");
  });
});

describe("download helpers", () => {
  it("rebases a URL onto a mirror origin", () => {
    expect(rebase("https://www.cms.gov/files/zip/rvu26d.zip", "http://127.0.0.1:9/")).toBe("http://127.0.0.1:9/files/zip/rvu26d.zip");
    expect(rebase("https://www.cms.gov/a.zip", undefined)).toBe("https://www.cms.gov/a.zip");
  });
  it("classifies network failures (fetch's TypeError with a cause code)", () => {
    const dns = Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } });
    expect(networkFailureCode(dns)).toBe("ENOTFOUND");
    expect(networkFailureCode(new Error("disk full"))).toBeNull();
  });
  it("recognises official file names", () => {
    expect(officialKind("/d/HCPC2026_OCT_ANWEB_v2.xlsx")).toBe("HCPCS Level II ANWEB");
    expect(officialKind("/d/icd10cm/fy2027-delta/added.csv")).toBe("ICD-10-CM change list");
    expect(officialKind("/d/added.csv")).toBeNull();
    expect(officialKind("/d/MCR_MUE_PractitionerServices_Eff_10-01-2026.csv")).toBe("NCCI MUE practitioner values");
    expect(officialKind("/d/README.txt")).toBeNull();
  });
});

// Catalogue built from the official files in CASEDESK_DATA_DIR (default /work/shared/data); skipped when
// the folder is absent. One import per run (≈7 s), then lookups against the acceptance cases of issue 3.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalogue } from "../../../src/adapters/catalogue/import.js";
import { loadCatalogue } from "../../../src/adapters/catalogue/snapshot-store.js";
import type { SnapshotCatalogue } from "../../../src/domain/catalogue/catalogue.js";

const DATA = process.env.CASEDESK_DATA_DIR ?? "/work/shared/data";
const FY26 = "2026-03-15";

describe.skipIf(!existsSync(DATA))("catalogue on the official files", () => {
  let dir: string;
  let c: SnapshotCatalogue;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "casedesk-cat-"));
    await importCatalogue({ dataDir: DATA, outDir: dir });
    c = await loadCatalogue(dir);
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("records one release per file with sha256", () => {
    const labels = c.releases().map((r) => r.label);
    expect(labels).toEqual(expect.arrayContaining(["ICD-10-CM FY2026", "ICD-10-CM FY2027", "ICD-10-PCS FY2026", "HCPCS Level II 2025-10"]));
    const fy26 = c.releases().find((r) => r.label === "ICD-10-CM FY2026")!;
    expect(fy26).toMatchObject({ effectiveFrom: "2025-10-01", effectiveTo: "2026-09-30" });
    expect(fy26.sourceFile).toContain("icd10cm_order_2026.txt");
    expect(fy26.sha256).toBe("55a9124a27ca78a4a5c41e1101eda064ec2e08d105ff9e78d1fbd1a83298ef11");
  });

  it("L74.510 is active (primary focal hyperhidrosis, axilla), in any written form", () => {
    for (const q of ["L74.510", "L74510", "l74.510", " l74510 "]) {
      const r = c.lookup("ICD10CM", q, FY26);
      expect(r).toMatchObject({ code: "L74.510", status: "active", title: "Primary focal hyperhidrosis, axilla", release: "ICD-10-CM FY2026" });
    }
  });

  it("L74.51 is a not-billable header with L74.510–L74.519 as children", () => {
    const r = c.lookup("ICD10CM", "L74.51", FY26);
    expect(r.status).toBe("not-billable");
    expect(r.suggestions).toEqual(["L74.510", "L74.511", "L74.512", "L74.513", "L74.519"]);
    expect(r.hierarchy?.ancestors.map((a) => a.code)).toEqual(["L74", "L74.5"]);
    expect(r.hierarchy?.chapter?.range).toBe("L00-L99");
  });

  it("A00 is a header; E119 → E11.9 active", () => {
    expect(c.lookup("ICD10CM", "A00", FY26)).toMatchObject({ status: "not-billable", suggestions: ["A00.0", "A00.1", "A00.9"] });
    expect(c.lookup("ICD10CM", "E119", FY26)).toMatchObject({ code: "E11.9", status: "active" });
  });

  it("S72.001 needs a 7th character; S72.0 needs more than that", () => {
    const r = c.lookup("ICD10CM", "S72.001", FY26);
    expect(r).toMatchObject({ status: "not-billable", needs7thCharacter: true });
    expect(r.suggestions).toContain("S72.001A");
    expect(c.lookup("ICD10CM", "S72.0", FY26).needs7thCharacter).toBe(false);
  });

  it("a code deleted for FY2027 is active in September 2026 and deleted in October 2026", () => {
    expect(c.lookup("ICD10CM", "S23.420A", "2026-09-30").status).toBe("active");
    const r = c.lookup("ICD10CM", "S23.420A", "2026-10-01");
    expect(r).toMatchObject({ status: "deleted", endDate: "2026-09-30", release: "ICD-10-CM FY2027" });
  });

  it("a code added for FY2027 is not valid before October 2026", () => {
    expect(c.lookup("ICD10CM", "C78.31", "2026-10-01").status).toBe("active");
    expect(c.lookup("ICD10CM", "C78.31", "2026-09-30")).toMatchObject({ status: "invalid", effective: { from: "2026-10-01" } });
  });

  it("billable-to-header change for FY2027 (D69.1)", () => {
    expect(c.lookup("ICD10CM", "D69.1", "2026-09-01").status).toBe("active");
    expect(c.lookup("ICD10CM", "D69.1", "2026-11-01").status).toBe("not-billable");
  });

  it("S62.5X0A is invalid with near-miss suggestions", () => {
    const r = c.lookup("ICD10CM", "S62.5X0A", FY26);
    expect(r.status).toBe("invalid");
    expect(r.suggestions!.length).toBeGreaterThan(0);
    expect(r.suggestions!.every((s) => s.startsWith("S62.5"))).toBe(true);
  });

  it("placeholder X: T36.01A → T36.0X1A", () => {
    expect(c.lookup("ICD10CM", "T36.01A", FY26)).toMatchObject({ status: "invalid", suggestions: ["T36.0X1A"] });
  });

  it("J11.00 (ICD-10-CM) vs J1100 (HCPCS Level II)", () => {
    expect(c.lookup("ICD10CM", "J11.00", FY26).status).toBe("active");
    expect(c.lookup("HCPCS", "J1100", "2025-11-01")).toMatchObject({ status: "active", title: expect.stringMatching(/dexamethasone/i) });
    expect(c.knows("HCPCS", "J1100")).toBe(true);
    expect(c.knows("ICD10CM", "J1100")).toBe(true);
    expect(c.knows("ICD10CM", "J11.00")).toBe(true);
    expect(c.knows("HCPCS", "J11.00")).toBe(false);
  });

  it("J1030 is terminated with its TERM DT", () => {
    expect(c.lookup("HCPCS", "J1030", "2025-11-01")).toMatchObject({ status: "terminated", endDate: "2024-03-31" });
  });

  it("HCPCS Level II code added 2025-10-01 is not valid before its ADD DT", () => {
    expect(c.lookup("HCPCS", "J0738", "2025-10-02").status).toBe("active");
    expect(c.lookup("HCPCS", "J0738", "2025-09-30").status).toBe("invalid");
  });

  it("modifiers: numeric CPT (own text) and HCPCS Level II", () => {
    expect(c.lookup("MODIFIER", "59", FY26)).toMatchObject({ status: "active", title: expect.stringMatching(/distinct/i) });
    expect(c.lookup("MODIFIER", "lt", FY26)).toMatchObject({ code: "LT", status: "active" });
    expect(c.lookup("MODIFIER", "ZZ", FY26).status).not.toBe("active");
  });

  it("CPT without a licensee file: well-formed → unknown, malformed → invalid", () => {
    expect(c.lookup("CPT", "32664", FY26).status).toBe("unknown");
    expect(c.lookup("CPT", "3266", FY26).status).toBe("invalid");
    expect(c.knows("CPT", "32664")).toBe(true); // listed in the PFS file
    expect(c.knows("CPT", "32602")).toBe(false);
  });

  it("PFS indicators for 32664 (CY2024 file, flagged as not covering 2026)", () => {
    expect(c.pfs("32664", FY26)).toMatchObject({ statusCode: "A", globalDays: "090", bilateralSurgery: "1", coversDate: false });
    expect(c.pfs("32602", FY26)).toBeNull();
  });

  it("ICD-10-PCS lookup", () => {
    expect(c.lookup("ICD10PCS", "0016070", FY26)).toMatchObject({ status: "active", title: expect.stringMatching(/^Bypass Cerebral Ventricle/) });
    expect(c.lookup("ICD10PCS", "001", FY26).status).toBe("invalid");
  });

  it("search finds L74.510 for a lay phrasing", () => {
    const hits = c.search("primary focal hyperhidrosis armpit", { limit: 5 });
    expect(hits.slice(0, 3).map((h) => h.code)).toContain("L74.510");
    const sweaty = c.search("excessive sweating armpit", { system: "ICD10CM", limit: 10 });
    expect(sweaty.map((h) => h.code)).toContain("L74.510");
  }, 30_000);
});

// The whole import → snapshot → lookup path on the synthetic fixtures (test/fixtures/catalogue, see its
// README): every importer, including NCCI PTP / MUE and the licensee CPT file, which have no real file here.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync, strToU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalogue } from "../../../src/adapters/catalogue/import.js";
import { loadCatalogue } from "../../../src/adapters/catalogue/snapshot-store.js";
import type { SnapshotCatalogue } from "../../../src/domain/catalogue/catalogue.js";

const FIX = join(import.meta.dirname, "../../fixtures/catalogue");

describe("catalogue import on synthetic fixtures", () => {
  let work: string;
  let c: SnapshotCatalogue;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "casedesk-catfix-"));
    const data = join(work, "data");
    await cp(join(FIX, "data"), data, { recursive: true });
    // the ICD-10-CM order file travels in its CMS zip, as in the real download
    const order = await readFile(join(data, "icd10cm_order_2026.txt"));
    await rm(join(data, "icd10cm_order_2026.txt"));
    await writeFile(join(data, "2026-code-descriptions-tabular-order.zip"), zipSync({ "icd10cm_order_2026.txt": new Uint8Array(order), "readme.txt": strToU8("x") }));
    await importCatalogue({ dataDir: data, outDir: join(work, "out"), cptFile: join(FIX, "cpt-licensee-synthetic.txt") });
    c = await loadCatalogue(join(work, "out"));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("makes one release per file, FY2027 from FY2026 + delta", () => {
    const r = c.releases();
    expect(r.map((x) => x.label)).toEqual(expect.arrayContaining([
      "ICD-10-CM FY2026", "ICD-10-CM FY2027 (FY2026 + delta)", "ICD-10-PCS FY2026", "HCPCS Level II 2025-10",
      "PFS PPRRVU 2025-10", "NCCI PTP practitioner 2025-10", "NCCI MUE practitioner 2025-10",
    ]));
    expect(r.find((x) => x.system === "NCCI-PTP")).toMatchObject({ effectiveFrom: "2025-10-01", effectiveTo: "2025-12-31" });
    for (const x of r) expect(x.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.find((x) => x.label === "ICD-10-CM FY2026")!.sourceFile).toBe("2026-code-descriptions-tabular-order.zip!icd10cm_order_2026.txt");
  });

  it("applies deletions, additions, revisions and billable-status changes by date of service", () => {
    expect(c.lookup("ICD10CM", "S23.420A", "2026-09-30").status).toBe("active");
    expect(c.lookup("ICD10CM", "S23.420A", "2026-10-01")).toMatchObject({ status: "deleted", endDate: "2026-09-30" });
    expect(c.lookup("ICD10CM", "C78.31", "2026-09-30").status).toBe("invalid");
    expect(c.lookup("ICD10CM", "C78.31", "2026-10-01").status).toBe("active");
    expect(c.lookup("ICD10CM", "L74.511", "2026-09-30").title).toBe("Primary focal hyperhidrosis, face");
    expect(c.lookup("ICD10CM", "L74.511", "2026-10-01").title).toBe("Primary focal hyperhidrosis, face (synthetic revision)");
    expect(c.lookup("ICD10CM", "A00.9", "2026-09-30").status).toBe("active");
    expect(c.lookup("ICD10CM", "A00.9", "2026-10-01")).toMatchObject({ status: "not-billable", suggestions: ["A00.90"] });
  });

  it("falls back to the nearest release outside the loaded years and says so", () => {
    const r = c.lookup("ICD10CM", "E11.9", "2024-05-01");
    expect(r).toMatchObject({ status: "active", release: "ICD-10-CM FY2026", coversDate: false });
    expect(r.note).toMatch(/no loaded release covers 2024-05-01/);
  });

  it("7th character, placeholder X and headers", () => {
    expect(c.lookup("ICD10CM", "S72.001", "2026-01-01")).toMatchObject({ needs7thCharacter: true, suggestions: ["S72.001A", "S72.001D"] });
    expect(c.lookup("ICD10CM", "T36.01A", "2026-01-01")).toMatchObject({ status: "invalid", suggestions: ["T36.0X1A"] });
    expect(c.lookup("ICD10CM", "T36.0X1", "2026-01-01").needs7thCharacter).toBe(true);
    expect(c.lookup("ICD10CM", "E11.8", "2026-01-01")).toMatchObject({ status: "invalid", suggestions: expect.arrayContaining(["E11.9"]) });
    expect(c.lookup("ICD10CM", "E1!9", "2026-01-01").status).toBe("invalid");
  });

  it("HCPCS Level II dates: ADD DT, TERM DT, modifiers", () => {
    expect(c.lookup("HCPCS", "j1030", "2024-03-31").status).toBe("active");
    expect(c.lookup("HCPCS", "J1030", "2024-04-01")).toMatchObject({ status: "terminated", endDate: "2024-03-31" });
    expect(c.lookup("HCPCS", "J0738", "2025-09-30").status).toBe("invalid");
    expect(c.lookup("HCPCS", "J1100", "2025-11-01")).toMatchObject({ status: "active", hcpcs: { coverage: "D", pricing: "51", betos: "O1E" } });
    expect(c.lookup("HCPCS", "J11.00", "2025-11-01").status).toBe("invalid");
    expect(c.lookup("MODIFIER", "LT", "2025-11-01")).toMatchObject({ status: "active", release: "HCPCS Level II 2025-10" });
    expect(c.lookup("MODIFIER", "50", "2025-11-01")).toMatchObject({ status: "active", title: expect.stringMatching(/both sides/) });
  });

  it("CPT from the licensee file: listed → active, absent → invalid", () => {
    expect(c.lookup("CPT", "32664", "2025-11-01")).toMatchObject({ status: "active", title: "Synthetic CPT descriptor one (not AMA text)" });
    expect(c.lookup("CPT", "0001F", "2025-11-01").status).toBe("active");
    expect(c.lookup("CPT", "32665", "2025-11-01")).toMatchObject({ status: "invalid", suggestions: expect.arrayContaining(["32664"]) });
    expect(c.knows("CPT", "99213")).toBe(true);
  });

  it("PFS indicators with modifier rows and the coverage flag", () => {
    expect(c.pfs("32664", "2025-11-01")).toMatchObject({ statusCode: "A", globalDays: "090", multipleProcedure: "2", bilateralSurgery: "1", assistantSurgeon: "2", coSurgeon: "1", teamSurgeon: "0", coversDate: true });
    expect(c.pfs("71045", "2025-11-01", "26")).toMatchObject({ modifier: "26", pcTc: "1" });
    expect(c.pfs("71045", "2025-11-01")).toMatchObject({ modifier: null });
    expect(c.pfs("71045", "2026-02-01")!.coversDate).toBe(false);
    expect(c.pfs("99999", "2025-11-01")).toBeNull();
  });

  it("NCCI PTP edits either way round, by effective and deletion date", () => {
    const e = c.ptpEdits("32601", "32664", "2025-11-01");
    expect(e).toEqual([expect.objectContaining({ column1: "32664", column2: "32601", modifierIndicator: "1", priorTo1996: false, deletionDate: null, rationale: "Standards of medical / surgical practice" })]);
    expect(c.ptpEdits("32664", "36000", "2025-11-01")[0]!.priorTo1996).toBe(true);
    expect(c.ptpEdits("32664", "64804", "2023-12-31")[0]!.modifierIndicator).toBe("0");
    expect(c.ptpEdits("32664", "64804", "2024-01-01")).toEqual([]);
    expect(c.ptpEdits("99213", "36415", "2024-12-31")).toEqual([]);
  });

  it("NCCI MUE values with MAI", () => {
    expect(c.mue("32664", "2025-11-01")).toMatchObject({ value: 1, mai: 2, rationale: "Anatomic Consideration" });
    expect(c.mue("71045", "2025-11-01")).toMatchObject({ value: 4, mai: 1 });
    expect(c.mue("00000", "2025-11-01")).toBeNull();
  });

  it("search ranks the lay phrasing", () => {
    expect(c.search("primary focal hyperhidrosis armpit", { limit: 3 })[0]!.code).toBe("L74.510");
    expect(c.search("dexamethasone", { system: "HCPCS" })[0]!.code).toBe("J1100");
    expect(c.search("bypass ventricle", { system: "ICD10PCS" })[0]!.code).toBe("0016070");
  });

  it("loadCatalogue explains how to build a missing snapshot", async () => {
    await expect(loadCatalogue(join(work, "nothing-here"))).rejects.toThrow(/casedesk catalogue import --from DIR/);
  });
});

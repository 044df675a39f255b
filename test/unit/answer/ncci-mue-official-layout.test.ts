// NCCI PTP and MUE findings on catalogue files in the official CMS layouts: the synthetic PTP practitioner
// file (ccipra-v313r0-f1.txt) and MUE practitioner CSV of test/fixtures/catalogue are imported with
// importCatalogue, loaded with loadCatalogue, and the .eml questions of test/fixtures/answer go through the
// real consultation path (mailparser → segmentation → extraction → answerCase → Handlebars reply).
// A synthetic licensee CPT file (invented descriptors) makes the CPT codes known, as in a licensed install.
// Golden replies are re-recorded with UPDATE_GOLDEN=1, like replies.golden.test.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalogue } from "../../../src/adapters/catalogue/import.js";
import { loadCatalogue } from "../../../src/adapters/catalogue/snapshot-store.js";
import { createMailParser } from "../../../src/adapters/mail/mail-parser.js";
import { createReplyRenderer } from "../../../src/adapters/render/reply-renderer.js";
import { consult } from "../../../src/app/analyse.js";
import type { Finding } from "../../../src/domain/answer/types.js";
import type { Catalogue } from "../../../src/domain/catalogue/types.js";

const FIX = join(import.meta.dirname, "..", "..", "fixtures");
const GOLDEN = join(import.meta.dirname, "..", "..", "golden", "replies");
const update = process.env.UPDATE_GOLDEN === "1";

const PTP_SOURCE = "CMS NCCI procedure-to-procedure (PTP) edits, practitioner file; NCCI Policy Manual for Medicare Services, Chapter I, Section E (modifiers)";
const MUE_SOURCE = "CMS NCCI medically unlikely edits (MUE), practitioner services file; NCCI Policy Manual for Medicare Services, Chapter I, Section V (medically unlikely edits)";
const PTP_RELEASE = "NCCI PTP practitioner 2025-10";
const MUE_RELEASE = "NCCI MUE practitioner 2025-10";

function golden(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (update || !existsSync(path)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    if (!update) throw new Error(`golden file ${file} was missing and has been written; review it and re-run`);
    return;
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}

const ncci = (findings: Finding[]) => findings.filter((f) => f.code.startsWith("NCCI_") || f.code.startsWith("MUE_"));

describe("NCCI PTP and MUE findings on the official file layouts (synthetic fixtures)", () => {
  let work: string;
  let catalogue: Catalogue;
  const renderer = createReplyRenderer();
  const ask = async (name: string, caseReference = "CD-2025-000500") => {
    const raw = await readFile(join(FIX, "answer", `${name}.eml`));
    return consult({ parser: createMailParser(), catalogue, renderer }, raw, { caseReference, receivedAt: null });
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "casedesk-ncci-layout-"));
    await cp(join(FIX, "catalogue", "data"), join(work, "data"), { recursive: true });
    await importCatalogue({ dataDir: join(work, "data"), outDir: join(work, "out"), cptFile: join(FIX, "answer", "cpt-licensee-ncci.txt") });
    catalogue = await loadCatalogue(join(work, "out"));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("imports the PTP and MUE files as releases of their quarter, with file and checksum", () => {
    const ptp = catalogue.releases().find((r) => r.system === "NCCI-PTP")!;
    const mue = catalogue.releases().find((r) => r.system === "NCCI-MUE")!;
    expect(ptp).toMatchObject({ label: PTP_RELEASE, effectiveFrom: "2025-10-01", effectiveTo: "2025-12-31", sourceFile: "ccipra-v313r0-f1.txt" });
    expect(mue).toMatchObject({ label: MUE_RELEASE, effectiveFrom: "2025-10-01", effectiveTo: "2025-12-31", sourceFile: "MCR_MUE_PractitionerServices_Eff_2025-10-01.csv" });
    expect(ptp.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("modifier indicator 1: column 1 / column 2, dates, rationale and the modifiers that may bypass it", async () => {
    const r = await ask("ptp-modifier-1");
    expect(r.answer.dateOfService).toBe("2025-11-03");
    const f = r.answer.findings.find((x) => x.code === "NCCI_PTP")!;
    expect(f).toEqual({
      code: "NCCI_PTP", severity: "warning", subject: ["32664", "32601"], source: PTP_SOURCE, release: PTP_RELEASE,
      message: "NCCI PTP edit: 32664 is column 1 and 32601 is column 2 (effective 2010-01-01, no deletion date; rationale: " +
        "Standards of medical / surgical practice). Modifier indicator 1: 32601 is bundled into 32664 unless the services are distinct. " +
        "If the record documents a separate encounter, structure, practitioner or non-overlapping service, append XE, XS, XP or XU " +
        "(or 59 when none fits) to 32601; anatomic modifiers (RT/LT, F/T, E1-E4) also bypass when the sites differ. Otherwise report 32664 only.",
    });
    // 36000-59: the written modifier bypasses the pre-1996 edit, if the record documents a distinct service
    const b = r.answer.findings.find((x) => x.code === "NCCI_PTP_BYPASSED")!;
    expect(b).toMatchObject({ severity: "warning", subject: ["32664", "36000"], source: PTP_SOURCE, release: PTP_RELEASE });
    expect(b.message).toMatch(/^NCCI PTP edit: 32664 is column 1 and 36000 is column 2 \(in effect since before 1996 \(effective 1996-01-01\), no deletion date;/);
    expect(b.message).toMatch(/and 59 is written\. The bypass is correct only if the medical record documents 59: a distinct procedural service/);
    expect(ncci(r.answer.findings).map((x) => x.code)).toEqual(["NCCI_PTP", "NCCI_PTP_BYPASSED"]); // no edit 32601/36000
    expect(r.answer.route).toBe("review");
    golden("ncci-official-ptp.txt", r.rendered.text);
  });

  it("a date of service after the PTP file's quarter: the edit is shown, with a sentence saying the file does not cover it", async () => {
    const raw = (await readFile(join(FIX, "answer", "ptp-modifier-1.eml"), "utf8")).replace("DOS 11/03/2025", "DOS 02/10/2026");
    const r = await consult({ parser: createMailParser(), catalogue, renderer }, Buffer.from(raw), { caseReference: "CD-2026-000502", receivedAt: null });
    expect(r.answer.dateOfService).toBe("2026-02-10");
    const f = r.answer.findings.find((x) => x.code === "NCCI_PTP")!;
    expect(f.message).toMatch(/^NCCI PTP edit: 32664 is column 1 and 32601 is column 2/);
    expect(f.message).toMatch(/The loaded file \(NCCI PTP practitioner 2025-10, 2025-10-01 to 2025-12-31\) does not cover the date of service 2026-02-10; PTP edits change every quarter/);
  });

  it("modifier indicator 0 before the deletion date: an error, and the 59 written does not bypass it", async () => {
    const r = await ask("ptp-modifier-0");
    expect(r.answer.dateOfService).toBe("2023-06-15");
    expect(ncci(r.answer.findings)).toEqual([{
      code: "NCCI_PTP", severity: "error", subject: ["32664", "64804"], source: PTP_SOURCE, release: PTP_RELEASE,
      message: "NCCI PTP edit: 32664 is column 1 and 64804 is column 2 (effective 2020-01-01, deleted 2023-12-31; rationale: " +
        "Mutually exclusive procedures). Modifier indicator 0: no modifier bypasses this edit (the 59 written does not), so 64804 " +
        "is not paid when reported with 32664 for the same patient, same provider and same date of service; report 32664 only.",
    }]);
  });

  it("an edit deleted before the date of service gives no finding; effective and deletion dates are inclusive", async () => {
    const r = await ask("ptp-deleted-before-dos");
    expect(r.answer.dateOfService).toBe("2025-11-04");
    expect(r.answer.mentions.map((m) => m.code)).toEqual(["32664", "64804"]);
    expect(ncci(r.answer.findings)).toEqual([]);
    expect(catalogue.ptpEdits("64804", "32664", "2023-12-31").map((e) => e.modifierIndicator)).toEqual(["0"]);
    expect(catalogue.ptpEdits("64804", "32664", "2024-01-01")).toEqual([]);
    expect(catalogue.ptpEdits("32601", "32664", "2010-01-01")).toHaveLength(1);
    expect(catalogue.ptpEdits("32601", "32664", "2009-12-31")).toEqual([]);
  });

  it("modifier indicator 9 (not applicable) gives no finding", async () => {
    const r = await ask("ptp-modifier-9");
    expect(r.answer.mentions.map((m) => m.code)).toEqual(["99213", "36415"]);
    expect(catalogue.ptpEdits("99213", "36415", r.answer.dateOfService)[0]!.modifierIndicator).toBe("9");
    expect(ncci(r.answer.findings)).toEqual([]);
  });

  it("the same anatomic modifier on both codes is the same site and does not bypass the edit", async () => {
    const r = await ask("ptp-same-side");
    const f = ncci(r.answer.findings);
    expect(f.map((x) => x.code)).toEqual(["NCCI_PTP"]);
    expect(f[0]!.message).toContain("Modifier indicator 1: 32601 is bundled into 32664 unless the services are distinct. " +
      "LT is written on both 32664 and 32601: the same site does not bypass the edit.");
  });

  it("MUE: value and MAI against the units written (MAI 2 and 3 per date of service, MAI 1 per claim line)", async () => {
    const r = await ask("mue-units", "CD-2025-000501");
    expect(r.answer.dateOfService).toBe("2025-11-05");
    const mue = ncci(r.answer.findings);
    expect(mue.map((x) => [x.code, x.severity, x.subject[0]])).toEqual([
      ["MUE_EXCEEDED", "error", "32664"], ["MUE_EXCEEDED", "warning", "J1100"], ["MUE_WITHIN", "info", "71045"],
    ]);
    for (const x of mue) expect(x).toMatchObject({ source: MUE_SOURCE, release: MUE_RELEASE });
    expect(mue[0]!.message).toBe("32664: 2 units on the date of service exceeds the MUE of 1. MAI 2 (date of service edit, policy): " +
      "an absolute limit per date of service; units above it are not paid, even on appeal.");
    expect(mue[1]!.message).toBe("J1100: 120 units on the date of service exceeds the MUE of 100. MAI 3 (date of service edit, clinical): " +
      "a limit per date of service; units above it may be paid on appeal with documentation of medical necessity.");
    // 71045 x 3 and 71045-76 x 2: 5 in all, but MAI 1 compares each line with the MUE of 4
    expect(mue[2]!.message).toBe("71045: 3 units on one claim line is within the MUE of 4 (MAI 1 (claim line edit): the limit applies to each claim line).");
    golden("ncci-official-mue.txt", r.rendered.text);
  });

  it("MUE MAI 1: units above the value on one claim line", async () => {
    const r = await ask("mue-line-edit");
    expect(ncci(r.answer.findings)).toEqual([expect.objectContaining({
      code: "MUE_EXCEEDED", severity: "error", subject: ["71045"], release: MUE_RELEASE,
      message: expect.stringMatching(/^71045: 5 units on one claim line exceeds the MUE of 4\. MAI 1 \(claim line edit\)/),
    })]);
  });

  it("MUE from a file whose quarter does not cover the date of service: said in the message, and not a mere note", async () => {
    const r = await ask("mue-after-quarter");
    expect(r.answer.dateOfService).toBe("2026-03-02");
    const f = ncci(r.answer.findings);
    expect(f.map((x) => [x.code, x.severity])).toEqual([["MUE_WITHIN", "warning"]]);
    expect(f[0]!.message).toContain("The loaded file (NCCI MUE practitioner 2025-10, 2025-10-01 to 2025-12-31) does not cover the date of service 2026-03-02");
    expect(r.answer.route).toBe("review");
  });
});

describe("NCCI files vouch for CPT codes when no licensed CPT file is imported", () => {
  let work: string;
  let catalogue: Catalogue;
  const renderer = createReplyRenderer();

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "casedesk-ncci-unlicensed-"));
    await cp(join(FIX, "catalogue", "data"), join(work, "data"), { recursive: true });
    await importCatalogue({ dataDir: join(work, "data"), outDir: join(work, "out") }); // no cptFile
    catalogue = await loadCatalogue(join(work, "out"));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("a CPT code absent from the PFS file but in the PTP file is listed by CMS, and its edits are checked", async () => {
    const raw = await readFile(join(FIX, "answer", "ptp-modifier-1.eml"));
    const r = await consult({ parser: createMailParser(), catalogue, renderer }, raw, { caseReference: "CD-2025-000510", receivedAt: null });
    // 32664 is in the PFS fixture; 32601 and 36000 only in the PTP file (32601 from 2010, 36000 from before 1996)
    expect(catalogue.pfs("32601", "2025-11-03")).toBeNull();
    expect(r.answer.mentions.map((m) => [m.code, m.status])).toEqual([["32664", "unlicensed"], ["32601", "unlicensed"], ["36000", "unlicensed"]]);
    expect(ncci(r.answer.findings).map((x) => [x.code, x.subject])).toEqual([["NCCI_PTP", ["32664", "32601"]], ["NCCI_PTP_BYPASSED", ["32664", "36000"]]]);
    expect(r.answer.findings.filter((x) => x.code === "CODE_UNVERIFIED")).toEqual([]);
    expect(r.rendered.text).toMatch(/32601\s.*valid \(CMS list\)/);
  });

  it("outside the span of its PTP edits and without an MUE row, a CPT code stays unverified", async () => {
    // 64804's only edit in the fixture ended 2023-12-31
    expect(catalogue.ncciLists("64804", "2023-12-31")).toBe(true);
    expect(catalogue.ncciLists("64804", "2024-01-01")).toBe(false);
    expect(catalogue.ncciLists("32601", "2009-12-31")).toBe(false);
    expect(catalogue.ncciLists("J1100", "2025-11-01")).toBe(true); // MUE row, no PTP edit
    const raw = await readFile(join(FIX, "answer", "ptp-deleted-before-dos.eml"));
    const r = await consult({ parser: createMailParser(), catalogue, renderer }, raw, { caseReference: "CD-2025-000511", receivedAt: null });
    const f = r.answer.findings.find((x) => x.code === "CODE_UNVERIFIED")!;
    expect(f.subject).toEqual(["64804"]);
    expect(f.message).toBe("64804 could not be verified: no licensed CPT file is imported and the code is in neither the CMS Physician Fee Schedule " +
      "file nor the NCCI PTP/MUE files for 2025-11-04. A consultant will confirm it.");
    expect(r.answer.route).toBe("review");
  });
});

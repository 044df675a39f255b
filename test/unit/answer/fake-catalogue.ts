// In-memory Catalogue built from fixture rows copied from the public files (ICD-10-CM FY2027 derived
// list, HCPCS Level II 2025-10, PPRRVU CY2024): pure logic under test, no files read.
import type { Catalogue, CodeLookup, MueValue, PfsIndicators, PtpEdit, Release } from "../../../src/domain/catalogue/types.js";
import type { CodeMention, CodeSystem, MentionLocation, Segment } from "../../../src/domain/codes/types.js";

export type LookupRow = Omit<CodeLookup, "release"> & { release?: string | null };

export interface FakeRows {
  codes: LookupRow[];
  pfs?: Array<Omit<PfsIndicators, "release" | "modifier" | "statusCode" | "coSurgeon" | "teamSurgeon"> & Partial<PfsIndicators>>;
  ptp?: PtpEdit[];
  mue?: MueValue[];
}

const DEFAULT_RELEASE: Record<CodeSystem, string | null> = {
  ICD10CM: "ICD-10-CM FY2027",
  ICD10PCS: "ICD-10-PCS FY2026",
  HCPCS: "HCPCS Level II 2025-10",
  CPT: null,
  MODIFIER: "HCPCS Level II 2025-10",
};

export function fakeCatalogue(rows: FakeRows): Catalogue {
  const key = (system: string, code: string) => `${system}|${code.toUpperCase().replace(".", "")}`;
  const codes = new Map(rows.codes.map((r) => [key(r.system, r.code), r]));
  const pfs = new Map(
    (rows.pfs ?? []).map((p) => [p.code, {
      modifier: null, statusCode: "A", coSurgeon: "0", teamSurgeon: "0", release: "PFS PPRRVU 2024-07", ...p,
    } as PfsIndicators]),
  );
  return {
    lookup(system, code) {
      const row = codes.get(key(system, code));
      if (row) return { ...row, release: row.release === undefined ? DEFAULT_RELEASE[system] : row.release };
      return { system, code: code.toUpperCase(), status: "unknown", title: null, release: DEFAULT_RELEASE[system] };
    },
    knows: (system, code) => codes.has(key(system, code)),
    search: () => [],
    releases: (): Release[] => [],
    pfs: (code) => pfs.get(code) ?? null,
    ptpEdits: (a, b) => (rows.ptp ?? []).filter((e) => (e.column1 === a && e.column2 === b) || (e.column1 === b && e.column2 === a)),
    mue: (code) => (rows.mue ?? []).find((m) => m.code === code) ?? null,
    ncciLists: (code) => (rows.mue ?? []).some((m) => m.code === code) || (rows.ptp ?? []).some((e) => e.column1 === code || e.column2 === code),
  };
}

/** A mention of `text` (first occurrence) in segment `segment`. */
export function mentionOf(
  segments: Segment[],
  segment: number,
  text: string,
  m: { system: CodeSystem; code: string; modifiers?: string[]; units?: number | null; confidence?: number },
): CodeMention {
  const seg = segments[segment];
  if (!seg) throw new Error(`no segment ${segment}`);
  const start = seg.text.indexOf(text);
  if (start < 0) throw new Error(`"${text}" not in segment ${segment}`);
  return {
    system: m.system,
    code: m.code,
    modifiers: m.modifiers ?? [],
    units: m.units ?? null,
    location: seg.location as MentionLocation,
    segment,
    start,
    end: start + text.length,
    text,
    confidence: m.confidence ?? 0.95,
  };
}

/** Rows copied from the public files in /work/shared/data (see each SOURCE.txt). */
export const ROWS: FakeRows = {
  codes: [
    { system: "ICD10CM", code: "J90", status: "active", title: "Pleural effusion, not elsewhere classified" },
    { system: "ICD10CM", code: "E11.9", status: "active", title: "Type 2 diabetes mellitus without complications" },
    { system: "ICD10CM", code: "L74.510", status: "active", title: "Primary focal hyperhidrosis, axilla" },
    { system: "ICD10CM", code: "R07.9", status: "active", title: "Chest pain, unspecified" },
    {
      system: "ICD10CM", code: "I42.0", status: "not-billable", title: "Dilated cardiomyopathy",
      suggestions: ["I42.00", "I42.01", "I42.09"],
    },
    {
      system: "ICD10CM", code: "E11.6", status: "not-billable", title: "Type 2 diabetes mellitus with other specified complications",
      suggestions: ["E11.610", "E11.618", "E11.620", "E11.621", "E11.622", "E11.628", "E11.630", "E11.638", "E11.641", "E11.649", "E11.65", "E11.69"],
    },
    {
      system: "ICD10CM", code: "S52.5", status: "not-billable", title: "Fracture of lower end of radius", needs7thCharacter: true,
    },
    {
      system: "ICD10CM", code: "S23.420A", status: "deleted", title: "Sprain of sternoclavicular (joint) (ligament), initial encounter",
      endDate: "2026-09-30", release: "ICD-10-CM FY2027",
    },
    { system: "ICD10CM", code: "J18.10", status: "invalid", title: null, suggestions: ["J18.1", "J18.0", "J18.9"] },
    {
      system: "HCPCS", code: "G0120", status: "terminated", title: "Colorectal cancer screening; alternative to g0105, screening colonoscopy, barium enema.",
      endDate: "2024-12-31",
    },
    { system: "HCPCS", code: "J1100", status: "active", title: "Injection, dexamethasone sodium phosphate, 1 mg" },
    { system: "HCPCS", code: "J0738", status: "active", title: "Injection, lenacapavir, 1 mg, fda approved prescription, only for use as hiv pre-exposure prophylaxis (not for use as treatment for hiv)" },
    { system: "ICD10PCS", code: "0BJ08ZZ", status: "active", title: "Inspection of Tracheobronchial Tree, Via Natural or Artificial Opening Endoscopic" },
    { system: "MODIFIER", code: "RT", status: "active", title: "Right side (used to identify procedures performed on the right side of the body)" },
    { system: "MODIFIER", code: "LT", status: "active", title: "Left side (used to identify procedures performed on the left side of the body)" },
    { system: "MODIFIER", code: "XS", status: "active", title: "Separate structure, a service that is distinct because it was performed on a separate organ/structure" },
    // numeric CPT modifiers: casedesk's own plain descriptions (src/domain/catalogue/cpt-modifiers.ts)
    ...["24", "25", "50", "51", "57", "59", "79", "80"].map((code) => ({
      system: "MODIFIER" as const, code, status: "active" as const, title: `CPT modifier ${code}`, release: "CPT modifiers (casedesk plain descriptions)",
    })),
    { system: "MODIFIER", code: "ZZ", status: "invalid", title: null, suggestions: ["ZA", "ZB", "ZC"] },
  ],
  // NCCI rows in the practitioner-file shape. FIXTURE VALUES for the rules under test, not copied from a
  // CMS file (no NCCI file is available here).
  ptp: [
    { column1: "32663", column2: "32601", priorTo1996: false, effectiveDate: "2012-01-01", deletionDate: null, modifierIndicator: "0", rationale: "Standards of medical / surgical practice", release: "NCCI PTP fixture" },
    { column1: "20610", column2: "99213", priorTo1996: false, effectiveDate: "2021-01-01", deletionDate: null, modifierIndicator: "1", rationale: "CPT Manual or CMS manual coding instructions", release: "NCCI PTP fixture" },
    { column1: "64804", column2: "11102", priorTo1996: false, effectiveDate: "2019-01-01", deletionDate: null, modifierIndicator: "1", rationale: "Misuse of column two code with column one code", release: "NCCI PTP fixture" },
  ],
  mue: [
    { code: "20610", value: 2, mai: 2, rationale: "Anatomic consideration", release: "NCCI MUE fixture" },
    { code: "64804", value: 1, mai: 2, rationale: "Anatomic consideration", release: "NCCI MUE fixture" },
    { code: "11102", value: 1, mai: 2, rationale: "CMS policy", release: "NCCI MUE fixture" },
    { code: "J1100", value: 120, mai: 3, rationale: "Clinical data", release: "NCCI MUE fixture" },
  ],
  pfs: [
    // PPRRVU CY2024 July (rvu24c_jul): glob_days, mult_proc, bilat_surg, asst_surg
    { code: "32664", globalDays: "090", multipleProcedure: "2", bilateralSurgery: "1", assistantSurgeon: "2", coSurgeon: "1" },
    { code: "64804", globalDays: "090", multipleProcedure: "2", bilateralSurgery: "1", assistantSurgeon: "2", coSurgeon: "1" },
    { code: "32607", globalDays: "000", multipleProcedure: "2", bilateralSurgery: "0", assistantSurgeon: "0" },
    { code: "32608", globalDays: "000", multipleProcedure: "2", bilateralSurgery: "0", assistantSurgeon: "0" },
    { code: "32609", globalDays: "000", multipleProcedure: "2", bilateralSurgery: "0", assistantSurgeon: "0" },
    { code: "32650", globalDays: "090", multipleProcedure: "2", bilateralSurgery: "1", assistantSurgeon: "2", coSurgeon: "1" },
    { code: "32667", globalDays: "ZZZ", multipleProcedure: "0", bilateralSurgery: "0", assistantSurgeon: "2", coSurgeon: "1" },
    { code: "20610", globalDays: "000", multipleProcedure: "2", bilateralSurgery: "1", assistantSurgeon: "1" },
    { code: "11102", globalDays: "000", multipleProcedure: "2", bilateralSurgery: "0", assistantSurgeon: "1" },
    { code: "32663", globalDays: "090", multipleProcedure: "2", bilateralSurgery: "0", assistantSurgeon: "2", coSurgeon: "1" },
    { code: "32601", globalDays: "000", multipleProcedure: "2", bilateralSurgery: "0", assistantSurgeon: "0" },
    { code: "99213", globalDays: "XXX", multipleProcedure: "0", bilateralSurgery: "0", assistantSurgeon: "0" },
  ],
};

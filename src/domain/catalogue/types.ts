// The catalogue's public shape: what lookups answer. Implemented by the snapshot in this folder;
// consumed by extraction (disambiguation), findings and the reply model.
import type { CatalogueStatus, CodeSystem } from "../codes/types.js";

/** One imported file = one release, in force from `effectiveFrom` to `effectiveTo` (inclusive, ISO dates). */
export interface Release {
  system: CodeSystem | "PFS" | "NCCI-PTP" | "NCCI-MUE";
  /** e.g. "ICD-10-CM FY2027", "HCPCS Level II 2025-10" */
  label: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  sourceFile: string;
  sha256: string;
}

/** Answer of `Catalogue.lookup` for one code on one date of service. */
export interface CodeLookup {
  system: CodeSystem;
  /** canonical code (ICD-10-CM dotted upper-case) */
  code: string;
  status: CatalogueStatus;
  /** long description (absent for CPT unless a licensee's file is imported) */
  title: string | null;
  shortTitle?: string | null;
  /** label of the release that answered, null when no release covers the date */
  release: string | null;
  /** ISO date the code ends (terminated / deleted) */
  endDate?: string | null;
  /** near-miss codes for invalid codes; billable descendants for not-billable headers */
  suggestions?: string[];
  /** replacement codes for deleted codes (conversion table) */
  replacements?: string[];
  /** ICD-10-CM: the code needs a 7th character */
  needs7thCharacter?: boolean;
  /** false when no loaded release covers the date of service and the nearest release answered instead */
  coversDate?: boolean;
  /** when the code may be reported: release range (ICD-10) or ADD DT / TERM DT (HCPCS Level II) */
  effective?: { from: string | null; to: string | null };
  /** not-billable headers: how many billable descendants exist (suggestions hold at most 25) */
  billableDescendantCount?: number;
  /** ICD-10-CM chapter / block / ancestors, when the hierarchy is loaded */
  hierarchy?: IcdHierarchy;
  /** HCPCS Level II file fields (ANWEB): ACTION CD, COV, PRICE1, BETOS */
  hcpcs?: { actionCode: string; actionEffectiveDate: string | null; coverage: string; pricing: string; betos: string };
  /** one plain sentence explaining a non-obvious status (fallback release, not yet effective, placeholder X) */
  note?: string | null;
}

/** ICD-10-CM place of a code: chapter, block (section) and the header codes above it. */
export interface IcdHierarchy {
  chapter: { number: string; title: string; range: string } | null;
  block: { range: string; title: string } | null;
  /** header codes from the 3-character category down to the parent, dotted, with titles */
  ancestors: Array<{ code: string; title: string }>;
}

export interface SearchHit {
  system: CodeSystem;
  code: string;
  title: string;
  score: number;
}

/** CMS Physician Fee Schedule (PPRRVU) indicators for one code (+ optional modifier row such as 26/TC). */
export interface PfsIndicators {
  code: string;
  modifier: string | null;
  /** PFS status code (A, B, C, R, T, X, …) */
  statusCode: string;
  /** global period: 000 | 010 | 090 | MMM | XXX | YYY | ZZZ (ZZZ = add-on code) */
  globalDays: string;
  /** multiple procedure indicator 0–9 */
  multipleProcedure: string;
  /** bilateral surgery indicator 0 | 1 | 2 | 3 | 9 */
  bilateralSurgery: string;
  /** assistant at surgery indicator 0 | 1 | 2 | 9 */
  assistantSurgeon: string;
  coSurgeon: string;
  teamSurgeon: string;
  release: string;
  /** false when the PFS release does not cover the date of service (nearest release answered) */
  coversDate?: boolean;
  /** PC/TC indicator 0–9 */
  pcTc?: string;
}

/** One NCCI procedure-to-procedure (PTP) edit, practitioner file layout. */
export interface PtpEdit {
  column1: string;
  column2: string;
  /** "in existence prior to 1996" flag */
  priorTo1996: boolean;
  effectiveDate: string;
  deletionDate: string | null;
  /** 0 = never bypassed by a modifier, 1 = an NCCI-associated modifier may bypass, 9 = not applicable */
  modifierIndicator: "0" | "1" | "9";
  rationale: string;
  release: string;
}

/** One NCCI Medically Unlikely Edit (practitioner services). */
export interface MueValue {
  code: string;
  value: number;
  /** MUE adjudication indicator: 1 claim line, 2 date of service (policy), 3 date of service (clinical) */
  mai: 1 | 2 | 3;
  rationale: string;
  release: string;
}

export interface Catalogue {
  /**
   * Exact lookup of `code` (dotted, dotless or lower-case) in `system` on `dateOfService` (ISO YYYY-MM-DD).
   * Never throws on bad input: malformed codes come back with status "invalid".
   */
  lookup(system: CodeSystem, code: string, dateOfService: string): CodeLookup;
  /** true when some release of `system` knows `code` (any date); used to resolve J1100 HCPCS vs J11.00. */
  knows(system: CodeSystem, code: string): boolean;
  /** Free-text search over descriptions. */
  search(query: string, options?: { system?: CodeSystem; limit?: number }): SearchHit[];
  releases(): Release[];
  /**
   * PFS indicators for the code (optionally the row with `modifier`, e.g. "26"), or null when not loaded /
   * not in the file. When the loaded PFS release does not cover the date, `coversDate` is false.
   */
  pfs(code: string, dateOfService: string, modifier?: string): PfsIndicators | null;
  /** NCCI PTP edits between two codes (either order) in force on the date of service. */
  ptpEdits(codeA: string, codeB: string, dateOfService: string): PtpEdit[];
  /** NCCI MUE for a code in force on the date of service, or null. */
  mue(code: string, dateOfService: string): MueValue | null;
  /**
   * true when the loaded NCCI files list `code` on the date of service: an MUE row, or PTP edits whose span
   * (earliest effective to latest deletion date) covers it. Source: CMS NCCI PTP and MUE practitioner files.
   */
  ncciLists(code: string, dateOfService: string): boolean;
}

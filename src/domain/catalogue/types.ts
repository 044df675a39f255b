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
}

export interface SearchHit {
  system: CodeSystem;
  code: string;
  title: string;
  score: number;
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
}

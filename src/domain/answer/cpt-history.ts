// CPT codes that the catalogue cannot date because no licensed CPT file is imported, but whose deletion
// is public knowledge that a senior coder would point out. Code numbers only: no AMA descriptor text.

export interface DeletedCpt {
  code: string;
  /** first date of service on which the code is no longer valid (ISO) */
  invalidFrom: string;
  /** current codes to choose from, by documentation */
  replacements: string[];
  /** plain-language guide to choosing among the replacements (our wording, not CPT descriptors) */
  guide: string;
  source: string;
  /** fallback label of the PFS release checked; the catalogue's own PFS label is preferred */
  release: string;
}

/**
 * Deleted CPT codes known to casedesk.
 *
 * 32602 (diagnostic thoracoscopy of lungs and pleural space with biopsy) was deleted with the CPT 2012
 * thoracoscopy revision, when biopsy by site got its own codes 32607, 32608 and 32609. What is verified
 * here from a public file: the CMS PFS relative value file (PPRRVU, CY2024 July release) has no row for
 * 32602 and has 32607, 32608 and 32609 with status A and global period 000. The 2012 date rests on the
 * CPT 2012 code changes (AMA), not on a file in this project.
 */
export const DELETED_CPT: Readonly<Record<string, DeletedCpt>> = {
  "32602": {
    code: "32602",
    invalidFrom: "2012-01-01",
    replacements: ["32607", "32608", "32609"],
    guide: "choose by the site biopsied: 32607 for lung infiltrate, 32608 for a lung nodule or mass, 32609 for the pleura",
    source: "CPT 2012 code changes (thoracoscopy revision); CMS Physician Fee Schedule relative value file (PPRRVU): 32602 absent, 32607-32609 present",
    release: "PFS PPRRVU 2024-07",
  },
};

/** The deletion record for a CPT code when it is no longer valid on `dateOfService` (ISO), else null. */
export function deletedCpt(code: string, dateOfService: string): DeletedCpt | null {
  const row = DELETED_CPT[code];
  return row !== undefined && dateOfService >= row.invalidFrom ? row : null;
}

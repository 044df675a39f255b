// Validity findings: is each code written in the email a code that can be reported on the date of
// service? (invalid / unknown / deleted / terminated / header / missing 7th character / placeholder X)
import type { Catalogue, CodeLookup } from "../catalogue/types.js";
import type { CodeSystem } from "../codes/types.js";
import { deletedCpt } from "./cpt-history.js";
import { CODE_SET_FILES, ICD10CM_GUIDELINES, NCCI_MANUAL } from "./sources.js";
import type { AnsweredMention, Finding, MentionStatus } from "./types.js";

/** Display names of code systems, in the field's terms. */
export const SYSTEM_LABELS: Record<CodeSystem, string> = {
  CPT: "CPT",
  HCPCS: "HCPCS Level II",
  ICD10CM: "ICD-10-CM",
  ICD10PCS: "ICD-10-PCS",
  MODIFIER: "Modifier",
};

const MAX_LISTED = 8;

/** "A, B, C" or "A, B, C … and 12 more (15 in all)"; `total` when the list is a sample of a longer one. */
export function listCodes(codes: string[], max = MAX_LISTED, total = codes.length): string {
  const all = Math.max(total, codes.length);
  if (all <= max && codes.length === all) return codes.join(", ");
  const shown = codes.slice(0, max);
  return `${shown.join(", ")} and ${all - shown.length} more (${all} in all)`;
}

function fileSource(system: CodeSystem): string {
  return CODE_SET_FILES[system];
}

/**
 * The effective status of a mention: the catalogue status, "deleted" for a CPT code in the deleted-CPT
 * table (cpt-history.ts) on the date of service, and "unlicensed" for a CPT code that the catalogue
 * cannot describe (no licensed CPT file) but that a CMS file lists for the date of service: the PFS file, or
 * the NCCI PTP/MUE files (a code new since the loaded PFS year is often in the quarter's NCCI files already).
 */
export function effectiveStatus(lookup: CodeLookup, catalogue: Catalogue, dateOfService: string): MentionStatus {
  if (lookup.system !== "CPT" || lookup.status === "active") return lookup.status;
  if (deletedCpt(lookup.code, dateOfService) !== null) return "deleted";
  if (lookup.status === "unknown" && (catalogue.pfs(lookup.code, dateOfService) !== null || catalogue.ncciLists(lookup.code, dateOfService))) {
    return "unlicensed";
  }
  return lookup.status;
}

function seventhCharacterFinding(m: AnsweredMention, status: MentionStatus, release: string | null): Finding {
  const suggestions = m.lookup.suggestions ?? [];
  const what = status === "not-billable"
    ? `${m.code} is not a complete code: it needs further characters and a 7th character`
    : `${m.code} needs a 7th character`;
  const placeholder = suggestions.some((s) => s.includes("X"))
    ? " Where a code has fewer than six characters, the placeholder X fills each empty position so that the 7th character stays in 7th place."
    : "";
  const options = suggestions.length ? ` Complete codes include ${listCodes(suggestions)}.` : "";
  return {
    code: "CODE_MISSING_7TH_CHARACTER",
    severity: "error",
    subject: [m.code],
    message:
      `${what} (for injuries, for example, A initial encounter, D subsequent encounter, S sequela); ` +
      `without it the code is invalid.${placeholder}${options}`,
    source: `${ICD10CM_GUIDELINES.seventhCharacter}; ${ICD10CM_GUIDELINES.placeholder}; ${ICD10CM_GUIDELINES.levelOfDetail}`,
    release,
  };
}

/** A suggestion that is the written code with a placeholder X inserted (T36.01A → T36.0X1A), if any. */
function placeholderSuggestion(code: string, suggestions: string[]): string | null {
  const bare = code.replace(".", "");
  for (const s of suggestions) {
    const sb = s.replace(".", "");
    if (sb.length === bare.length + 1 && sb.includes("X") && sb.replace("X", "") === bare) return s;
    if (sb.length > bare.length && sb.replace(/X+/, "") === bare) return s;
  }
  return null;
}

/**
 * Validity findings for one mention (CPT, HCPCS Level II, ICD-10-CM or ICD-10-PCS).
 *
 * - invalid → CODE_INVALID (error), with near-miss suggestions; ICD-10-CM codes missing a placeholder X
 *   get CODE_PLACEHOLDER_X instead (Official Guidelines I.A.4)
 * - unknown → CODE_UNKNOWN (warning); for CPT, CODE_UNVERIFIED (warning): not in any loaded CMS file (PFS, NCCI)
 * - deleted / terminated → CODE_DELETED / CODE_TERMINATED (error), with end date and replacements
 *   (ICD-10-CM conversion table, HCPCS XREF, or the deleted-CPT table)
 * - not-billable header → CODE_NOT_BILLABLE (error) listing billable codes (Guidelines I.A.3, I.B.2)
 * - needs7thCharacter → CODE_MISSING_7TH_CHARACTER (error) (Guidelines I.A.5, I.A.4, I.B.2)
 * - active / unlicensed → no finding
 *
 * @param m the mention with its catalogue lookup and effective status
 * @param dateOfService ISO date the status was judged on
 * @param pfsRelease label of the loaded PFS release (cited for deleted CPT codes), or null
 * @returns zero or one finding
 */
export function validityFindings(m: AnsweredMention, dateOfService: string, pfsRelease: string | null = null): Finding[] {
  const { lookup } = m;
  const status = m.status ?? lookup.status;
  const label = SYSTEM_LABELS[m.system];
  const release = lookup.release;
  if (m.system === "MODIFIER") return [];
  if (lookup.needs7thCharacter && status !== "active") return [seventhCharacterFinding(m, status, release)];
  const suggestions = lookup.suggestions ?? [];

  switch (status) {
    case "active":
    case "unlicensed":
      return [];
    case "invalid": {
      const px = m.system === "ICD10CM" ? placeholderSuggestion(m.code, suggestions) : null;
      if (px !== null) {
        return [{
          code: "CODE_PLACEHOLDER_X",
          severity: "error",
          subject: [m.code],
          message: `${m.code} is missing its placeholder X: the code is ${px}. The X holds the empty position so that the 7th character stays in 7th place.`,
          source: `${ICD10CM_GUIDELINES.placeholder}; ${ICD10CM_GUIDELINES.levelOfDetail}`,
          release,
        }];
      }
      const hint = suggestions.length ? ` Closest valid codes: ${listCodes(suggestions)}.` : " Please check the code as written.";
      return [{
        code: "CODE_INVALID",
        severity: "error",
        subject: [m.code],
        message: `${m.code} is not a valid ${label} code.${hint}`,
        source: m.system === "ICD10CM" ? `${fileSource(m.system)}; ${ICD10CM_GUIDELINES.levelOfDetail}` : fileSource(m.system),
        release,
      }];
    }
    case "unknown":
      if (m.system === "CPT") {
        return [{
          code: "CODE_UNVERIFIED",
          severity: "warning",
          subject: [m.code],
          message: `${m.code} could not be verified: no licensed CPT file is imported and the code is in neither the CMS Physician Fee Schedule file nor the NCCI PTP/MUE files for ${dateOfService}. A consultant will confirm it.`,
          source: `${CODE_SET_FILES.CPT}; ${CODE_SET_FILES.PFS}; ${NCCI_MANUAL.ptpFile}; ${NCCI_MANUAL.mueFile}`,
          release,
        }];
      }
      return [{
        code: "CODE_UNKNOWN",
        severity: "warning",
        subject: [m.code],
        message: `${m.code} is not in the ${release ?? label} code set for ${dateOfService}; please check the code as written.` +
          (suggestions.length ? ` Similar codes: ${listCodes(suggestions)}.` : ""),
        source: fileSource(m.system),
        release,
      }];
    case "deleted":
    case "terminated":
      return [endedFinding(m, status, dateOfService, pfsRelease)];
    case "not-billable":
      return [{
        code: "CODE_NOT_BILLABLE",
        severity: "error",
        subject: [m.code],
        message: `${m.code} is a header (category or subcategory) code and cannot be reported on a claim; ` +
          (suggestions.length
            ? `report one of its billable codes: ${listCodes(suggestions, MAX_LISTED, lookup.billableDescendantCount ?? suggestions.length)}.`
            : "report a billable code below it."),
        source: `${ICD10CM_GUIDELINES.reportingCodes}; ${ICD10CM_GUIDELINES.levelOfDetail}`,
        release,
      }];
  }
}

function endedFinding(m: AnsweredMention, status: "deleted" | "terminated", dateOfService: string, pfsRelease: string | null): Finding {
  const cpt = m.system === "CPT" ? deletedCpt(m.code, dateOfService) : null;
  const label = SYSTEM_LABELS[m.system];
  const replacements = cpt?.replacements ?? m.lookup.replacements ?? [];
  const successors = replacements.length === 0 ? (m.lookup.suggestions ?? []) : [];
  const endDate = m.lookup.endDate ?? null;
  const when = cpt
    ? `it is not valid for dates of service from ${cpt.invalidFrom}`
    : endDate !== null
      ? `its last valid date was ${endDate}`
      : `it is not valid on ${dateOfService}`;
  const verb = status === "terminated" ? "terminated" : "deleted";
  const instead = replacements.length
    ? ` Current code${replacements.length > 1 ? "s" : ""}: ${listCodes(replacements)}${cpt ? ` (${cpt.guide})` : ""}.`
    : successors.length
      ? ` No one-to-one replacement is listed; current codes in its place include ${listCodes(successors)}; choose by the documentation.`
      : " No replacement is listed; choose a current code from the documentation.";
  const source = cpt
    ? cpt.source
    : m.system === "ICD10CM"
      ? `${CODE_SET_FILES.ICD10CM}; ${CODE_SET_FILES.ICD10CM_CONVERSION}`
      : fileSource(m.system);
  return {
    code: status === "terminated" ? "CODE_TERMINATED" : "CODE_DELETED",
    severity: "error",
    subject: [m.code],
    message: `${label} ${m.code} was ${verb}: ${when} (date of service ${dateOfService}).${instead}`,
    source,
    release: cpt ? (pfsRelease ?? cpt.release) : m.lookup.release,
  };
}

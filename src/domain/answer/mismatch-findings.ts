// Code-system mismatch: a code from the wrong set for the question (an ICD-10-PCS code on a physician
// claim; a diagnosis code where a procedure code is asked, and the reverse).
import type { Segment } from "../codes/types.js";
import { CODE_SET_STANDARDS } from "./sources.js";
import type { AnsweredMention, Finding } from "./types.js";

const ASKS_PROCEDURE = /\b(?:cpt|hcpcs|procedure|proc\.?|surgery|surgical)(?:\s+codes?)?\s*(?:[:#=-]|\bis\b|\bwas\b)?\s*$/i;
const ASKS_DIAGNOSIS = /\b(?:dx|diagnosis|diagnoses|diag\.?|icd-?10(?:-?cm)?)(?:\s+codes?)?\s*(?:[:#=-]|\bis\b|\bwas\b)?\s*$/i;

function before(m: AnsweredMention, segments: Segment[]): string {
  const text = segments[m.segment]?.text ?? "";
  return text.slice(Math.max(0, m.start - 40), m.start);
}

/**
 * Code-system mismatch findings (warnings), one per code:
 * - SYSTEM_PCS_ON_PHYSICIAN_CLAIM: an ICD-10-PCS code; physicians report procedures with CPT/HCPCS
 * - SYSTEM_DIAGNOSIS_AS_PROCEDURE: an ICD-10-CM code written right after "CPT", "procedure (code)"…
 * - SYSTEM_PROCEDURE_AS_DIAGNOSIS: a CPT/HCPCS code written right after "Dx", "diagnosis (code)", "ICD-10"…
 * Source: HIPAA code set standards, 45 CFR 162.1002.
 * @param segments the segments the mentions' offsets point into
 */
export function mismatchFindings(mentions: AnsweredMention[], segments: Segment[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const m of mentions) {
    if (seen.has(`${m.system}|${m.code}`)) continue;
    seen.add(`${m.system}|${m.code}`);
    const lead = before(m, segments);
    let f: Omit<Finding, "source" | "release"> | null = null;
    if (m.system === "ICD10PCS") {
      f = {
        code: "SYSTEM_PCS_ON_PHYSICIAN_CLAIM", severity: "warning", subject: [m.code],
        message: `${m.code} is an ICD-10-PCS code: ICD-10-PCS reports inpatient hospital procedures on the facility claim. A physician or outpatient claim reports the procedure with a CPT or HCPCS Level II code.`,
      };
    } else if (m.system === "ICD10CM" && ASKS_PROCEDURE.test(lead)) {
      f = {
        code: "SYSTEM_DIAGNOSIS_AS_PROCEDURE", severity: "warning", subject: [m.code],
        message: `${m.code} is an ICD-10-CM diagnosis code, but it is given as a procedure code. Procedures are reported with CPT or HCPCS Level II codes; ${m.code} belongs in the diagnosis field.`,
      };
    } else if ((m.system === "CPT" || m.system === "HCPCS") && ASKS_DIAGNOSIS.test(lead)) {
      f = {
        code: "SYSTEM_PROCEDURE_AS_DIAGNOSIS", severity: "warning", subject: [m.code],
        message: `${m.code} is a ${m.system === "CPT" ? "CPT" : "HCPCS Level II"} procedure code, but it is given as a diagnosis. Diagnoses are reported with ICD-10-CM codes.`,
      };
    }
    if (f) out.push({ ...f, source: CODE_SET_STANDARDS, release: m.lookup.release });
  }
  return out;
}

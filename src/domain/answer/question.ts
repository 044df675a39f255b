// Decides whether an email without any code still asks a clear coding question, which separates a
// "we need more information" reply from a question a consultant should answer.
import type { Segment } from "../codes/types.js";

const CODING_TERMS =
  /\b(codes?|coding|coded|bill(?:ed|ing|able)?|report(?:ed|ing)?|modifiers?|cpt|hcpcs|icd[- ]?10(?:[- ]?(?:cm|pcs))?|claims?|units?|diagnos[ie]s|procedures?|ncci|mue|global|bundl(?:ed|ing)|denied|denial)\b/i;
const ASKING = /\?|^\s*(?:can|could|should|may|how|what|which|is|are|do|does|would|please advise)\b/im;

/**
 * True when the subject, body or attachment text asks something (a question mark, or a sentence opening
 * with can/should/how/what/which/…) about coding (code, bill, report, modifier, CPT, ICD-10, claim,
 * units, diagnosis, procedure, NCCI, MUE, global). Quoted history and signatures are ignored.
 * Heuristic, pure; never throws.
 */
export function hasClearQuestion(segments: Segment[]): boolean {
  return segments.some(
    (s) => (s.location === "subject" || s.location === "body" || s.location === "attachment") &&
      ASKING.test(s.text) && CODING_TERMS.test(s.text),
  );
}

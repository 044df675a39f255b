// Choosing a system for a token that several systems could own (J1100: HCPCS Level II J1100 or
// ICD-10-CM J11.00) and scoring how sure we are, from context words, attached modifiers/units and
// the catalogue's membership test.

import type { ShapeCandidate, ShapeKind } from "./code-shapes.js";
import type { CodeSystem } from "./types.js";

export type Knows = (system: CodeSystem, code: string) => boolean;

/** Words that make a nearby token a diagnosis (ICD-10-CM). */
const ICD_CUE =
  /\b(?:icd(?:[- ]?10)?(?:[- ]?cm)?|dx|dxs|diag|diagnos[ie]s|diagnosis codes?|primary|secondary|pointers?|condition|z[- ]codes?|billable|7th character|laterality|specificity|sequela|sequelae|encounter for|history of|documented|assessment)\b/i;
/** Words that make a nearby token a procedure, supply or drug (CPT / HCPCS Level II). */
const PROC_CUE =
  /\b(?:cpt|hcpcs|procedures?|proc|drugs?|injections?|infusions?|units?|mg|mcg|ml|supply|supplies|dme|j[- ]?codes?|g[- ]?codes?|administration|admin|vaccines?|modifiers?|charges?|ndc|e\/m|visit|bill(?:ed|ing)?|performed|surgery|service)\b/i;
/** Words that make a 7-character token an ICD-10-PCS code. */
const PCS_CUE =
  /\b(?:pcs|icd[- ]?10[- ]?pcs|inpatient|root operation|approach|device|qualifier|body part|procedure codes?)\b/i;

const ALL_DIGITS_7 = /^\d{7}$/;

/** Cue families, as bits of a mask: words of ICD_CUE, PROC_CUE and PCS_CUE. */
export const CUE_ICD = 1;
export const CUE_PROC = 2;
export const CUE_PCS = 4;
const CUES = [ICD_CUE, PROC_CUE, PCS_CUE];

/**
 * CUE_* bits of the families in `need` whose cue words occur around the token at [start, end) of
 * `text`: in the text before it on its line [lineStart, lineEnd) (40 characters) or just after it
 * (12), joined by a space, so the "dx" of the next code on the line does not reach back.
 */
export function cuesAround(text: string, need: number, start: number, end: number, lineStart: number, lineEnd: number): number {
  // The two sides are tested apart, which is the same as testing them joined by the space: the side
  // before ends in a non-word character (tokens start at \b), and no cue phrase has a non-word
  // character followed by a space, so no match could span the join. Every cue word has two
  // characters or more, so a shorter side after the token is not tested.
  const before = text.slice(Math.max(lineStart, start - 40), start);
  const afterEnd = Math.min(lineEnd, end + 12);
  const after = afterEnd - end >= 2 ? text.slice(end, afterEnd) : "";
  let found = 0;
  for (let f = 0; f < 3; f++) {
    if ((need & (1 << f)) === 0) continue;
    const re = CUES[f]!;
    if (re.test(before) || (after !== "" && re.test(after))) found |= 1 << f;
  }
  return found;
}

/** Base confidence per written form, before context and catalogue. */
const BASE: Record<ShapeKind, number> = {
  cpt1: 0.85,
  cpt2: 0.9,
  cpt3: 0.9,
  pla: 0.9,
  hcpcs: 0.9,
  "icd-dotted": 0.95,
  "icd-dotless": 0.75,
  "icd-3": 0.65,
  pcs: 0.8,
};

export interface Decision {
  cand: ShapeCandidate;
  confidence: number;
}

/** CUE_* bits of the families that the readings in `cands` need. */
export function cueNeeds(cands: ShapeCandidate[]): number {
  let need = 0;
  for (const c of cands) need |= c.system === "ICD10CM" ? CUE_ICD : c.system === "ICD10PCS" ? CUE_PCS : CUE_PROC;
  return need;
}

/**
 * Picks the reading of a token and its confidence (0..1), or null when the token should not be
 * reported (a weak shape that neither context nor the catalogue supports). `cues` holds the CUE_*
 * bits found in the token's window (cuesAround with cueNeeds(cands)); `hasAttachments`: modifiers
 * or units were read with the token. Rules:
 * - ICD-10-CM codes never take modifiers or units, so attachments favour CPT/HCPCS Level II;
 * - the catalogue (`knows`) outweighs context words, which outweigh the written form;
 * - ICD-10-PCS written only in digits, and ICD-10-CM 3-character / dotless forms that the catalogue
 *   rejects, need a cue word on the line.
 */
export function decide(cands: ShapeCandidate[], cues: number, hasAttachments: boolean, knows: Knows | undefined): Decision | null {
  const icdCue = (cues & CUE_ICD) !== 0;
  const procCue = (cues & CUE_PROC) !== 0;
  const pcsCue = (cues & CUE_PCS) !== 0;
  let best: Decision | null = null;
  let bestScore = -Infinity;
  for (let i = 0; i < cands.length; i++) {
    const cand = cands[i]!;
    const known = knows ? safeKnows(knows, cand) : undefined;
    let score = -i * 0.25;
    if (known === true) score += 3;
    if (cand.system === "ICD10CM") {
      if (icdCue) score += 2;
      if (hasAttachments) score -= 3;
    } else if (cand.system === "ICD10PCS") {
      if (pcsCue) score += 2;
    } else if (procCue) score += 2;
    if (hasAttachments && (cand.system === "HCPCS" || cand.system === "CPT")) score += 3;
    const conf = confidenceOf(cand, known, icdCue, procCue, pcsCue, hasAttachments);
    if (conf === null) continue;
    if (score > bestScore) {
      bestScore = score;
      best = { cand, confidence: conf };
    }
  }
  return best;
}

function safeKnows(knows: Knows, cand: ShapeCandidate): boolean {
  try {
    return knows(cand.system, cand.code);
  } catch {
    return false;
  }
}

function confidenceOf(
  cand: ShapeCandidate,
  known: boolean | undefined,
  icdCue: boolean,
  procCue: boolean,
  pcsCue: boolean,
  hasAttachments: boolean,
): number | null {
  let c = BASE[cand.kind];
  const cue = cand.system === "ICD10CM" ? icdCue : cand.system === "ICD10PCS" ? pcsCue : procCue;
  if (cand.kind === "pcs" && !pcsCue && known !== true && ALL_DIGITS_7.test(cand.code)) return null;
  if (cand.kind === "icd-3" || cand.kind === "icd-dotless" || cand.kind === "pcs") {
    if (known === false && !cue) return null;
  }
  if (cue) c += 0.08;
  if (hasAttachments && cand.system !== "ICD10CM") c += 0.08;
  if (known === true) c = Math.max(c, cand.kind === "icd-3" ? 0.9 : 0.97);
  // CPT is licensed and often not loaded, so an unknown CPT code is not evidence against it.
  else if (known === false && cand.system !== "CPT") c -= 0.1;
  return Math.round(Math.min(0.99, Math.max(0.05, c)) * 100) / 100;
}

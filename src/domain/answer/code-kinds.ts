// Small classifications of codes and mentions that several finding rules share (procedure codes,
// E/M codes, modifiers on a mention). Numbers only; no descriptor text.
import type { AnsweredMention } from "./types.js";

/** CPT or HCPCS Level II: the codes NCCI PTP edits, MUEs and PFS indicators are about. */
export function isProcedure(m: AnsweredMention): boolean {
  return m.system === "CPT" || m.system === "HCPCS";
}

/**
 * Evaluation and management codes that modifier 25 may accompany: CPT 99202–99499 (E/M section) and
 * the general ophthalmological services 92002–92014, which Medicare accepts with modifier 25 like
 * E/M visits (NCCI Policy Manual, Chapter XI covers 90000–99999). Five-digit numeric codes only.
 */
export function isEvaluationManagement(code: string): boolean {
  if (!/^\d{5}$/.test(code)) return false;
  const n = Number(code);
  return (n >= 99202 && n <= 99499) || (n >= 92002 && n <= 92014);
}

/** True when the mention carries `modifier` (case-insensitive). */
export function hasModifier(m: AnsweredMention, modifier: string): boolean {
  return m.modifiers.some((x) => x.toUpperCase() === modifier);
}

/** Units of service a mention stands for: the units written, else 1 (one claim line). */
export function unitsOf(m: AnsweredMention): number {
  return m.units ?? 1;
}

/** The procedure mentions, one entry per code, in first-mention order. */
export function distinctProcedureCodes(mentions: AnsweredMention[]): string[] {
  return [...new Set(mentions.filter(isProcedure).map((m) => m.code))];
}

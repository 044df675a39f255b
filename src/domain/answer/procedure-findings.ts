// Findings about how codes are reported together (code-system mismatch, NCCI PTP, MUE, PFS indicators,
// modifiers). Stage 1 placeholder: the rules land in their own modules and are collected here.
import type { Catalogue } from "../catalogue/types.js";
import type { AnsweredMention, Finding } from "./types.js";

/**
 * All findings that concern codes in combination or as reported (modifiers, units), in rule order.
 * @param mentions answered mentions (codes and stand-alone modifiers), deduplicated
 * @param catalogue PFS / NCCI PTP / MUE lookups for `dateOfService` (ISO)
 */
export function procedureFindings(mentions: AnsweredMention[], catalogue: Catalogue, dateOfService: string): Finding[] {
  void mentions;
  void catalogue;
  void dateOfService;
  return [];
}

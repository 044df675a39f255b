// Collects the findings about codes reported together or as written (code-system mismatch, NCCI PTP,
// MUE, PFS indicators, modifiers), in the order a reader should meet them.
import type { Catalogue } from "../catalogue/types.js";
import type { Segment } from "../codes/types.js";
import { mismatchFindings } from "./mismatch-findings.js";
import { modifierFindings } from "./modifier-findings.js";
import { mueFindings, ptpFindings } from "./ncci-findings.js";
import { pfsFindings } from "./pfs-findings.js";
import type { AnsweredMention, Finding } from "./types.js";

/** Mentions whose status lets combination rules run (a deleted or invalid code gets its validity finding only). */
function usable(m: AnsweredMention): boolean {
  const s = m.status ?? m.lookup.status;
  return s === "active" || s === "unlicensed" || m.system === "MODIFIER";
}

/**
 * All findings that concern codes in combination or as reported (modifiers, units), in rule order:
 * code system, modifiers, NCCI PTP, MUE, PFS. Pure.
 * @param mentions answered mentions (codes and stand-alone modifiers), deduplicated
 * @param catalogue PFS / NCCI PTP / MUE lookups for `dateOfService` (ISO YYYY-MM-DD)
 * @param segments the email segments the mentions point into (context words, follow-up wording)
 */
export function procedureFindings(
  mentions: AnsweredMention[],
  catalogue: Catalogue,
  dateOfService: string,
  segments: Segment[] = [],
): Finding[] {
  const live = mentions.filter(usable);
  const text = segments
    .filter((s) => s.location === "subject" || s.location === "body" || s.location === "attachment")
    .map((s) => s.text)
    .join("\n");
  return [
    ...mismatchFindings(mentions, segments),
    ...modifierFindings(live, catalogue, dateOfService),
    ...ptpFindings(live, catalogue, dateOfService),
    ...mueFindings(live, catalogue, dateOfService),
    ...pfsFindings(live, catalogue, dateOfService, text),
  ];
}

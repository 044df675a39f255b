// Code-mention extraction over a segmented email: runs the code scanner and the stand-alone
// modifier scanner on every segment and merges repeated mentions into one item each.

import type { Knows } from "./disambiguate.js";
import { scanCodes, type RawMention } from "./scan-codes.js";
import { scanStandaloneModifiers } from "./standalone-modifiers.js";
import { bindTableRows } from "./table-rows.js";
import type { CodeMention, CodeRange, CodeSystem, ExtractionResult, MentionLocation, Segment } from "./types.js";

export interface ExtractOptions {
  /**
   * The catalogue's membership test: true when `code` (canonical: ICD-10-CM dotted upper-case) is a
   * code of `system` in a loaded release. Used to choose between readings (HCPCS Level II J1100 vs
   * ICD-10-CM J11.00) and to drop weak shapes no release knows. May throw; a throw counts as false.
   */
  knows?: (system: CodeSystem, code: string) => boolean;
}

/** Locations whose text is the sender's new question (answers address these). */
const NEW_TEXT: ReadonlySet<MentionLocation> = new Set(["subject", "body", "attachment"]);

/**
 * Extracts code mentions and ranges from `segments` (in reading order, as from `segmentEmail`).
 *
 * - Systems: CPT Category I/II/III/PLA, HCPCS Level II, ICD-10-CM (dotted or dotless, any case,
 *   placeholder X, 7th character), ICD-10-PCS (7 characters, no I/O), and stand-alone modifiers
 *   (`MODIFIER`). Grammar sources are listed in code-shapes.ts, modifiers.ts and negatives.ts.
 * - One item per (system, code, modifiers). Its span, text and location are those of the first
 *   occurrence in new text (subject, body, attachment) if there is one, else of the first
 *   occurrence in quoted history or signature; units come from the first occurrence that has
 *   units; confidence is the highest seen. Items are ordered by segment, then start offset.
 * - In table rows (cells joined by " | " or tabs) a modifier / units column binds to the row's
 *   CPT or HCPCS Level II code (table-rows.ts).
 * - Ranges ("32601-32674") are listed once each in `ranges`, never as two codes.
 *
 * Pure and total: never throws for any string input (a throwing `knows` counts as false).
 */
export function extractMentions(segments: Segment[], options: ExtractOptions = {}): ExtractionResult {
  const byKey = new Map<string, CodeMention>();
  const ranges = new Map<string, CodeRange>();
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const scan = scanCodes(segment.text, options.knows);
    bindTableRows(segment.text, scan.mentions, scan.claimed);
    for (const r of scan.ranges) ranges.set(`${r.system}|${r.from}|${r.to}`, r);
    for (const raw of scan.mentions) merge(byKey, raw, segment.location, index);
    for (const raw of scanStandaloneModifiers(segment.text, scan.claimed)) merge(byKey, raw, segment.location, index);
  }
  const mentions = [...byKey.values()];
  if (mentions.length > 1) mentions.sort((a, b) => a.segment - b.segment || a.start - b.start);
  return { mentions, ranges: [...ranges.values()] };
}

/** A mention with one fixed object shape (spreading mixed-shape raw objects is slow in V8). */
function mention(raw: RawMention, location: MentionLocation, segment: number, units: number | null, confidence: number): CodeMention {
  return {
    system: raw.system,
    code: raw.code,
    modifiers: raw.modifiers,
    units,
    start: raw.start,
    end: raw.end,
    text: raw.text,
    confidence,
    location,
    segment,
  };
}

function merge(byKey: Map<string, CodeMention>, raw: RawMention, location: MentionLocation, segment: number): void {
  const mods = raw.modifiers;
  const key = mods.length === 0 ? raw.system + "|" + raw.code + "|" : raw.system + "|" + raw.code + "|" + mods.join("-");
  const prev = byKey.get(key);
  if (!prev) {
    byKey.set(key, mention(raw, location, segment, raw.units, raw.confidence));
    return;
  }
  const units = prev.units ?? raw.units;
  const confidence = Math.max(prev.confidence, raw.confidence);
  if (!NEW_TEXT.has(prev.location) && NEW_TEXT.has(location)) {
    byKey.set(key, mention(raw, location, segment, raw.units ?? units, confidence));
  } else if (units !== prev.units || confidence !== prev.confidence) {
    byKey.set(key, { ...prev, units, confidence });
  }
}

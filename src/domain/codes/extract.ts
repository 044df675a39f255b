// Code-mention extraction over a segmented email: runs the code scanner and the stand-alone
// modifier scanner on every segment and merges repeated mentions into one item each.

import { append } from "./arrays.js";
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
  const merged: Merged = { items: [], byCode: new Map() };
  const ranges = new Map<string, CodeRange>();
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const scan = scanCodes(segment.text, options.knows);
    bindTableRows(segment.text, scan.mentions, scan.claimed);
    for (const r of scan.ranges) ranges.set(`${r.system}|${r.from}|${r.to}`, r);
    for (const raw of scan.mentions) merge(merged, raw, segment.location, index);
    for (const raw of scanStandaloneModifiers(segment.text, scan.claimed)) merge(merged, raw, segment.location, index);
  }
  const mentions = merged.items;
  if (!inOrder(mentions)) mentions.sort(bySegmentThenStart);
  return { mentions, ranges: [...ranges.values()] };
}

/**
 * Items in first-seen order (a merged item keeps its place), and for each code the indices of its
 * items: a code has one item per (system, modifiers), usually one in all, so no key string is built.
 */
interface Merged {
  items: CodeMention[];
  byCode: Map<string, number[]>;
}

function bySegmentThenStart(a: CodeMention, b: CodeMention): number {
  return a.segment - b.segment || a.start - b.start;
}

/** True when `items` are already ordered by segment, then start (the sort would change nothing). */
function inOrder(items: CodeMention[]): boolean {
  for (let i = 1; i < items.length; i++) if (bySegmentThenStart(items[i - 1]!, items[i]!) > 0) return false;
  return true;
}

/** A mention with one fixed object shape (spreading mixed-shape raw objects is slow in V8). */
function mention(raw: RawMention | CodeMention, location: MentionLocation, segment: number, units: number | null, confidence: number): CodeMention {
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

function isNewText(location: MentionLocation): boolean {
  return location === "subject" || location === "body" || location === "attachment";
}

function sameModifiers(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function merge(merged: Merged, raw: RawMention, location: MentionLocation, segment: number): void {
  const items = merged.items;
  let slots = merged.byCode.get(raw.code);
  let at = -1;
  if (slots === undefined) {
    slots = [];
    merged.byCode.set(raw.code, slots);
  } else {
    for (const i of slots) {
      const m = items[i]!;
      if (m.system === raw.system && sameModifiers(m.modifiers, raw.modifiers)) {
        at = i;
        break;
      }
    }
  }
  if (at < 0) {
    append(slots, items.length);
    append(items, mention(raw, location, segment, raw.units, raw.confidence));
    return;
  }
  const prev = items[at]!;
  const units = prev.units ?? raw.units;
  const confidence = Math.max(prev.confidence, raw.confidence);
  if (!isNewText(prev.location) && isNewText(location)) {
    items[at] = mention(raw, location, segment, raw.units ?? units, confidence);
  } else if (units !== prev.units || confidence !== prev.confidence) {
    items[at] = mention(prev, prev.location, prev.segment, units, confidence);
  }
}

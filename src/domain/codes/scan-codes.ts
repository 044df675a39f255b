// One pass over one segment's text: finds code-shaped tokens, drops hard negatives, reads
// attached modifiers, units and ranges, and picks the code system. Output is per occurrence;
// extract.ts merges occurrences across segments.

import { readModifiers, readRangeEnd, readUnitsAfter, readUnitsBefore } from "./attachments.js";
import { shapesOf, type ShapeCandidate } from "./code-shapes.js";
import { decide, type Knows } from "./disambiguate.js";
import { isHardNegative, lineAround } from "./negatives.js";
import type { CodeRange, CodeSystem } from "./types.js";

/** One code occurrence in one text. */
export interface RawMention {
  system: CodeSystem;
  code: string;
  modifiers: string[];
  units: number | null;
  start: number;
  end: number;
  text: string;
  confidence: number;
}

export interface ScanResult {
  mentions: RawMention[];
  ranges: CodeRange[];
  /** spans [start, end) consumed by codes, ranges and their modifiers (stand-alone scan skips them) */
  claimed: Array<[number, number]>;
}

/**
 * Candidate tokens: up to four letters, a digit, then letters/digits, optionally one ".xxxx" part.
 * Every code of every system contains a digit (the 10 digit-free ICD-10-PCS codes are not sought).
 */
const TOKEN = /\b[A-Za-z]{0,4}\d[A-Za-z0-9]*(?:\.[A-Za-z0-9]+)?/g;

/**
 * Scans `text` for code mentions and ranges. Pure; offsets are UTF-16 indices into `text`.
 * `knows` is the catalogue's membership test (optional).
 */
export function scanCodes(text: string, knows?: Knows): ScanResult {
  const mentions: RawMention[] = [];
  const ranges: CodeRange[] = [];
  const claimed: Array<[number, number]> = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    const token = m[0];
    const start = m.index;
    const end = start + token.length;
    const cands = shapesOf(token);
    if (cands.length === 0) continue;
    const usable = cands.filter((c) => !isHardNegative(text, start, end, c));
    if (usable.length === 0) {
      // A negative's range partner is no code either ("T10-T12", "75201-1234").
      const r = readRangeEnd(text, end);
      if (r) TOKEN.lastIndex = Math.max(TOKEN.lastIndex, r.end);
      continue;
    }

    const range = tryRange(text, end, usable);
    if (range) {
      ranges.push(range.range);
      claimed.push([start, range.end]);
      TOKEN.lastIndex = range.end;
      continue;
    }

    const procLike = usable.some((c) => c.system === "CPT" || c.system === "HCPCS");
    const mods = procLike ? readModifiers(text, end) : { modifiers: [], end };
    const unitsAfter = procLike ? readUnitsAfter(text, mods.end) : null;
    const unitsBefore = procLike && !unitsAfter ? readUnitsBefore(text, start) : null;
    const hasAttachments = mods.modifiers.length > 0 || unitsAfter !== null || unitsBefore !== null;
    const { lineStart, lineEnd } = lineAround(text, start, end);
    // Cue words count before the token on its line (40 characters) and just after it (12), so the
    // "dx" of the next code on the line does not reach back.
    const lineContext = text.slice(Math.max(lineStart, start - 40), start) + " " + text.slice(end, Math.min(lineEnd, end + 12));
    const d = decide({ cands: usable, lineContext, hasAttachments, knows });
    if (!d) continue;
    const isProc = d.cand.system === "CPT" || d.cand.system === "HCPCS";
    const stop = isProc ? (unitsAfter?.end ?? mods.end) : end;
    const textEnd = isProc && mods.modifiers.length > 0 ? mods.end : end;
    mentions.push({
      system: d.cand.system,
      code: d.cand.code,
      modifiers: isProc ? mods.modifiers : [],
      units: isProc ? (unitsAfter?.units ?? unitsBefore ?? null) : null,
      start,
      end: textEnd,
      text: text.slice(start, textEnd),
      confidence: d.confidence,
    });
    claimed.push([start, stop]);
    if (stop > TOKEN.lastIndex) TOKEN.lastIndex = stop;
  }
  return { mentions, ranges, claimed };
}

/** "32601-32674", "E08-E13", "99202 through 99205": both ends the same kind, first < last. */
function tryRange(text: string, end: number, usable: ShapeCandidate[]): { range: CodeRange; end: number } | null {
  const r = readRangeEnd(text, end);
  if (!r) return null;
  const second = shapesOf(r.token);
  for (const a of usable) {
    for (const b of second) {
      if (a.system !== b.system || !sameFamily(a, b)) continue;
      if (a.code >= b.code) continue;
      if (isHardNegative(text, r.start, r.end, b, true)) continue;
      return { range: { system: a.system, from: a.code, to: b.code }, end: r.end };
    }
  }
  return null;
}

function sameFamily(a: ShapeCandidate, b: ShapeCandidate): boolean {
  if (a.system === "ICD10CM") return true; // "S00-T88" crosses letters
  if (a.system === "HCPCS") return a.code[0] === b.code[0];
  return a.kind === b.kind;
}

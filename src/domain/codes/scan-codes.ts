// One pass over one segment's text: finds code-shaped tokens, drops hard negatives, reads
// attached modifiers, units and ranges, and picks the code system. Output is per occurrence;
// extract.ts merges occurrences across segments.

import { append } from "./arrays.js";
import { readModifiers, readRangeEnd, readUnitsAfter, readUnitsBefore } from "./attachments.js";
import { shapesOf, type ShapeCandidate } from "./code-shapes.js";
import { cueNeeds, cuesAround, decide, type Knows } from "./disambiguate.js";
import { isHardNegativeOnLine } from "./negatives.js";
import { isDigitCode } from "./chars.js";
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
 * Candidate tokens, as the expression `\b[A-Za-z]{0,4}\d[A-Za-z0-9]*(?:\.[A-Za-z0-9]+)?` would find
 * them: up to four letters, a digit, then letters/digits, optionally one ".xxxx" part. Every code of
 * every system contains a digit (the 10 digit-free ICD-10-PCS codes are not sought). `nextToken`
 * is that expression's global search written as a character loop (no match objects).
 */
const token = { end: 0 };

/**
 * Character classes of every UTF-16 code unit for the tokenizer: LETTER [A-Za-z], DIGIT [0-9],
 * UNDERSCORE, 0 for the rest (a full table: no range test per character).
 */
const LETTER = 1;
const DIGIT = 2;
const UNDERSCORE = 4;
const CLASS = new Uint8Array(65536);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) CLASS[c] = LETTER;
  else if (c >= 48 && c <= 57) CLASS[c] = DIGIT;
  else if (c === 95) CLASS[c] = UNDERSCORE;
}

/** Start of the first token at or after `from` (its end in `token.end`), or -1. */
function nextToken(text: string, from: number): number {
  const n = text.length;
  let p = from;
  while (p < n) {
    let k = CLASS[text.charCodeAt(p)]!;
    if (k === 0) {
      p++;
      continue;
    }
    // a word starts at p only after a non-word character (\b)
    if (p > 0 && CLASS[text.charCodeAt(p - 1)] !== 0) {
      p++;
      while (p < n && CLASS[text.charCodeAt(p)] !== 0) p++;
      continue;
    }
    // up to four letters, then a digit
    let q = p;
    while (k === LETTER && q - p < 5) {
      q++;
      k = q < n ? CLASS[text.charCodeAt(q)]! : 0;
    }
    if (k === DIGIT && q - p <= 4) {
      q++;
      while (q < n && (CLASS[text.charCodeAt(q)]! & (LETTER | DIGIT)) !== 0) q++;
      if (q + 1 < n && text.charCodeAt(q) === 46 /* . */ && (CLASS[text.charCodeAt(q + 1)]! & (LETTER | DIGIT)) !== 0) {
        q += 2;
        while (q < n && (CLASS[text.charCodeAt(q)]! & (LETTER | DIGIT)) !== 0) q++;
      }
      token.end = q;
      return p;
    }
    // no token: skip the rest of the word
    while (q < n && CLASS[text.charCodeAt(q)] !== 0) q++;
    p = q;
  }
  return -1;
}

/**
 * Scans `text` for code mentions and ranges. Pure; offsets are UTF-16 indices into `text`.
 * `knows` is the catalogue's membership test (optional).
 */
export function scanCodes(text: string, knows?: Knows): ScanResult {
  const mentions: RawMention[] = [];
  const ranges: CodeRange[] = [];
  const claimed: Array<[number, number]> = [];
  let pos = 0;
  // bounds of the line that holds the current token, kept while tokens stay on it
  let lineStart = 0;
  let lineEnd = -1;
  for (;;) {
    const start = nextToken(text, pos);
    if (start < 0) break;
    const end = token.end;
    pos = end;
    // shapesOf wants 3–8 characters, and 5 or 7 when the token starts with a digit
    const len = end - start;
    if (len < 3 || len > 8) continue;
    if (isDigitCode(text.charCodeAt(start)) && len !== 5 && len !== 7) continue;
    if (!mayBeShape(text, start, len)) continue;
    const cands = shapesOf(text.slice(start, end));
    if (cands.length === 0) continue;
    if (start > lineEnd) {
      // The token's line starts after the last "\n" before it, which is at or after the "\n" that
      // ended the previous line: searched forward (indexOf; lastIndexOf is a slow runtime call). The
      // first "\n" at or after `start` ends the line (tokens hold no "\n").
      let ls = lineEnd + 1;
      let nl = text.indexOf("\n", ls);
      while (nl >= 0 && nl < start) {
        ls = nl + 1;
        nl = text.indexOf("\n", ls);
      }
      lineStart = ls;
      lineEnd = nl < 0 ? text.length : nl;
    }
    const usable = cands.length === 1
      ? (isHardNegativeOnLine(text, start, end, cands[0]!, false, lineStart, lineEnd) ? NONE : cands)
      : cands.filter((c) => !isHardNegativeOnLine(text, start, end, c, false, lineStart, lineEnd));
    if (usable.length === 0) {
      // A negative's range partner is no code either ("T10-T12", "75201-1234").
      const r = readRangeEnd(text, end);
      if (r) pos = Math.max(pos, r.end);
      continue;
    }

    const range = tryRange(text, end, usable, lineStart, lineEnd);
    if (range) {
      append(ranges, range.range);
      append(claimed, [start, range.end]);
      pos = range.end;
      continue;
    }

    let procLike = false;
    for (const c of usable) if (c.system === "CPT" || c.system === "HCPCS") procLike = true;
    const mods = procLike ? readModifiers(text, end) : { modifiers: NO_MODIFIERS, end };
    const unitsAfter = procLike ? readUnitsAfter(text, mods.end) : null;
    const unitsBefore = procLike && !unitsAfter ? readUnitsBefore(text, start, lineStart) : null;
    const hasAttachments = mods.modifiers.length > 0 || unitsAfter !== null || unitsBefore !== null;
    const d = decide(usable, cuesAround(text, cueNeeds(usable), start, end, lineStart, lineEnd), hasAttachments, knows);
    if (!d) continue;
    const isProc = d.cand.system === "CPT" || d.cand.system === "HCPCS";
    const stop = isProc ? (unitsAfter?.end ?? mods.end) : end;
    const textEnd = isProc && mods.modifiers.length > 0 ? mods.end : end;
    append(mentions, {
      system: d.cand.system,
      code: d.cand.code,
      modifiers: isProc ? mods.modifiers : [],
      units: isProc ? (unitsAfter?.units ?? unitsBefore ?? null) : null,
      start,
      end: textEnd,
      text: text.slice(start, textEnd),
      confidence: d.confidence,
    });
    append(claimed, [start, stop]);
    if (stop > pos) pos = stop;
  }
  return { mentions, ranges, claimed };
}

/**
 * Necessary condition for `shapesOf` of the `len`-character token at `start` (3–8 characters; 5 or 7
 * when it starts with a digit), tested on characters so most non-codes are never copied: 5 digit-first
 * characters start with four digits; a letter-first token has a digit second, except ICD-10-PCS
 * (7 characters).
 */
function mayBeShape(text: string, start: number, len: number): boolean {
  if (isDigitCode(text.charCodeAt(start))) {
    return len !== 5 || (isDigitCode(text.charCodeAt(start + 1)) && isDigitCode(text.charCodeAt(start + 2)) && isDigitCode(text.charCodeAt(start + 3)));
  }
  return len === 7 || isDigitCode(text.charCodeAt(start + 1));
}

const NONE: ShapeCandidate[] = [];
/** Shared empty list for non-procedure tokens; never handed out (mentions get a fresh array). */
const NO_MODIFIERS: string[] = [];

/**
 * "32601-32674", "E08-E13", "99202 through 99205": both ends the same kind, first < last. The range
 * never crosses a line, so both ends are on the first one's line [lineStart, lineEnd).
 */
function tryRange(text: string, end: number, usable: ShapeCandidate[], lineStart: number, lineEnd: number): { range: CodeRange; end: number } | null {
  const r = readRangeEnd(text, end);
  if (!r) return null;
  const second = shapesOf(r.token);
  for (const a of usable) {
    for (const b of second) {
      if (a.system !== b.system || !sameFamily(a, b)) continue;
      if (a.code >= b.code) continue;
      if (isHardNegativeOnLine(text, r.start, r.end, b, true, lineStart, lineEnd)) continue;
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

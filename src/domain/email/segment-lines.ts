// Line classification for a plain-text e-mail body: which lines are the sender's new text, which
// are quoted history (">" lines, attributions, Outlook header blocks, pasted forwards) and which are
// the signature. segment.ts turns the classes into segments.
//
// Lines are offsets into the text, not copies: most lines are only looked at character by character,
// and a line's text is sliced only for the few lines that reach a regular expression.

import { append } from "../codes/arrays.js";
import { isBlank, isSpaceCode } from "../codes/chars.js";

export type LineClass = "body" | "quoted" | "signature";

/** Lines of `text`: line i is text[starts[i], ends[i]) (its newline, and a CR before it, excluded). */
export interface Lines {
  text: string;
  starts: number[];
  ends: number[];
}

/** Splits `text` into lines (CRLF and LF). */
export function splitLines(text: string): Lines {
  const starts: number[] = [];
  const ends: number[] = [];
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf("\n", start);
    if (nl < 0) nl = text.length;
    append(starts, start);
    append(ends, nl > start && text.charCodeAt(nl - 1) === 13 /* \r */ ? nl - 1 : nl);
    if (nl >= text.length) break;
    start = nl + 1;
  }
  return { text, starts, ends };
}

/** Lines from line `from` on, as `splitLines` returns them for the text from the start of that line (offsets stay those of `lines.text`). */
export function linesFrom(lines: Lines, from: number): Lines {
  return { text: lines.text, starts: lines.starts.slice(from), ends: lines.ends.slice(from) };
}

/**
 * Lines before line `to`, as `splitLines` returns them for the text up to the start of line `to`
 * (which ends in a newline, so the last line is empty; offsets stay those of `lines.text`).
 */
export function linesBefore(lines: Lines, to: number): Lines {
  const starts = lines.starts.slice(0, to);
  const ends = lines.ends.slice(0, to);
  append(starts, lines.starts[to]!);
  append(ends, lines.starts[to]!);
  return { text: lines.text, starts, ends };
}

/** Text of line `i`, "" past the last line. */
export function lineText(lines: Lines, i: number): string {
  return i < lines.starts.length ? lines.text.slice(lines.starts[i], lines.ends[i]) : "";
}

/** Line `i` is blank (white space only), or past the last line. */
function isBlankLine(lines: Lines, i: number): boolean {
  return i >= lines.starts.length || isBlank(lines.text, lines.starts[i], lines.ends[i]);
}

/** "-----Original Message-----", "---------- Forwarded message ---------", "Begin forwarded message:" */
const HISTORY_MARKER =
  /^\s*(?:[-_=*]{2,}\s*(?:original message|forwarded message|forwarded e-?mail|message d'origine|reply message)\s*[-_=*]{2,}|begin forwarded message:?|forwarded message:)\s*$/i;
const OUTLOOK_FROM = /^\s*\*{0,2}(?:from|von|de)\s*:\*{0,2}\s*\S/i;
const OUTLOOK_SENT = /^\s*\*{0,2}(?:sent|date|gesendet|envoyé)\s*:/i;
const OUTLOOK_TO = /^\s*\*{0,2}(?:to|subject|cc|an|betreff|objet|à)\s*:/i;
const UNDERSCORES = /^\s*_{8,}\s*$/;
const ON_WROTE_START = /^\s*On\s.{4,}/;
const WROTE_END = /\b(?:wrote|writes|a écrit|schrieb)\s*:\s*$/i;
const SIG_DASHES = /^--\s?$/;
const SENT_FROM = /^\s*(?:sent from my|get outlook for|sent via|sent from (?:outlook|mail for))\b/i;
const VALEDICTION =
  /^\s*(?:thanks|thank you|many thanks|thanks again|thanks in advance|thx|regards|best|best regards|kind regards|warm regards|warmly|sincerely|cheers|respectfully|all the best|with thanks|take care)\s*[,.!]?\s*$/i;

/**
 * Classifies each line (rules in order):
 * 1. From a history marker (Original Message / Forwarded message / Begin forwarded message), an
 *    Outlook header block ("From:" with "Sent:"/"Date:" and "To:"/"Subject:" within 6 lines, or a
 *    line of underscores before one), or an "On … wrote:" line not followed by ">" lines,
 *    everything to the end is quoted history.
 * 2. ">" lines and "On … wrote:" / "… wrote:" attributions are quoted.
 * 3. From a "-- " line (RFC 3676 §4.3 signature separator) or "Sent from my …", lines up to the
 *    next quoted line are signature; so are the last lines after a closing valediction
 *    ("Thanks,", "Regards,") when at most 8 short lines without a question follow it.
 * 4. Blank lines take the class of the line before them. Everything else is body.
 */
export function classifyLines(lines: Lines): LineClass[] {
  return classifyWithCut(lines).cls;
}

/** `classifyLines` plus the index of the line where history starts to the end (`lines.starts.length` if none). */
export function classifyWithCut(lines: Lines): { cls: LineClass[]; cut: number } {
  const { text, starts, ends } = lines;
  const n = starts.length;
  const cls: LineClass[] = new Array<LineClass>(n).fill("body");
  let cut = n;
  for (let i = 0; i < n && cut === n; i++) {
    if (!mayStartHistory(text, starts[i]!, ends[i]!)) continue;
    if (isQuoted(text, starts[i]!, ends[i]!)) continue;
    const t = lineText(lines, i);
    if (HISTORY_MARKER.test(t)) cut = i;
    else if (UNDERSCORES.test(t) && OUTLOOK_FROM.test(lineText(lines, nextIndex(lines, i + 1))) && isOutlookBlock(lines, nextIndex(lines, i + 1))) cut = i;
    else if (OUTLOOK_FROM.test(t) && isOutlookBlock(lines, i)) cut = i;
    else {
      const wroteEnd = attributionEnd(lines, i);
      if (wroteEnd >= 0) {
        for (let k = i; k <= wroteEnd; k++) cls[k] = "quoted";
        const next = nextIndex(lines, wroteEnd + 1);
        if (next < n && !isQuoted(text, starts[next]!, ends[next]!)) cut = i;
        i = wroteEnd;
      }
    }
  }
  for (let i = cut; i < n; i++) cls[i] = "quoted";

  let inSig = false;
  for (let i = 0; i < cut; i++) {
    const s = starts[i]!;
    const e = ends[i]!;
    if (isQuoted(text, s, e)) {
      cls[i] = "quoted";
      inSig = false;
      continue;
    }
    if (cls[i] === "quoted") {
      inSig = false;
      continue;
    }
    const c0 = s < e ? text.charCodeAt(s) : -1;
    if (
      (c0 === 45 && SIG_DASHES.test(lineText(lines, i))) ||
      ((c0 === 83 || c0 === 115 || c0 === 71 || c0 === 103 || c0 === 32) && SENT_FROM.test(lineText(lines, i)))
    ) {
      inSig = true;
    }
    if (inSig) cls[i] = "signature";
  }
  markValediction(lines, cls, cut);
  for (let i = 1; i < n; i++) if (isBlank(text, starts[i], ends[i])) cls[i] = cls[i - 1] ?? "body";
  return { cls, cut };
}

const HEADER_LINE = /^\s*\*{0,2}[A-Za-z][A-Za-z -]{0,20}\s*:\*{0,2}(?:\s|$)/;

/**
 * Where the forwarded message's own text starts, given the history cut: after the marker line and
 * the header lines ("From:", "Sent:", "To:", "Subject:" …) and blank lines that follow it.
 */
export function forwardedContentStart(lines: Lines, cut: number): number {
  let i = cut;
  const first = lineText(lines, i);
  if (HISTORY_MARKER.test(first) || UNDERSCORES.test(first) || ON_WROTE_START.test(first)) i++;
  while (i < lines.starts.length) {
    const t = lineText(lines, i);
    if (isBlank(t) || HEADER_LINE.test(t) || endsWithColon(t, 0, t.length) && WROTE_END.test(t)) i++;
    else break;
  }
  return i;
}

/**
 * Cheap pre-test on the line text[s, e): only lines that start with a quote mark, a dash-like rule,
 * "On", "From"/"Von"/"De", "Begin"/"Forwarded", "*", or that end with ":" can open history (keeps
 * segmentation O(n) with one character test per ordinary line).
 */
function mayStartHistory(text: string, s: number, e: number): boolean {
  let i = s;
  let c = -1;
  while (i < e && ((c = text.charCodeAt(i)) === 32 || c === 9)) i++;
  if (i >= e) return false;
  // > - _ = *
  if (c === 62 || c === 45 || c === 95 || c === 61 || c === 42) return true;
  // O F V D B f v d b
  if (c === 79 || c === 70 || c === 86 || c === 68 || c === 66 || c === 102 || c === 118 || c === 100 || c === 98) return true;
  return endsWithColon(text, s, e);
}

/** `text.slice(s, e).trimEnd().endsWith(":")`: the last character that is not white space is a colon. */
function endsWithColon(text: string, s: number, e: number): boolean {
  let i = e - 1;
  while (i >= s && isSpaceCode(text.charCodeAt(i))) i--;
  return i >= s && text.charCodeAt(i) === 58;
}

/** `/^\s*>/.test(text.slice(s, e))`: the first character that is not white space is ">". */
function isQuoted(text: string, s: number, e: number): boolean {
  let i = s;
  while (i < e && isSpaceCode(text.charCodeAt(i))) i++;
  return i < e && text.charCodeAt(i) === 62;
}

/** First letters of the VALEDICTION phrases (lower-cased); a cheap pre-test before the expression. */
const VALEDICTION_FIRST = new Set(["t", "m", "r", "b", "k", "w", "s", "c", "a"]);

/**
 * Most characters other than white space that a VALEDICTION line holds: its longest phrase without
 * the spaces, plus one of ",.!" (derived from the expression's source).
 */
const VALEDICTION_MAX_INK =
  Math.max(...(/\(\?:([^)]*)\)/.exec(VALEDICTION.source)![1] ?? "").split("|").map((p) => p.replace(/ /g, "").length)) + 1;

function mayBeValediction(lines: Lines, k: number): boolean {
  const text = lines.text;
  const e = lines.ends[k]!;
  let i = lines.starts[k]!;
  while (i < e && isSpaceCode(text.charCodeAt(i))) i++;
  const c = i < e ? text.charCodeAt(i) | 0x20 : -1;
  if (!(c >= 97 && c <= 122 && VALEDICTION_FIRST.has(String.fromCharCode(c)))) return false;
  let ink = 0;
  for (; i < e; i++) if (!isSpaceCode(text.charCodeAt(i)) && ++ink > VALEDICTION_MAX_INK) return false;
  return VALEDICTION.test(lineText(lines, k));
}

/** Index of the first line at or after `from` that is not blank (`lines.starts.length` if none). */
function nextIndex(lines: Lines, from: number): number {
  for (let i = from; i < lines.starts.length; i++) if (!isBlankLine(lines, i)) return i;
  return lines.starts.length;
}

function isOutlookBlock(lines: Lines, i: number): boolean {
  let sent = false;
  let to = false;
  for (let k = i + 1; k < Math.min(lines.starts.length, i + 7); k++) {
    const t = lineText(lines, k);
    if (OUTLOOK_SENT.test(t)) sent = true;
    if (OUTLOOK_TO.test(t)) to = true;
  }
  return sent && to;
}

/** Index of the line ending an attribution that starts at `i` ("On …" over ≤ 3 lines, or "X wrote:"), else -1. */
function attributionEnd(lines: Lines, i: number): number {
  const { text, starts, ends } = lines;
  const n = starts.length;
  const t = lineText(lines, i);
  if (t.length > 400) return -1;
  if (ON_WROTE_START.test(t)) {
    for (let k = i; k < Math.min(n, i + 3); k++) {
      if (k > i && isBlankLine(lines, k)) break;
      if (endsWithColon(text, starts[k]!, ends[k]!) && WROTE_END.test(lineText(lines, k))) return k;
    }
    return -1;
  }
  if (t.length < 200 && endsWithColon(t, 0, t.length) && WROTE_END.test(t)) {
    const next = nextIndex(lines, i + 1);
    if (next < n && isQuoted(text, starts[next]!, ends[next]!)) return i;
  }
  return -1;
}

function markValediction(lines: Lines, cls: LineClass[], cut: number): void {
  // The last run of body lines before the cut is where a closing sits.
  // Blank lines are neutral here: they neither end nor start a run.
  let endRun = cut - 1;
  while (endRun >= 0 && (cls[endRun] !== "body" || isBlankLine(lines, endRun))) endRun--;
  if (endRun < 0) return;
  let startRun = endRun;
  while (startRun > 0 && (cls[startRun - 1] === "body" || isBlankLine(lines, startRun - 1))) startRun--;
  while (startRun < endRun && isBlankLine(lines, startRun)) startRun++;
  for (let i = endRun; i >= startRun; i--) {
    if (!mayBeValediction(lines, i)) continue;
    if (i === startRun) return; // an opening "Thanks!" is no closing
    if (isShortClosing(lines, i + 1, endRun + 1)) for (let k = i; k <= endRun; k++) cls[k] = "signature";
    return;
  }
}

/** Lines [from, to) hold at most 8 lines that are not blank, each ≤ 90 characters and no sentence. */
function isShortClosing(lines: Lines, from: number, to: number): boolean {
  let count = 0;
  for (let k = from; k < to; k++) if (!isBlankLine(lines, k)) count++;
  if (count > 8) return false;
  for (let k = from; k < to; k++) {
    if (isBlankLine(lines, k)) continue;
    const s = lines.starts[k]!;
    const e = lines.ends[k]!;
    if (e - s > 90 || isSentence(lines.text, s, e)) return false;
  }
  return true;
}

/**
 * The line text[s, e) reads as prose rather than a signature line: a question ("?"), a P.S.
 * (`/^\s*P\.?S\.?\b/i`), or a sentence of ≥ 5 words (ends in ".", "!" or ":" before trailing
 * white space). Character tests, no copy of the line.
 */
function isSentence(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (text.charCodeAt(i) === 63 /* ? */) return true;
  let i = s;
  while (i < e && isSpaceCode(text.charCodeAt(i))) i++;
  if (i < e && (text.charCodeAt(i) | 0x20) === 112 /* p */) {
    let k = i + 1;
    if (k < e && text.charCodeAt(k) === 46 /* . */) k++;
    // "S" then a word boundary: no word character next ("P.S." passes through the dot's boundary)
    if (k < e && (text.charCodeAt(k) | 0x20) === 115 /* s */ && !(k + 1 < e && isWordCode(text.charCodeAt(k + 1)))) return true;
  }
  let last = e - 1;
  while (last >= s && isSpaceCode(text.charCodeAt(last))) last--;
  const c = last >= s ? text.charCodeAt(last) : -1;
  if (!(c === 46 || c === 33 || c === 58) /* . ! : */) return false;
  // words: runs of characters that are not white space
  let words = 0;
  for (let k = i; k <= last; k++) {
    if (!isSpaceCode(text.charCodeAt(k)) && (k === i || isSpaceCode(text.charCodeAt(k - 1))) && ++words >= 5) return true;
  }
  return false;
}

/** `\w`: ASCII letters, digits, underscore. */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

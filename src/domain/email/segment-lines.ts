// Line classification for a plain-text e-mail body: which lines are the sender's new text, which
// are quoted history (">" lines, attributions, Outlook header blocks, pasted forwards) and which are
// the signature. segment.ts turns the classes into segments.

import { append } from "../codes/arrays.js";
import { isBlank, isSpaceCode } from "../codes/chars.js";

export type LineClass = "body" | "quoted" | "signature";

export interface Line {
  start: number;
  /** end offset, newline excluded */
  end: number;
  text: string;
}

/** Splits `text` into lines with offsets (CRLF and LF). */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf("\n", start);
    if (nl < 0) nl = text.length;
    const end = nl > start && text[nl - 1] === "\r" ? nl - 1 : nl;
    append(lines, { start, end, text: text.slice(start, end) });
    if (nl >= text.length) break;
    start = nl + 1;
  }
  return lines;
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
export function classifyLines(lines: Line[]): LineClass[] {
  return classifyWithCut(lines).cls;
}

/** `classifyLines` plus the index of the line where history starts to the end (`lines.length` if none). */
export function classifyWithCut(lines: Line[]): { cls: LineClass[]; cut: number } {
  const n = lines.length;
  const cls: LineClass[] = new Array<LineClass>(n).fill("body");
  let cut = n;
  for (let i = 0; i < n && cut === n; i++) {
    const t = lines[i]?.text ?? "";
    if (!mayStartHistory(t)) continue;
    if (isQuoted(t)) continue;
    if (HISTORY_MARKER.test(t)) cut = i;
    else if (UNDERSCORES.test(t) && OUTLOOK_FROM.test(nextNonBlank(lines, i + 1)?.text ?? "") && isOutlookBlock(lines, nextIndex(lines, i + 1))) cut = i;
    else if (OUTLOOK_FROM.test(t) && isOutlookBlock(lines, i)) cut = i;
    else {
      const wroteEnd = attributionEnd(lines, i);
      if (wroteEnd >= 0) {
        for (let k = i; k <= wroteEnd; k++) cls[k] = "quoted";
        const next = nextNonBlank(lines, wroteEnd + 1);
        if (next && !isQuoted(next.text)) cut = i;
        i = wroteEnd;
      }
    }
  }
  for (let i = cut; i < n; i++) cls[i] = "quoted";

  let inSig = false;
  for (let i = 0; i < cut; i++) {
    const t = lines[i]?.text ?? "";
    if (isQuoted(t)) {
      cls[i] = "quoted";
      inSig = false;
      continue;
    }
    if (cls[i] === "quoted") {
      inSig = false;
      continue;
    }
    const c0 = t.charCodeAt(0);
    if ((c0 === 45 && SIG_DASHES.test(t)) || ((c0 === 83 || c0 === 115 || c0 === 71 || c0 === 103 || c0 === 32) && SENT_FROM.test(t))) inSig = true;
    if (inSig) cls[i] = "signature";
  }
  markValediction(lines, cls, cut);
  for (let i = 1; i < n; i++) if (isBlank(lines[i]?.text ?? "")) cls[i] = cls[i - 1] ?? "body";
  return { cls, cut };
}

const HEADER_LINE = /^\s*\*{0,2}[A-Za-z][A-Za-z -]{0,20}\s*:\*{0,2}(?:\s|$)/;

/**
 * Where the forwarded message's own text starts, given the history cut: after the marker line and
 * the header lines ("From:", "Sent:", "To:", "Subject:" …) and blank lines that follow it.
 */
export function forwardedContentStart(lines: Line[], cut: number): number {
  let i = cut;
  const first = lines[i]?.text ?? "";
  if (HISTORY_MARKER.test(first) || UNDERSCORES.test(first) || ON_WROTE_START.test(first)) i++;
  while (i < lines.length) {
    const t = lines[i]?.text ?? "";
    if (isBlank(t) || HEADER_LINE.test(t) || endsWithColon(t) && WROTE_END.test(t)) i++;
    else break;
  }
  return i;
}

/**
 * Cheap pre-test: only lines that start with a quote mark, a dash-like rule, "On", "From"/"Von"/
 * "De", "Begin"/"Forwarded", "*", or that end with ":" can open history (keeps segmentation O(n)
 * with one character test per ordinary line).
 */
function mayStartHistory(t: string): boolean {
  let i = 0;
  while (i < t.length && (t[i] === " " || t[i] === "\t")) i++;
  const c = t[i];
  if (c === undefined) return false;
  if (c === ">" || c === "-" || c === "_" || c === "=" || c === "*") return true;
  if (c === "O" || c === "F" || c === "V" || c === "D" || c === "B" || c === "f" || c === "v" || c === "d" || c === "b") return true;
  return endsWithColon(t);
}

/** `t.trimEnd().endsWith(":")`: the last character that is not white space is a colon. */
function endsWithColon(t: string): boolean {
  let i = t.length - 1;
  while (i >= 0 && isSpaceCode(t.charCodeAt(i))) i--;
  return i >= 0 && t.charCodeAt(i) === 58;
}

/** `/^\s*>/.test(t)`: the first character that is not white space is ">". */
function isQuoted(t: string): boolean {
  let i = 0;
  while (i < t.length && isSpaceCode(t.charCodeAt(i))) i++;
  return i < t.length && t.charCodeAt(i) === 62;
}

/** First letters of the VALEDICTION phrases (lower-cased); a cheap pre-test before the expression. */
const VALEDICTION_FIRST = new Set(["t", "m", "r", "b", "k", "w", "s", "c", "a"]);

function mayBeValediction(t: string): boolean {
  let i = 0;
  while (i < t.length && isSpaceCode(t.charCodeAt(i))) i++;
  const c = t.charCodeAt(i) | 0x20;
  return c >= 97 && c <= 122 && VALEDICTION_FIRST.has(String.fromCharCode(c)) && VALEDICTION.test(t);
}

function nextIndex(lines: Line[], from: number): number {
  for (let i = from; i < lines.length; i++) if (!isBlank(lines[i]?.text ?? "")) return i;
  return lines.length;
}

function nextNonBlank(lines: Line[], from: number): Line | undefined {
  return lines[nextIndex(lines, from)];
}

function isOutlookBlock(lines: Line[], i: number): boolean {
  let sent = false;
  let to = false;
  for (let k = i + 1; k < Math.min(lines.length, i + 7); k++) {
    const t = lines[k]?.text ?? "";
    if (OUTLOOK_SENT.test(t)) sent = true;
    if (OUTLOOK_TO.test(t)) to = true;
  }
  return sent && to;
}

/** Index of the line ending an attribution that starts at `i` ("On …" over ≤ 3 lines, or "X wrote:"), else -1. */
function attributionEnd(lines: Line[], i: number): number {
  const t = lines[i]?.text ?? "";
  if (t.length > 400) return -1;
  if (ON_WROTE_START.test(t)) {
    for (let k = i; k < Math.min(lines.length, i + 3); k++) {
      const tk = lines[k]?.text ?? "";
      if (k > i && isBlank(tk)) break;
      if (endsWithColon(tk) && WROTE_END.test(tk)) return k;
    }
    return -1;
  }
  if (t.length < 200 && endsWithColon(t) && WROTE_END.test(t) && isQuoted(nextNonBlank(lines, i + 1)?.text ?? "")) return i;
  return -1;
}

function isBlankLine(lines: Line[], i: number): boolean {
  return isBlank(lines[i]?.text ?? "");
}

function markValediction(lines: Line[], cls: LineClass[], cut: number): void {
  // The last run of body lines before the cut is where a closing sits.
  // Blank lines are neutral here: they neither end nor start a run.
  let endRun = cut - 1;
  while (endRun >= 0 && (cls[endRun] !== "body" || isBlankLine(lines, endRun))) endRun--;
  if (endRun < 0) return;
  let startRun = endRun;
  while (startRun > 0 && (cls[startRun - 1] === "body" || isBlankLine(lines, startRun - 1))) startRun--;
  while (startRun < endRun && isBlankLine(lines, startRun)) startRun++;
  for (let i = endRun; i >= startRun; i--) {
    if (!mayBeValediction(lines[i]?.text ?? "")) continue;
    if (i === startRun) return; // an opening "Thanks!" is no closing
    const after = lines.slice(i + 1, endRun + 1).filter((l) => l.text.trim() !== "");
    const short = after.length <= 8 && after.every((l) => l.text.length <= 90 && !isSentence(l.text));
    if (short) for (let k = i; k <= endRun; k++) cls[k] = "signature";
    return;
  }
}

/** A line that reads as prose rather than a signature line: a question, a P.S., or a sentence of ≥ 5 words. */
function isSentence(t: string): boolean {
  if (/\?|^\s*P\.?S\.?\b/i.test(t)) return true;
  return /[.!:]\s*$/.test(t) && t.trim().split(/\s+/).length >= 5;
}

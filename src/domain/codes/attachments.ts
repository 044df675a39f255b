// What may follow (or precede) a code on the same line and belongs to it: attached modifiers,
// units of service and the second end of a range. Pure string readers over the segment text.

import { append } from "./arrays.js";
import { isDigitCode, isSpaceCode } from "./chars.js";
import { ALL_MODIFIERS, SPACED_MODIFIERS } from "./modifiers.js";

/** Result of reading modifiers after a code: the modifiers in written order and where reading stopped. */
export interface ModifierRead {
  modifiers: string[];
  end: number;
}

/** A number followed by one of these is a quantity, not a modifier ("99214 25 minutes"). */
const NOT_MODIFIER_AFTER = /^\s*(?:minutes?|mins?|units?|times|x\b|mg|mcg|ml|%|years?|yrs?|y\/?o|yo|days?|hours?|hrs?|weeks?|months?|patients?|visits?|claims?|[-–]\s*\d)/i;

/**
 * Reads modifiers attached to a CPT or HCPCS Level II code that ends at `pos` in `text`
 * ("-50", "-LT-79", " GA", " – 59"). After a hyphen, en dash or em dash any modifier of the CMS
 * HCPCS Level II file or the CPT Appendix A list is taken; after a plain space only the
 * unambiguous set (modifiers.ts SPACED_MODIFIERS) written in capitals. Never crosses a line.
 *
 * Each step reads what the expression `(\s*[-–—]\s*|[ \t])([0-9A-Za-z]{2})(?![0-9A-Za-z])` would
 * match at the current end (written as character tests): white space, a dash and white space, or
 * one space or tab; then a two-character modifier that no letter or digit follows.
 */
export function readModifiers(text: string, pos: number): ModifierRead {
  const modifiers: string[] = [];
  let end = pos;
  const n = text.length;
  for (;;) {
    // the dashed separator: white space, a dash, white space (a "\n" in it ends the reading)
    let at = -1;
    let dashed = false;
    let newline = false;
    let p = end;
    while (p < n && isSpaceCode(text.charCodeAt(p))) if (text.charCodeAt(p++) === 10) newline = true;
    if (p < n && isDash(text.charCodeAt(p))) {
      p++;
      while (p < n && isSpaceCode(text.charCodeAt(p))) if (text.charCodeAt(p++) === 10) newline = true;
      if (isModifierAt(text, p)) {
        at = p;
        dashed = true;
      }
    }
    // else one space or tab
    if (at < 0) {
      const c = text.charCodeAt(end);
      if ((c === 32 || c === 9) && isModifierAt(text, end + 1)) {
        at = end + 1;
        newline = false;
      }
    }
    if (at < 0 || newline) break;
    const written = text.slice(at, at + 2);
    const mod = written.toUpperCase();
    const ok = dashed
      ? ALL_MODIFIERS.has(mod) && (written === mod || SPACED_MODIFIERS.has(mod)) && !isDashedNumberAt(text, at + 2)
      : written === mod && SPACED_MODIFIERS.has(mod) && !NOT_MODIFIER_AFTER.test(text.slice(at + 2, at + 26));
    if (!ok) break;
    append(modifiers, mod);
    end = at + 2;
  }
  return { modifiers, end };
}

/** Two ASCII letters or digits at `i` that no third one follows. */
function isModifierAt(text: string, i: number): boolean {
  return isAlnumCode(text.charCodeAt(i)) && isAlnumCode(text.charCodeAt(i + 1)) && !isAlnumCode(text.charCodeAt(i + 2));
}

/** `/^[-–]\d{3}/` at `i`: a hyphen or en dash and three digits ("-1234" of a number, no modifier). */
function isDashedNumberAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c === 45 || c === 0x2013) && isDigitCode(text.charCodeAt(i + 1)) && isDigitCode(text.charCodeAt(i + 2)) && isDigitCode(text.charCodeAt(i + 3));
}

/** [0-9A-Za-z]; NaN (past the end) is none. */
function isAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const UNITS_AFTER =
  /[ \t]*(?:\(\s*)?(?:[x×X*][ \t]?(\d{1,3})(?!\d|\.\d)(?:[ \t]*units?\b)?|(\d{1,3})[ \t]*units?\b|,?[ \t]*units?[ \t]*[:=]?[ \t]*(\d{1,3})(?!\d|\.\d))(?:\s*\))?/y;
const UNITS_BEFORE = /(?:^|[^\d.])(\d{1,3})[ \t]*(?:units?|x|×)[ \t]*(?:of[ \t]+)?(?:(?:cpt|hcpcs|code)[ \t]+)?$/i;

/** Units of service written after a code ("x 4", "× 2", "4 units", "(x2)", "units: 3"). */
export function readUnitsAfter(text: string, pos: number): { units: number; end: number } | null {
  // UNITS_AFTER: after spaces and tabs, "(", "x", "×", "X", "*", a digit, "," or "units"
  let i = pos;
  let c = text.charCodeAt(i);
  while (c === 32 || c === 9) c = text.charCodeAt(++i);
  if (!(c === 40 || c === 120 || c === 0xd7 || c === 88 || c === 42 || isDigitCode(c) || c === 44 || c === 117)) return null;
  UNITS_AFTER.lastIndex = pos;
  const m = UNITS_AFTER.exec(text);
  if (!m) return null;
  const raw = m[1] ?? m[2] ?? m[3];
  if (raw === undefined) return null;
  const units = Number(raw);
  if (!Number.isInteger(units) || units <= 0) return null;
  return { units, end: UNITS_AFTER.lastIndex };
}

/**
 * Units of service written before a code on the same line ("4 units of J1100", "2 x 96372").
 * `lineStart`: start of the code's line (after the last "\n" before `start`).
 */
export function readUnitsBefore(text: string, start: number, lineStart: number): number | null {
  const from = Math.max(lineStart, start - 30);
  if (!hasCountWord(text, from, start)) return null;
  const m = UNITS_BEFORE.exec(text.slice(from, start));
  if (!m) return null;
  const units = Number(m[1]);
  return units > 0 ? units : null;
}

/**
 * Necessary condition for UNITS_BEFORE on text[from, to): a digit followed, after spaces and tabs,
 * by "u", "x" (either case) or "×".
 */
function hasCountWord(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (!isDigitCode(text.charCodeAt(i))) continue;
    let k = i + 1;
    let c = text.charCodeAt(k);
    while (k < to && (c === 32 || c === 9)) c = text.charCodeAt(++k);
    if (k < to && ((c | 0x20) === 117 || (c | 0x20) === 120 || c === 0xd7)) return true;
  }
  return false;
}

function isDash(c: number): boolean {
  return c === 45 || c === 0x2013 || c === 0x2014; // - – —
}

const RANGE_SEP = /(?:[ \t]?[-–—][ \t]?|[ \t]+(?:through|thru)[ \t]+)/y;
const RANGE_END = /([A-Za-z]?\d[0-9A-Za-z]{1,5}(?:\.[0-9A-Za-z]{1,4})?)(?![0-9A-Za-z])/y;

/**
 * If a range separator ("-", "–", "through", "thru") follows `pos`, returns the second token's text
 * and where it ends; the caller checks that both ends are the same kind of code and ordered.
 */
export function readRangeEnd(text: string, pos: number): { token: string; start: number; end: number } | null {
  // RANGE_SEP: a dash, one space or tab and a dash, or spaces and tabs before "through" / "thru"
  const c = text.charCodeAt(pos);
  if (!isDash(c)) {
    if (c !== 32 && c !== 9) return null;
    const c1 = text.charCodeAt(pos + 1);
    if (!isDash(c1) && c1 !== 32 && c1 !== 9 && c1 !== 116 /* t */) return null;
  }
  RANGE_SEP.lastIndex = pos;
  if (!RANGE_SEP.exec(text)) return null;
  const start = RANGE_SEP.lastIndex;
  RANGE_END.lastIndex = start;
  const m = RANGE_END.exec(text);
  if (!m || m[1] === undefined) return null;
  return { token: m[1], start, end: RANGE_END.lastIndex };
}

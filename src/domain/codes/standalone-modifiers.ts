// Stand-alone modifier mentions: a modifier talked about without a code attached ("modifier 59",
// "mods 25 and XS", "mod XS", "the -25", "a 59 modifier", "RT/LT"). Reported as system MODIFIER.

import { append } from "./arrays.js";
import { isSpaceCode } from "./chars.js";
import { ALL_MODIFIERS, ANATOMIC_MODIFIERS, SPACED_MODIFIERS } from "./modifiers.js";
import type { RawMention } from "./scan-codes.js";

const SEP = String.raw`[ \t]*(?:,|\/|&|\+|\band\b|\bor\b|\bvs\.?|\bversus\b)[ \t]*(?:and[ \t]+|or[ \t]+)?`;
/** "modifier 59", "modifiers: 25, 59 and XS", "mod XS", "mod. -59" */
const AFTER_WORD = new RegExp(
  String.raw`\b(?:modifiers?|mods?\.?)[ \t]*[:#]?[ \t]*((?:-?[0-9A-Za-z]{2}(?![0-9A-Za-z])(?:${SEP})?)+)`,
  "gi",
);
/** "25 modifier", "-59 modifier", "XS modifiers" */
const BEFORE_WORD = /(?<![0-9A-Za-z\-–])[-–]?([0-9A-Za-z]{2})[ \t]+modifiers?\b/g;
/** "the -25", "append -59", "with -XS", and a bare "-25" between spaces */
const DASHED = /[-–]([0-9]{2}|[A-Z][A-Z0-9])(?=$|[\s).,;:?!\]])/gm;
/** "append 59", "appended XS" */
const APPEND = /\bappend(?:ed|ing|s)?[ \t]+(?:an?[ \t]+|the[ \t]+)?([0-9]{2}|[A-Z][A-Z0-9])(?![0-9A-Za-z])/gi;
/** "RT/LT", "-RT/-LT", "XS or XU" */
const PAIR = /\b([A-Z][A-Z0-9]|\d{2})[ \t]*(?:\/|or\b|and\b)[ \t]*[-–]?([A-Z][A-Z0-9]|\d{2})(?![0-9A-Za-z])/g;
const LIST_ITEM = /-?([0-9A-Za-z]{2})(?![0-9A-Za-z])/g;
const CONJUNCTION = /^(?:and|or|vs)$/i;
const MOD_WORD = /mod/i;
const APPEND_WORD = /append/i;

/** True when `written` may be read as a modifier in prose; `loose` allows any CMS/CPT modifier in capitals. */
function isModifier(written: string, loose: boolean): boolean {
  const u = written.toUpperCase();
  if (SPACED_MODIFIERS.has(u) || ANATOMIC_MODIFIERS.has(u)) return loose || written === u || /^\d\d$/.test(u) || SPACED_MODIFIERS.has(u);
  return loose && written === u && ALL_MODIFIERS.has(u);
}

/**
 * Finds stand-alone modifier mentions in `text`, skipping spans already `claimed` by codes (so the
 * "-25" of "99213-25" is not reported twice). Each result has system MODIFIER, code upper-case,
 * span of the two characters, confidence 0.9 next to the word "modifier", 0.75 otherwise.
 */
export function scanStandaloneModifiers(text: string, claimed: Array<[number, number]>): RawMention[] {
  const out: RawMention[] = [];
  let m: RegExpExecArray | null;
  // Cheap pre-tests: each pattern needs a literal that most texts lack.
  if (MOD_WORD.test(text)) {
    AFTER_WORD.lastIndex = 0;
    while ((m = AFTER_WORD.exec(text)) !== null) {
      const list = m[1] ?? "";
      const listStart = m.index + m[0].length - list.length;
      LIST_ITEM.lastIndex = 0;
      let item: RegExpExecArray | null;
      while ((item = LIST_ITEM.exec(list)) !== null) {
        const w = item[1] ?? "";
        if (CONJUNCTION.test(w)) continue;
        if (!isModifier(w, true)) break;
        add(out, claimed, listStart + item.index + item[0].length - 2, w, 0.9);
      }
    }
    BEFORE_WORD.lastIndex = 0;
    while ((m = BEFORE_WORD.exec(text)) !== null) {
      const w = m[1] ?? "";
      if (isModifier(w, true)) add(out, claimed, m.index + m[0].indexOf(w), w, 0.9);
    }
  }
  if (APPEND_WORD.test(text)) {
    APPEND.lastIndex = 0;
    while ((m = APPEND.exec(text)) !== null) {
      const w = m[1] ?? "";
      if (isModifier(w, false)) add(out, claimed, m.index + m[0].length - 2, w, 0.85);
    }
  }
  if (text.includes("-") || text.includes("\u2013")) {
    DASHED.lastIndex = 0;
    while ((m = DASHED.exec(text)) !== null) {
      const prev = m.index > 0 ? text.charCodeAt(m.index - 1) : 10;
      if (!(isSpaceCode(prev) || prev === 40 /* ( */ || prev === 91) /* [ */) continue;
      const w = m[1] ?? "";
      if (SPACED_MODIFIERS.has(w) || ANATOMIC_MODIFIERS.has(w)) add(out, claimed, m.index + m[0].length - 2, w, 0.75);
    }
  }
  PAIR.lastIndex = 0;
  while ((m = PAIR.exec(text)) !== null) {
    const before = m.index > 0 ? (text[m.index - 1] ?? "") : "";
    if (before === "-" || before === "–" ? m.index > 1 && /[0-9A-Za-z]/.test(text[m.index - 2] ?? "") : false) continue;
    const a = m[1] ?? "";
    const b = m[2] ?? "";
    if (/^T\d$/.test(a) && /^T\d$/.test(b)) continue; // T1/T2 MRI weighting or thoracic levels
    if (/^\d\d$/.test(a) && /^\d\d$/.test(b)) continue; // "25/30" is no pair of modifiers
    const okA = SPACED_MODIFIERS.has(a) || ANATOMIC_MODIFIERS.has(a);
    const okB = SPACED_MODIFIERS.has(b) || ANATOMIC_MODIFIERS.has(b);
    if (!okA || !okB) continue;
    add(out, claimed, m.index + m[0].indexOf(a), a, 0.75);
    add(out, claimed, m.index + m[0].lastIndexOf(b), b, 0.75);
  }
  return out;
}

/**
 * Records a mention once per start offset, unless a code already claimed its span. A module function,
 * not a closure: tsx (keepNames) wraps each closure it creates in a defineProperty call.
 */
function add(out: RawMention[], claimed: Array<[number, number]>, start: number, written: string, confidence: number): void {
  for (const m of out) if (m.start === start) return;
  if (overlaps(claimed, start, start + 2)) return;
  append(out, { system: "MODIFIER", code: written.toUpperCase(), modifiers: [], units: null, start, end: start + 2, text: written, confidence });
}

function overlaps(spans: Array<[number, number]>, s: number, e: number): boolean {
  for (const [a, b] of spans) if (s < b && a < e) return true;
  return false;
}

// Table rows: in text converted from an HTML table, a CSV or a PDF table, a row is one line with
// cells joined by " | " (or tabs, as pasted from a spreadsheet). A modifier or units column binds
// to the CPT / HCPCS Level II code in the same row.

import { append } from "./arrays.js";
import { isBlank, isSpaceCode } from "./chars.js";
import { ALL_MODIFIERS } from "./modifiers.js";
import type { RawMention } from "./scan-codes.js";

interface Cell {
  text: string;
  start: number;
  end: number;
}

const CODE_HEAD = /\b(?:cpt|hcpcs|codes?|procedures?|proc|px|services?|line item)\b/i;
const MOD_HEAD = /\bmod(?:ifiers?|s)?\b/i;
const UNITS_HEAD = /\b(?:units?|qty|quantity|uos|units of service|days\/units)\b/i;
const OTHER_CODE_HEAD = /\b(?:dx|diag|diagnos[ie]s|icd|pointer)\b/i;

/**
 * Binds modifier and units columns of table rows to the row's CPT / HCPCS Level II mention.
 * `mentions` are the scanner's results for `text`; the ones in table rows gain `modifiers` (from a
 * column headed "Mod…", or without a header from a cell holding only modifiers right of the code)
 * and `units` (from a column headed "Units" / "Qty" / "UOS"). The cells read are added to
 * `claimed`. Mentions are replaced in place; returns the same array. `mentions` are in order of
 * `start` and do not overlap (as `scanCodes` returns them).
 */
export function bindTableRows(text: string, mentions: RawMention[], claimed: Array<[number, number]>): RawMention[] {
  let nextBar = text.indexOf("|");
  let nextTab = text.indexOf("\t");
  if (nextBar < 0 && nextTab < 0) return mentions;
  // The header in force is the last row without mentions whose cells read as headings, since the
  // last line that is no table row. Such rows are only remembered ([start, end] pairs) and read when
  // a row with a CPT / HCPCS Level II code needs the header, latest first.
  let header: Header | null = null;
  const pending: number[] = [];
  let lineStart = 0;
  let first = 0; // first mention that starts at or after lineStart
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    // next "|" and tab at or after lineStart, each searched once per occurrence (linear overall)
    if (nextBar >= 0 && nextBar < lineStart) nextBar = text.indexOf("|", lineStart);
    if (nextTab >= 0 && nextTab < lineStart) nextTab = text.indexOf("\t", lineStart);
    // a "|" or a tab splits the line into two cells or more (cellsOf)
    const isRow = (nextBar >= 0 && nextBar < lineEnd) || (nextTab >= 0 && nextTab < lineEnd);
    while (first < mentions.length && mentions[first]!.start < lineStart) first++;
    if (!isRow) {
      header = null;
      pending.length = 0;
    } else {
      let procs = 0;
      let inRow = 0;
      for (let i = first; i < mentions.length && mentions[i]!.start <= lineEnd; i++) {
        const m = mentions[i]!;
        if (m.end <= lineEnd) {
          inRow++;
          if (m.system === "CPT" || m.system === "HCPCS") procs++;
        }
      }
      if (inRow === 0) {
        append(pending, lineStart);
        append(pending, lineEnd);
      }
      else if (procs > 0) {
        header = latestHeader(text, pending, header);
        pending.length = 0;
        bindRow(cellsOf(text, lineStart, lineEnd), mentions, first, lineEnd, header, claimed);
      }
    }
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + 1;
  }
  return mentions;
}

interface Header {
  code: number;
  mods: number[];
  units: number;
}

/** The header read from the latest `pending` row that has one, else `current`. */
function latestHeader(text: string, pending: number[], current: Header | null): Header | null {
  for (let k = pending.length - 2; k >= 0; k -= 2) {
    const h = headerOf(cellsOf(text, pending[k]!, pending[k + 1]!));
    if (h) return h;
  }
  return current;
}


/**
 * The cells of the row text[ls, le), split where the expression `[ \t]*\|[ \t]*|\t+` (global)
 * matches, written as a character loop: a "|" with the spaces and tabs around it, or a run of tabs.
 */
function cellsOf(text: string, ls: number, le: number): Cell[] {
  const cells: Cell[] = [];
  let pos = ls; // start of the current cell
  let p = ls;
  let noBarBefore = -1; // below this offset, no run of spaces and tabs leads to a "|"
  while (p < le) {
    const c = text.charCodeAt(p);
    let next = -1; // end of a separator that starts at p
    if (c === 124 /* | */) next = skipBlanks(text, p + 1, le);
    else if (c === 32 || c === 9) {
      if (p >= noBarBefore) {
        const q = skipBlanks(text, p, le);
        if (q < le && text.charCodeAt(q) === 124) next = skipBlanks(text, q + 1, le);
        else noBarBefore = q;
      }
      if (next < 0 && c === 9) {
        next = p;
        while (next < le && text.charCodeAt(next) === 9) next++;
      }
    }
    if (next < 0) {
      p++;
      continue;
    }
    append(cells, { text: text.slice(pos, p), start: pos, end: p });
    pos = next;
    p = next;
  }
  append(cells, { text: text.slice(pos, le), start: pos, end: le });
  return cells;
}

/** First offset at or after `i` (before `le`) that is no space or tab. */
function skipBlanks(text: string, i: number, le: number): number {
  while (i < le && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

function headerOf(cells: Cell[]): Header | null {
  let code = -1;
  let units = -1;
  const mods: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const t = cells[i]!.text;
    if (MOD_HEAD.test(t)) append(mods, i);
    else if (UNITS_HEAD.test(t)) units = units < 0 ? i : units;
    else if (CODE_HEAD.test(t) && !OTHER_CODE_HEAD.test(t) && code < 0) code = i;
  }
  return mods.length > 0 || units >= 0 || code >= 0 ? { code, mods, units } : null;
}

function modifiersIn(cell: string): string[] | null {
  if (!mayBeModifierList(cell)) return null;
  const parts = cell.trim().split(/[\s,;/]+|(?<=\w)-|^-/).filter((p) => p !== "");
  if (parts.length === 0) return null;
  const mods = parts.map((p) => p.toUpperCase());
  return mods.every((m, i) => ALL_MODIFIERS.has(m) && (/^\d\d$/.test(m) || parts[i] === m)) ? mods : null;
}

/**
 * Necessary condition for `modifiersIn`: outside white space, ",", ";", "/" and "-", the cell holds
 * runs of exactly two letters or digits, at least one (every modifier has two characters).
 */
function mayBeModifierList(cell: string): boolean {
  let run = 0;
  let runs = 0;
  for (let i = 0; i <= cell.length; i++) {
    const c = i < cell.length ? cell.charCodeAt(i) : 32;
    if (isSpaceCode(c) || c === 44 || c === 59 || c === 47 || c === 45) {
      if (run !== 0 && run !== 2) return false;
      if (run === 2) runs++;
      run = 0;
    } else if ((c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122)) run++;
    else return false;
  }
  return runs > 0;
}

function cellOf(cells: Cell[], m: RawMention): number {
  for (let i = 0; i < cells.length; i++) if (m.start >= cells[i]!.start && m.start < cells[i]!.end + 1) return i;
  return -1;
}

/**
 * Binds the row's modifier and units cells to its target mention: of the CPT / HCPCS Level II
 * mentions in the row (`mentions` from index `first` that end by `lineEnd`), the first one in the
 * header's code column, else the first one.
 */
function bindRow(
  cells: Cell[],
  mentions: RawMention[],
  first: number,
  lineEnd: number,
  header: Header | null,
  claimed: Array<[number, number]>,
): void {
  let target = -1;
  let inCodeColumn = -1;
  for (let i = first; i < mentions.length && mentions[i]!.start <= lineEnd; i++) {
    const m = mentions[i]!;
    if (m.end > lineEnd || !(m.system === "CPT" || m.system === "HCPCS")) continue;
    if (target < 0) target = i;
    if (header && header.code >= 0 && cellOf(cells, m) === header.code) {
      inCodeColumn = i;
      break;
    }
  }
  if (target < 0) return;
  if (inCodeColumn >= 0) target = inCodeColumn;
  const m = mentions[target]!;
  const codeCell = cellOf(cells, m);
  const modifiers: string[] = m.modifiers.slice();
  let units = m.units;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (i === codeCell || isBlank(c.text)) continue;
    const isModCol = header ? header.mods.includes(i) : i > codeCell;
    if (isModCol) {
      const mods = modifiersIn(c.text);
      if (mods) {
        for (const x of mods) if (!modifiers.includes(x)) append(modifiers, x);
        append(claimed, [c.start, c.end]);
      }
    }
    if (header && header.units === i && units === null && UNITS_CELL.test(c.text)) {
      const u = Number(c.text.trim());
      if (u > 0) units = u;
      append(claimed, [c.start, c.end]);
    }
  }
  mentions[target] = { system: m.system, code: m.code, modifiers, units, start: m.start, end: m.end, text: m.text, confidence: m.confidence };
}

const UNITS_CELL = /^\s*\d{1,3}\s*$/;

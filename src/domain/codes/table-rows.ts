// Table rows: in text converted from an HTML table, a CSV or a PDF table, a row is one line with
// cells joined by " | " (or tabs, as pasted from a spreadsheet). A modifier or units column binds
// to the CPT / HCPCS Level II code in the same row.

import { append } from "./arrays.js";
import { isSpaceCode } from "./chars.js";
import { ALL_MODIFIERS } from "./modifiers.js";
import type { RawMention } from "./scan-codes.js";

interface Cell {
  text: string;
  start: number;
  end: number;
}

const CELL_SPLIT = /[ \t]*\|[ \t]*|\t+/g;
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
    // a "|" or a tab splits the line into two cells or more (CELL_SPLIT)
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
        const row: Array<{ m: RawMention; i: number }> = [];
        for (let i = first; i < mentions.length && mentions[i]!.start <= lineEnd; i++) {
          const m = mentions[i]!;
          if (m.end <= lineEnd) append(row, { m, i });
        }
        bindRow(cellsOf(text, lineStart, lineEnd), row, header, mentions, claimed);
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


function cellsOf(text: string, ls: number, le: number): Cell[] {
  const line = text.slice(ls, le);
  const cells: Cell[] = [];
  let pos = 0;
  CELL_SPLIT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CELL_SPLIT.exec(line)) !== null) {
    append(cells, { text: line.slice(pos, m.index), start: ls + pos, end: ls + m.index });
    pos = m.index + m[0].length;
  }
  append(cells, { text: line.slice(pos), start: ls + pos, end: le });
  return cells;
}

function headerOf(cells: Cell[]): Header | null {
  let code = -1;
  let units = -1;
  const mods: number[] = [];
  cells.forEach((c, i) => {
    if (MOD_HEAD.test(c.text)) append(mods, i);
    else if (UNITS_HEAD.test(c.text)) units = units < 0 ? i : units;
    else if (CODE_HEAD.test(c.text) && !OTHER_CODE_HEAD.test(c.text) && code < 0) code = i;
  });
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

function bindRow(
  cells: Cell[],
  inRow: Array<{ m: RawMention; i: number }>,
  header: Header | null,
  mentions: RawMention[],
  claimed: Array<[number, number]>,
): void {
  const procs = inRow.filter(({ m }) => m.system === "CPT" || m.system === "HCPCS");
  if (procs.length === 0) return;
  const target = (header && header.code >= 0 ? procs.find(({ m }) => cellOf(cells, m) === header.code) : undefined) ?? procs[0];
  if (!target) return;
  const codeCell = cellOf(cells, target.m);
  const modifiers: string[] = [...target.m.modifiers];
  let units = target.m.units;
  cells.forEach((c, i) => {
    if (i === codeCell || c.text.trim() === "") return;
    const isModCol = header ? header.mods.includes(i) : i > codeCell;
    if (isModCol) {
      const mods = modifiersIn(c.text);
      if (mods) {
        for (const x of mods) if (!modifiers.includes(x)) append(modifiers, x);
        append(claimed, [c.start, c.end]);
      }
    }
    if (header && header.units === i && units === null && /^\s*\d{1,3}\s*$/.test(c.text)) {
      const u = Number(c.text.trim());
      if (u > 0) units = u;
      append(claimed, [c.start, c.end]);
    }
  });
  mentions[target.i] = { ...target.m, modifiers, units };
}

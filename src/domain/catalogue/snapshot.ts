// The catalogue snapshot: one JSON-serialisable value built at import and loaded by workers at start
// (except its search indexes: typed arrays that snapshot-store keeps in a binary file beside the JSON).
// Codes are stored once per system with a per-release state string, so that N yearly releases cost
// one character per code each instead of N copies of the titles.
import type { Release } from "./types.js";
import type { PfsTuple } from "./pfs-pprrvu.js";
import type { CodeSystem } from "../codes/types.js";
import type { SearchIndexes } from "./search-index.js";

export const SNAPSHOT_FORMAT = 1;

/** Code table of one system. Arrays are parallel and sorted by `codes` (dotless upper-case keys). */
export interface SystemTable {
  /** indexes into `Snapshot.releases`, in the order used by `states` */
  releases: number[];
  /** per release position: series name (releases of one series form a timeline, e.g. "ICD-10-CM") */
  series: string[];
  codes: string[];
  /** one char per release position: "1" billable/valid, "0" header (not billable), "-" absent */
  states: string[];
  /** long title from the latest release that has the code */
  titles: string[];
  /** short title when it differs from the long title, else "" */
  shorts: string[];
  /** older titles that differ: code → [release position, long title] (e.g. FY2027 revisions) */
  titleHistory: Record<string, Array<[number, string]>>;
  /** HCPCS / modifier dates and indicators: code → [addDate, actionEffDate, termDate, actionCd, cov, price1, betos] */
  hcpcs: Record<string, [string, string, string, string, string, string, string]>;
}

export interface HierarchyTables {
  /** chapter number → [title, range e.g. "A00-B99"] */
  chapters: Record<string, [string, string]>;
  /** block ("section") range "A00-A09" → [chapter number, title] */
  blocks: Record<string, [string, string]>;
  /** 3-character category → block range */
  categoryBlock: Record<string, string>;
}

export type PtpTuple = [string, string, 0 | 1, string, string, "0" | "1" | "9", number];
export type MueTuple = [string, number, 1 | 2 | 3, string];

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  builtAt: string;
  releases: Release[];
  systems: Partial<Record<CodeSystem, SystemTable>>;
  hierarchy: HierarchyTables | null;
  /** ICD-10-CM conversion table: previous code (dotless) → current codes (dotless), from the CMS/NCHS xlsx */
  conversions: Record<string, string[]>;
  /** PFS (PPRRVU) indicator rows by code; see PfsTuple for the column order */
  pfs: { release: number; rows: Record<string, PfsTuple[]> } | null;
  /** NCCI PTP edits: [column 1, column 2, prior-1996 0|1, effective ISO, deletion ISO or "", modifier indicator, rationale index] */
  ptp: { release: number; rationales: string[]; edits: PtpTuple[] } | null;
  /** NCCI MUE values: [code, MUE value, MAI 1|2|3, rationale] */
  mue: { release: number; values: MueTuple[] } | null;
  /**
   * Free-text search indexes of the default search systems, built at import. Typed arrays, so not part of
   * the JSON: snapshot-store writes them to a binary file beside it. Absent → built on first search.
   */
  search?: SearchIndexes;
}

/** One release's rows for a system, ready to merge: key, billable/valid flag, titles. */
export interface ReleaseRows {
  release: Release;
  series: string;
  rows: Array<{ code: string; billable: boolean; shortTitle: string; longTitle: string }>;
}

/**
 * Merge the releases of one system into a {@link SystemTable}. Releases are ordered by effectiveFrom;
 * `releaseIndexOf` maps each Release to its index in `Snapshot.releases`.
 * Titles come from the latest release holding the code; differing older long titles go to titleHistory.
 */
export function buildSystemTable(inputs: ReleaseRows[], releaseIndexOf: (r: Release) => number): SystemTable {
  const ordered = [...inputs].sort((a, b) => a.release.effectiveFrom.localeCompare(b.release.effectiveFrom));
  const n = ordered.length;
  const merged = new Map<string, { states: string[]; long: string[]; short: string[] }>();
  ordered.forEach((input, pos) => {
    for (const row of input.rows) {
      let m = merged.get(row.code);
      if (!m) {
        m = { states: new Array<string>(n).fill("-"), long: new Array<string>(n).fill(""), short: new Array<string>(n).fill("") };
        merged.set(row.code, m);
      }
      m.states[pos] = row.billable ? "1" : "0";
      m.long[pos] = row.longTitle;
      m.short[pos] = row.shortTitle;
    }
  });
  const codes = [...merged.keys()].sort();
  const table: SystemTable = {
    releases: ordered.map((i) => releaseIndexOf(i.release)),
    series: ordered.map((i) => i.series),
    codes,
    states: [],
    titles: [],
    shorts: [],
    titleHistory: {},
    hcpcs: {},
  };
  for (const code of codes) {
    const m = merged.get(code)!;
    let last = n - 1;
    while (m.states[last] === "-") last--;
    const long = m.long[last]!;
    const short = m.short[last]!;
    table.states.push(m.states.join(""));
    table.titles.push(long);
    table.shorts.push(short === long ? "" : short);
    for (let p = 0; p < last; p++) {
      if (m.states[p] !== "-" && m.long[p] !== long) (table.titleHistory[code] ??= []).push([p, m.long[p]!]);
    }
  }
  return table;
}

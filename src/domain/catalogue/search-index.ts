// The compact free-text index: per system a sorted term dictionary and flat typed-array postings whose
// weights are MiniSearch's BM25+ scores precomputed at import (× the document boost), so that a query
// only adds numbers. Built at import and stored beside the snapshot (snapshot-store.ts), or built here
// on first use when the snapshot has none. MiniSearch stays the ranking reference (search-minisearch.ts).
import type { CodeSystem } from "../codes/types.js";
import type { CodeTable } from "./code-table.js";
import { tokenize } from "./search-text.js";

/** Systems searched when the caller names none; ICD-10-PCS (80k long titles) only when asked for. */
export const DEFAULT_SYSTEMS: CodeSystem[] = ["ICD10CM", "HCPCS", "MODIFIER", "CPT"];

/** MiniSearch 7 defaults (BM25+ k, b, d), kept so that scores match the reference implementation. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** Index of one system. Typed arrays only (plus the dictionary), so loading it makes no per-document objects. */
export interface SystemSearchIndex {
  /** dictionary, sorted by JS string order (UTF-16 code units); terms are [a-z0-9]+ */
  terms: string[];
  /** postings of term t are [offsets[t], offsets[t + 1]); length terms.length + 1 */
  offsets: Int32Array;
  /** posting → document ordinal, ascending within a term */
  docs: Int32Array;
  /** posting → BM25+ score of the term in that document × the document boost */
  weights: Float64Array;
  /** document ordinal → row in the system's SystemTable */
  rows: Int32Array;
}

/** Search indexes by system, as stored beside the snapshot (absent systems are built on first use). */
export type SearchIndexes = Partial<Record<CodeSystem, SystemSearchIndex>>;

/**
 * Rows of `table` that are searched: every code present in the latest release of its series with a title.
 * ICD-10-CM 7-character codes are folded into their 6-character header (the 7th character only says
 * encounter / healing), which halves the index and keeps one hit per injury instead of up to sixteen.
 */
export function searchDocuments(system: CodeSystem, table: CodeTable): number[] {
  const rows: number[] = [];
  table.table.codes.forEach((code, i) => {
    if (!table.inLatest(i) || table.table.titles[i] === "") return;
    if (system === "ICD10CM" && code.length === 7 && table.index.has(code.slice(0, 6))) return;
    rows.push(i);
  });
  return rows;
}

/** Document boost: 0.5 for a terminated HCPCS Level II code (TERM DT set), 1 billable/valid, 0.8 header. */
export function searchBoost(table: CodeTable, row: number): number {
  const h = table.table.hcpcs[table.table.codes[row]!];
  if (h && h[2]) return 0.5;
  const st = table.table.states[row]!;
  return st.charAt(st.length - 1) === "1" ? 1 : 0.8;
}

/**
 * Build the index of one system from its code table. Field length, average field length, document
 * frequency and the BM25+ formula are MiniSearch 7's (field length = distinct terms of the title; the
 * average is its running mean), so a posting weight equals MiniSearch's score of that term × boost.
 * Cost: ≈0.2–0.4 s for the default systems together (import time); garbage is left only here, not at load.
 */
export function buildSystemSearchIndex(system: CodeSystem, table: CodeTable): SystemSearchIndex {
  const rows = searchDocuments(system, table);
  const postings = new Map<string, number[]>(); // term → [doc, tf, doc, tf, …]
  const lengths = new Int32Array(rows.length);
  let avg = 0;
  rows.forEach((row, doc) => {
    const tokens = tokenize(table.table.titles[row]!).sort();
    let distinct = 0;
    for (let j = 0; j < tokens.length; ) {
      let e = j + 1;
      while (e < tokens.length && tokens[e] === tokens[j]) e++;
      let list = postings.get(tokens[j]!);
      if (!list) postings.set(tokens[j]!, (list = []));
      list.push(doc, e - j);
      distinct++;
      j = e;
    }
    lengths[doc] = distinct;
    avg = (avg * doc + distinct) / (doc + 1); // MiniSearch addFieldLength: running mean
  });
  const terms = [...postings.keys()].sort();
  const offsets = new Int32Array(terms.length + 1);
  terms.forEach((t, i) => (offsets[i + 1] = offsets[i]! + postings.get(t)!.length / 2));
  const total = offsets[terms.length]!;
  const docs = new Int32Array(total);
  const weights = new Float64Array(total);
  const boosts = rows.map((row) => searchBoost(table, row));
  const n = rows.length;
  terms.forEach((t, i) => {
    const list = postings.get(t)!;
    const df = list.length / 2;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (let j = 0, p = offsets[i]!; j < list.length; j += 2, p++) {
      const doc = list[j]!;
      const tf = list[j + 1]!;
      const bm25 = idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * lengths[doc]!) / avg)));
      docs[p] = doc;
      weights[p] = boosts[doc]! * bm25;
    }
  });
  return { terms, offsets, docs, weights, rows: Int32Array.from(rows) };
}

// Free-text search over code descriptions with MiniSearch (BM25-style ranking, prefix and fuzzy
// matching), plus cheap query expansion for lay words and abbreviations (armpit → axilla, HTN →
// hypertension). Kept after bench/catalogue.bench.ts (MiniSearch vs SQLite FTS5 over the same titles).
import MiniSearch, { type Query, type SearchResult } from "minisearch";
import type { CodeSystem } from "../codes/types.js";
import type { SearchHit } from "./types.js";
import type { CodeTable } from "./code-table.js";
import { displayCode } from "./code-format.js";
import { expandTerm } from "./synonyms.js";

/** Systems searched when the caller names none; ICD-10-PCS (80k long titles) only when asked for. */
const DEFAULT_SYSTEMS: CodeSystem[] = ["ICD10CM", "HCPCS", "MODIFIER", "CPT"];
const STOP = new Set(["of", "the", "and", "or", "with", "without", "in", "on", "to", "for", "by", "a", "an", "other", "unspecified", "due"]);

/** Lower-case words of letters/digits; stop words dropped; single letters dropped (single digits kept: "type 2"). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((t) => t !== "" && !STOP.has(t) && (t.length > 1 || /[0-9]/.test(t)));
}

type Doc = { id: number; t: string };

export class CatalogueSearch {
  private readonly indexes = new Map<CodeSystem, MiniSearch<Doc>>();

  constructor(private readonly tables: ReadonlyMap<CodeSystem, CodeTable>) {}

  /** Build the index of each system (default: the default systems); ≈1–2 s for ICD-10-CM + HCPCS. */
  build(systems: CodeSystem[] = DEFAULT_SYSTEMS): void {
    for (const s of systems) this.indexOf(s);
  }

  /**
   * Index of one system: every code present in the latest release of its series. ICD-10-CM 7-character
   * codes are folded into their 6-character header (the 7th character only says encounter / healing),
   * which cuts the index by about half and keeps one hit per injury instead of up to sixteen.
   */
  private indexOf(system: CodeSystem): MiniSearch<Doc> | null {
    const existing = this.indexes.get(system);
    if (existing) return existing;
    const t = this.tables.get(system);
    if (!t) return null;
    const ms = new MiniSearch<Doc>({ fields: ["t"], idField: "id", tokenize, processTerm: (x) => x });
    const docs: Doc[] = [];
    t.table.codes.forEach((code, i) => {
      if (!t.inLatest(i) || t.table.titles[i] === "") return;
      if (system === "ICD10CM" && code.length === 7 && t.index.has(code.slice(0, 6))) return;
      docs.push({ id: i, t: t.table.titles[i]! });
    });
    ms.addAll(docs);
    this.indexes.set(system, ms);
    return ms;
  }

  /**
   * Ranked hits for `query`. Each word (with its synonyms ORed) must match first (AND, prefixes allowed);
   * when that gives fewer than `limit` hits, an exact-word OR query fills the rest; only when both find
   * nothing does an OR query with prefixes and one-edit fuzzy matching run.
   * Valid/billable codes get a small boost over headers; terminated HCPCS codes are pushed down.
   * Scores are MiniSearch BM25 scores (comparable within one query only).
   */
  search(query: string, system: CodeSystem | undefined, limit: number): SearchHit[] {
    const words = tokenize(query);
    if (words.length === 0 || limit <= 0) return [];
    const systems = system ? [system] : DEFAULT_SYSTEMS;
    const groups: Query[] = words.map((w) => ({ combineWith: "OR", queries: expandTerm(w) }));
    const strict = this.run(systems, { combineWith: "AND", queries: groups }, { prefix: (t: string) => t.length >= 5 });
    if (strict.length >= limit) return strict.slice(0, limit);
    const seen = new Set(strict.map((h) => `${h.system}|${h.code}`));
    let loose = this.run(systems, { combineWith: "OR", queries: groups }, {});
    if (strict.length + loose.length === 0) {
      // nothing matched word for word: allow prefixes and one typo per long word (slower, so only now)
      loose = this.run(systems, { combineWith: "OR", queries: groups }, { prefix: (t: string) => t.length >= 5, fuzzy: (t: string) => (t.length >= 6 ? 1 : false), maxFuzzy: 1 });
    }
    return [...strict, ...loose.filter((h) => !seen.has(`${h.system}|${h.code}`))].slice(0, limit);
  }

  private run(systems: CodeSystem[], query: Query, options: Record<string, unknown>): SearchHit[] {
    const hits: SearchHit[] = [];
    for (const s of systems) {
      const ms = this.indexOf(s);
      if (!ms) continue;
      const t = this.tables.get(s)!;
      const results: SearchResult[] = ms.search(query, { ...options, boostDocument: (id) => this.boost(t, Number(id)) });
      for (const r of results.slice(0, 50)) {
        const i = Number(r.id);
        hits.push({ system: s, code: displayCode(s, t.table.codes[i]!), title: t.table.titles[i]!, score: Math.round(r.score * 1000) / 1000 });
      }
    }
    return hits.sort((a, b) => b.score - a.score);
  }

  private boost(t: CodeTable, i: number): number {
    const h = t.table.hcpcs[t.table.codes[i]!];
    if (h && h[2]) return 0.5; // TERM DT set: terminated HCPCS Level II
    const st = t.table.states[i]!;
    return st.charAt(st.length - 1) === "1" ? 1 : 0.8;
  }
}

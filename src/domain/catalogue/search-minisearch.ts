// Reference free-text search with MiniSearch (BM25+ ranking, prefix and fuzzy matching): the previous
// runtime search, kept as the ranking oracle for the compact index (test/unit/catalogue/search-parity)
// and as the in-run comparison of bench/catalogue.bench.ts. Not used by the catalogue at run time.
import MiniSearch, { type Query, type SearchResult } from "minisearch";
import type { CodeSystem } from "../codes/types.js";
import type { SearchHit } from "./types.js";
import type { CodeTable } from "./code-table.js";
import { displayCode } from "./code-format.js";
import { expandTerm } from "./synonyms.js";
import { tokenize } from "./search-text.js";
import { DEFAULT_SYSTEMS, searchBoost, searchDocuments } from "./search-index.js";

type Doc = { id: number; t: string };

/** MiniSearch over the same documents, boosts and query plan as {@link CatalogueSearch} in search.ts. */
export class MiniSearchCatalogueSearch {
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
    ms.addAll(searchDocuments(system, t).map((i): Doc => ({ id: i, t: t.table.titles[i]! })));
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
      const results: SearchResult[] = ms.search(query, { ...options, boostDocument: (id) => searchBoost(t, Number(id)) });
      for (const r of results.slice(0, 50)) {
        const i = Number(r.id);
        hits.push({ system: s, code: displayCode(s, t.table.codes[i]!), title: t.table.titles[i]!, score: Math.round(r.score * 1000) / 1000 });
      }
    }
    return hits.sort((a, b) => b.score - a.score);
  }
}

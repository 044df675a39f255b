// Free-text search over code descriptions: BM25+ ranking with prefix and fuzzy matching over a compact
// index (search-index.ts, search-engine.ts), plus cheap query expansion for lay words and abbreviations
// (armpit → axilla, HTN → hypertension). Ranks as the MiniSearch reference (search-minisearch.ts) does;
// own index because MiniSearch scored every document holding a common word (median 2.2 ms, worst 42 ms,
// +90 MB RSS) where this takes < 0.1 ms median (bench/catalogue.bench.ts, same run as SQLite FTS5).
import type { CodeSystem } from "../codes/types.js";
import type { SearchHit } from "./types.js";
import type { CodeTable } from "./code-table.js";
import { displayCode } from "./code-format.js";
import { expandTerm } from "./synonyms.js";
import { tokenize } from "./search-text.js";
import { DEFAULT_SYSTEMS, buildSystemSearchIndex, type SearchIndexes } from "./search-index.js";
import { SearchEngine, type QueryMode } from "./search-engine.js";

export { tokenize } from "./search-text.js";

const STRICT: QueryMode = { and: true, prefix: true, fuzzy: false };
const LOOSE: QueryMode = { and: false, prefix: false, fuzzy: false };
const FUZZY: QueryMode = { and: false, prefix: true, fuzzy: true };

/** Query groups: per query word, the word and its synonyms (tokenized like titles). */
export function queryGroups(query: string): string[][] {
  return tokenize(query).map((w) => expandTerm(w).flatMap(tokenize));
}

export class CatalogueSearch {
  private readonly engines = new Map<CodeSystem, SearchEngine>();

  /**
   * @param tables code tables by system
   * @param prebuilt indexes stored with the snapshot (built at import); a system without one is indexed
   *   from its table on first use (≈0.2–0.4 s for the default systems; ICD-10-PCS is never prebuilt)
   */
  constructor(
    private readonly tables: ReadonlyMap<CodeSystem, CodeTable>,
    private readonly prebuilt: SearchIndexes = {},
  ) {}

  /** Make the index of each system ready now (default: the default systems) instead of on first search. */
  build(systems: CodeSystem[] = DEFAULT_SYSTEMS): void {
    for (const s of systems) this.engineOf(s);
  }

  private engineOf(system: CodeSystem): SearchEngine | null {
    const existing = this.engines.get(system);
    if (existing) return existing;
    const t = this.tables.get(system);
    if (!t) return null;
    const engine = new SearchEngine(this.prebuilt[system] ?? buildSystemSearchIndex(system, t));
    this.engines.set(system, engine);
    return engine;
  }

  /**
   * Ranked hits for `query`. Each word (with its synonyms ORed) must match first (AND, prefixes allowed
   * for words of 5+ letters); when that gives fewer than `limit` hits, an exact-word OR query fills the
   * rest; only when both find nothing does an OR query with prefixes and one-edit fuzzy matching (words
   * of 6+ letters) run. Valid/billable codes get a small boost over headers (×1 vs ×0.8); terminated
   * HCPCS codes are pushed down (×0.5). Scores are MiniSearch BM25+ scores rounded to 3 decimals
   * (comparable within one query only).
   */
  search(query: string, system: CodeSystem | undefined, limit: number): SearchHit[] {
    const groups = queryGroups(query);
    if (groups.length === 0 || limit <= 0) return [];
    const systems = system ? [system] : DEFAULT_SYSTEMS;
    const strict = this.run(systems, groups, STRICT, limit, null);
    if (strict.hits.length >= limit) return strict.hits.slice(0, limit);
    const need = limit - strict.hits.length;
    let loose = this.run(systems, groups, LOOSE, need, strict.rows).hits;
    // nothing matched word for word: allow prefixes and one typo per long word (slower, so only now)
    if (strict.hits.length + loose.length === 0) loose = this.run(systems, groups, FUZZY, need, null).hits;
    return [...strict.hits, ...loose].slice(0, limit);
  }

  /** Best `k` hits over `systems` (merged by rounded score, stable in system order) and the rows hit per system. */
  private run(systems: CodeSystem[], groups: string[][], mode: QueryMode, k: number, exclude: Map<CodeSystem, Set<number>> | null) {
    const hits: SearchHit[] = [];
    const rows = new Map<CodeSystem, Set<number>>();
    for (const s of systems) {
      const engine = this.engineOf(s);
      if (!engine) continue;
      const t = this.tables.get(s)!;
      const found = engine.query(groups, mode, k, exclude?.get(s));
      rows.set(s, new Set(found.map((f) => f.row)));
      for (const f of found) {
        hits.push({ system: s, code: displayCode(s, t.table.codes[f.row]!), title: t.table.titles[f.row]!, score: Math.round(f.score * 1000) / 1000 });
      }
    }
    return { hits: hits.sort((a, b) => b.score - a.score), rows };
  }
}

// Free-text search over code descriptions with MiniSearch (BM25-style ranking, prefix and fuzzy
// matching), plus cheap query expansion for lay words and abbreviations (armpit → axilla, HTN →
// hypertension). MiniSearch was kept over a home-made index after bench/catalogue.bench.ts.
import MiniSearch from "minisearch";
import type { CodeSystem } from "../codes/types.js";
import type { SearchHit } from "./types.js";
import type { CodeTable } from "./code-table.js";
import { displayCode } from "./code-format.js";
import { expandTerm } from "./synonyms.js";

const ORDER: CodeSystem[] = ["ICD10CM", "HCPCS", "ICD10PCS", "MODIFIER", "CPT"];
const STRIDE = 1_000_000;

/** Lower-case, keep letters/digits; drops 1-character tokens and a few stop words. */
const STOP = new Set(["of", "the", "and", "or", "with", "without", "in", "on", "to", "for", "by", "a", "an", "other", "unspecified"]);
function tokenize(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((t) => t.length > 1 && !STOP.has(t));
}

export class CatalogueSearch {
  private index: MiniSearch<{ id: number; t: string }> | null = null;

  constructor(private readonly tables: ReadonlyMap<CodeSystem, CodeTable>) {}

  /** Index every code present in the latest release of its series. ~1–2 s for ICD-10-CM + PCS + HCPCS. */
  build(): void {
    if (this.index) return;
    const ms = new MiniSearch<{ id: number; t: string }>({ fields: ["t"], idField: "id", tokenize, processTerm: (t) => t });
    const docs: Array<{ id: number; t: string }> = [];
    ORDER.forEach((system, s) => {
      const t = this.tables.get(system);
      if (!t) return;
      t.table.codes.forEach((code, i) => {
        if (!t.inLatest(i)) return;
        const title = t.table.titles[i]!;
        if (title === "") return;
        docs.push({ id: s * STRIDE + i, t: system === "ICD10CM" ? `${title} ${code}` : title });
      });
    });
    ms.addAll(docs);
    this.index = ms;
  }

  /**
   * Ranked hits for `query` (words are ORed; documents matching more words rank higher; billable /
   * valid codes get a small boost over headers). `system` restricts the result; `limit` caps it.
   */
  search(query: string, system: CodeSystem | undefined, limit: number): SearchHit[] {
    this.build();
    const terms = tokenize(query);
    if (terms.length === 0) return [];
    const sysIndex = system ? ORDER.indexOf(system) : -1;
    const results = this.index!.search(query, {
      tokenize,
      processTerm: (t) => expandTerm(t),
      prefix: (t) => t.length >= 4,
      fuzzy: (t) => (t.length >= 6 ? 0.2 : false),
      combineWith: "OR",
      filter: sysIndex >= 0 ? (r) => Math.floor(Number(r.id) / STRIDE) === sysIndex : undefined,
      boostDocument: (id) => this.boost(Number(id)),
    });
    return results.slice(0, limit).map((r) => {
      const id = Number(r.id);
      const sys = ORDER[Math.floor(id / STRIDE)]!;
      const t = this.tables.get(sys)!;
      const i = id % STRIDE;
      return { system: sys, code: displayCode(sys, t.table.codes[i]!), title: t.table.titles[i]!, score: Math.round(r.score * 1000) / 1000 };
    });
  }

  private boost(id: number): number {
    const t = this.tables.get(ORDER[Math.floor(id / STRIDE)]!)!;
    const st = t.table.states[id % STRIDE]!;
    const h = t.table.hcpcs[t.table.codes[id % STRIDE]!];
    if (h && h[2]) return 0.5; // terminated HCPCS Level II
    return st.charAt(st.length - 1) === "1" ? 1 : 0.7;
  }
}

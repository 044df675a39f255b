// Search on the official files (CASEDESK_DATA_DIR, default /work/shared/data; skipped when absent): the
// compact index stored at import ranks as the MiniSearch reference on fixed and on 400 generated queries
// (AND/prefix, OR fill and fuzzy fallback paths), and the ranking cases of issue 3 hold.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalogue } from "../../../src/adapters/catalogue/import.js";
import { readSnapshot } from "../../../src/adapters/catalogue/snapshot-store.js";
import type { Snapshot } from "../../../src/domain/catalogue/snapshot.js";
import { CatalogueSearch } from "../../../src/domain/catalogue/search.js";
import { MiniSearchCatalogueSearch } from "../../../src/domain/catalogue/search-minisearch.js";
import { tokenize } from "../../../src/domain/catalogue/search-text.js";
import { SEARCH_SYNONYMS } from "../../../src/domain/catalogue/synonyms.js";
import type { CodeSystem } from "../../../src/domain/codes/types.js";
import { expectSameRanking, tablesOf } from "./search-helpers.js";

const DATA = process.env.CASEDESK_DATA_DIR ?? "/work/shared/data";
const FIXED = [
  "primary focal hyperhidrosis armpit", "type 2 diabetes with chronic kidney disease", "fracture wrist", "wheelchair",
  "htn", "excessive sweating armpit", "dexamethasone injection", "acute kidney failure", "copd exacerbation",
  "left side", "urinary tract infection", "atrial fibrillation", "osteoarthritis knee", "influenza pneumonia",
  "sweaty armpits", "t2dm", "ckd stage 3", "broken wrist", "fractur femur", "diabetis", "pneumonai bacterail", "xyzzy",
];

/** Deterministic queries from real titles: 1–4 words, some cut to a prefix, some with one typo, some lay words. */
function generatedQueries(snap: Snapshot, n: number): string[] {
  let seed = 12345;
  const rand = (k: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  const lay = Object.keys(SEARCH_SYNONYMS);
  const titles = [...snap.systems.ICD10CM!.titles, ...snap.systems.HCPCS!.titles];
  const out: string[] = [];
  while (out.length < n) {
    const words = tokenize(titles[rand(titles.length)]!);
    if (words.length === 0) continue;
    const picked: string[] = [];
    for (let i = 0, m = 1 + rand(4); i < m; i++) {
      let w = words[rand(words.length)]!;
      const r = rand(10);
      if (r === 0 && w.length > 6) w = w.slice(0, 5 + rand(w.length - 5));
      else if (r === 1 && w.length >= 6) w = w.slice(0, 2) + w.slice(3);
      else if (r === 2) w = lay[rand(lay.length)]!;
      picked.push(w);
    }
    out.push(picked.join(" "));
  }
  return out;
}

describe.skipIf(!existsSync(DATA))("search on the official files", () => {
  let dir: string;
  let snap: Snapshot;
  let ours: CatalogueSearch;
  let reference: MiniSearchCatalogueSearch;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "casedesk-search-real-"));
    await importCatalogue({ dataDir: DATA, outDir: dir });
    snap = await readSnapshot(dir);
    const tables = tablesOf(snap);
    ours = new CatalogueSearch(tables, snap.search);
    reference = new MiniSearchCatalogueSearch(tables);
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("uses the index stored at import", () => {
    expect(snap.search?.ICD10CM?.terms.length).toBeGreaterThan(5000);
  });

  it("ranks as MiniSearch on the fixed queries, in every default system and alone in each", () => {
    for (const q of FIXED) {
      for (const system of [undefined, "ICD10CM", "HCPCS"] as Array<CodeSystem | undefined>) {
        expectSameRanking(ours.search(q, system, 10), reference.search(q, system, 10), `${q} / ${system ?? "default"}`);
      }
    }
  }, 60_000);

  it("ranks as MiniSearch on 400 generated queries (limits 1, 5, 10, 25)", () => {
    const limits = [1, 5, 10, 25];
    let hits = 0;
    generatedQueries(snap, 400).forEach((q, i) => {
      const limit = limits[i % limits.length]!;
      const ref = reference.search(q, undefined, limit);
      expectSameRanking(ours.search(q, undefined, limit), ref, `${q} / ${limit}`);
      hits += ref.length;
    });
    expect(hits).toBeGreaterThan(2000);
  }, 120_000);

  it("primary focal hyperhidrosis armpit → L74.510 in the top 3; lay 'sweaty armpits' → top 5", () => {
    expect(ours.search("primary focal hyperhidrosis armpit", undefined, 5).slice(0, 3).map((h) => h.code)).toContain("L74.510");
    expect(ours.search("sweaty armpits", undefined, 5).map((h) => h.code)).toContain("L74.510");
    expect(ours.search("excessive sweating armpit", "ICD10CM", 10).map((h) => h.code)).toContain("L74.510");
  });

  it("abbreviations and synonyms: afib, t2dm, ckd, broken wrist", () => {
    expect(ours.search("afib", "ICD10CM", 5).every((h) => h.code.startsWith("I48"))).toBe(true);
    expect(ours.search("t2dm", "ICD10CM", 5).every((h) => h.code.startsWith("E11"))).toBe(true);
    expect(ours.search("ckd stage 3", "ICD10CM", 3).map((h) => h.code)).toContain("N18.30");
    expect(ours.search("broken wrist", "ICD10CM", 5).every((h) => h.code.startsWith("S62"))).toBe(true);
  });

  it("ICD-10-CM 7th-character codes are folded into their 6-character header", () => {
    const hits = ours.search("fracture shaft right femur", "ICD10CM", 25);
    expect(hits.map((h) => h.code)).toContain("S72.301");
    const keys = new Set(snap.systems.ICD10CM!.codes);
    for (const h of hits) {
      const key = h.code.replace(".", "");
      expect(key.length === 7 && keys.has(key.slice(0, 6)), h.code).toBe(false);
    }
  });
});

// The compact search index on the synthetic fixtures: stored beside the snapshot at import and used at load,
// ignored when stale, byte codec round trip, and ranking equal to the MiniSearch reference for every
// dictionary word, its prefixes and one-typo variants (exact, prefix and fuzzy paths).
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalogue } from "../../../src/adapters/catalogue/import.js";
import { SEARCH_INDEX_FILE, loadCatalogue, readSnapshot } from "../../../src/adapters/catalogue/snapshot-store.js";
import type { Snapshot } from "../../../src/domain/catalogue/snapshot.js";
import { CatalogueSearch, queryGroups } from "../../../src/domain/catalogue/search.js";
import { MiniSearchCatalogueSearch } from "../../../src/domain/catalogue/search-minisearch.js";
import { decodeSearchIndexes, encodeSearchIndexes } from "../../../src/domain/catalogue/search-index-codec.js";
import { SearchEngine } from "../../../src/domain/catalogue/search-engine.js";
import type { CodeSystem } from "../../../src/domain/codes/types.js";
import { expectSameRanking, tablesOf } from "./search-helpers.js";

const FIX = join(import.meta.dirname, "../../fixtures/catalogue");

describe("compact search index (synthetic fixtures)", () => {
  let work: string;
  let out: string;
  let snap: Snapshot;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "casedesk-search-"));
    await cp(join(FIX, "data"), join(work, "data"), { recursive: true });
    out = join(work, "out");
    await importCatalogue({ dataDir: join(work, "data"), outDir: out, cptFile: join(FIX, "cpt-licensee-synthetic.txt") });
    snap = await readSnapshot(out);
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("is written at import and loaded with the snapshot for the default systems (not ICD-10-PCS)", () => {
    expect(Object.keys(snap.search ?? {}).sort()).toEqual(["CPT", "HCPCS", "ICD10CM", "MODIFIER"]);
    const cm = snap.search!.ICD10CM!;
    expect(cm.offsets.length).toBe(cm.terms.length + 1);
    expect(cm.offsets.at(-1)).toBe(cm.docs.length);
    expect([...cm.terms].sort()).toEqual(cm.terms);
  });

  it("codec: round trip, also from unaligned bytes; another snapshot's index is refused", () => {
    const bytes = encodeSearchIndexes(snap.search!, snap.builtAt);
    const unaligned = new Uint8Array(bytes.length + 3).subarray(3);
    unaligned.set(bytes);
    for (const b of [bytes, unaligned]) {
      const back = decodeSearchIndexes(b, snap.builtAt)!;
      for (const s of Object.keys(snap.search!) as CodeSystem[]) {
        const [x, y] = [snap.search![s]!, back[s]!];
        expect(y.terms).toEqual(x.terms);
        expect([...y.offsets, ...y.docs, ...y.rows]).toEqual([...x.offsets, ...x.docs, ...x.rows]);
        expect([...y.weights]).toEqual([...x.weights]);
      }
    }
    expect(decodeSearchIndexes(bytes, "1999-01-01T00:00:00.000Z")).toBeNull();
    expect(decodeSearchIndexes(new Uint8Array(40), snap.builtAt)).toBeNull();
  });

  it("a stale or missing index file is ignored and the catalogue indexes on first search, with the same answers", async () => {
    const expected = (await loadCatalogue(out)).search("hyperhidrosis axilla", { limit: 5 });
    expect(expected[0]!.code).toBe("L74.510");
    await writeFile(join(out, SEARCH_INDEX_FILE), encodeSearchIndexes(snap.search!, "stale"));
    expect((await readSnapshot(out)).search).toBeUndefined();
    expect((await loadCatalogue(out)).search("hyperhidrosis axilla", { limit: 5 })).toEqual(expected);
    await rm(join(out, SEARCH_INDEX_FILE));
    expect((await loadCatalogue(out)).search("hyperhidrosis axilla", { limit: 5 })).toEqual(expected);
  });

  it("ranks as MiniSearch for every word, its prefixes and one-typo variants, in every system", () => {
    const tables = tablesOf(snap);
    const ours = new CatalogueSearch(tables, snap.search);
    const built = new CatalogueSearch(tables);
    const reference = new MiniSearchCatalogueSearch(tables);
    const queries = new Set<string>();
    for (const x of Object.values(snap.search!)) {
      for (const w of x.terms) {
        queries.add(w);
        if (w.length > 5) queries.add(w.slice(0, 5));
        if (w.length >= 6) queries.add(w.slice(0, 2) + w.slice(3)); // one deletion → fuzzy path
      }
    }
    const words = [...queries];
    words.forEach((w, i) => queries.add(`${w} ${words[(i * 7) % words.length]}`));
    let compared = 0;
    for (const q of queries) {
      for (const system of [undefined, "ICD10CM", "HCPCS", "ICD10PCS", "CPT"] as Array<CodeSystem | undefined>) {
        const ref = reference.search(q, system, 5);
        expectSameRanking(ours.search(q, system, 5), ref, `${q} / ${system ?? "default"}`);
        expectSameRanking(built.search(q, system, 5), ref, `${q} / ${system ?? "default"} (built at load)`);
        compared += ref.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("engine: one-edit fuzzy expansion and the AND mask", () => {
    const e = new SearchEngine(snap.search!.ICD10CM!);
    const terms = snap.search!.ICD10CM!.terms;
    const fuzzy = e.expand("hyperhidrosys", false, true);
    expect(fuzzy.filter((_, i) => i % 2 === 0).map((t) => terms[t])).toEqual(["hyperhidrosis"]);
    expect(e.query(queryGroups("hyperhidrosis nonexistentword"), { and: true, prefix: false, fuzzy: false }, 5)).toEqual([]);
    expect(e.query(queryGroups("hyperhidrosis nonexistentword"), { and: false, prefix: false, fuzzy: false }, 5).length).toBeGreaterThan(0);
  });
});

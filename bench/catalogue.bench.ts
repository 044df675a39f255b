// Catalogue benchmark: cold snapshot load, exact lookup, free-text search and RSS, each compared in the
// same run with SQLite FTS5 (libsql, in memory) over the same titles. Run: npx tsx bench/catalogue.bench.ts
// (CASEDESK_DATA_DIR = official files, default /work/shared/data; the snapshot is built once under bench/results).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { importCatalogue } from "../src/adapters/catalogue/import.js";
import { readSnapshot, SNAPSHOT_FILE } from "../src/adapters/catalogue/snapshot-store.js";
import { createCatalogue } from "../src/domain/catalogue/catalogue.js";
import { tokenize } from "../src/domain/catalogue/search.js";
import { expandTerm } from "../src/domain/catalogue/synonyms.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const OUT = process.env.BENCH_SNAPSHOT_DIR ?? join(HERE, "results", "catalogue");
const DATA = process.env.CASEDESK_DATA_DIR ?? "/work/shared/data";
const QUERIES = [
  "primary focal hyperhidrosis armpit", "type 2 diabetes with chronic kidney disease", "fracture wrist", "wheelchair",
  "htn", "excessive sweating armpit", "dexamethasone injection", "acute kidney failure", "copd exacerbation",
  "left side", "urinary tract infection", "atrial fibrillation", "osteoarthritis knee", "influenza pneumonia",
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (): number => Math.round(process.memoryUsage().rss / 1e6);

/** Child process: fresh heap, so load time and RSS are those of a worker starting up. */
async function child(): Promise<void> {
  const t0 = performance.now();
  const snap = await readSnapshot(OUT);
  const cat = createCatalogue(snap);
  const loadMs = performance.now() - t0;
  const rssLoad = mb();

  // exact lookups: every 50th ICD-10-CM code + HCPCS codes + a few misses, vs a bare Map.get baseline
  const cm = snap.systems.ICD10CM!.codes.filter((_, i) => i % 50 === 0);
  const hc = snap.systems.HCPCS!.codes.filter((_, i) => i % 10 === 0);
  const probes: Array<["ICD10CM" | "HCPCS", string]> = [...cm.map((c) => ["ICD10CM", c] as ["ICD10CM", string]), ...hc.map((c) => ["HCPCS", c] as ["HCPCS", string])];
  const perLookup: number[] = [];
  for (let round = 0; round < 15; round++) {
    const t = performance.now();
    for (const [s, c] of probes) cat.lookup(s, c, "2026-03-01");
    perLookup.push(((performance.now() - t) * 1000) / probes.length);
  }
  const map = new Map(snap.systems.ICD10CM!.codes.map((c, i) => [c, i]));
  const perMap: number[] = [];
  for (let round = 0; round < 15; round++) {
    const t = performance.now();
    for (const [, c] of probes) map.get(c);
    perMap.push(((performance.now() - t) * 1000) / probes.length);
  }
  const tMiss = performance.now();
  for (const c of ["S62.5X0A", "E11.8", "L74.5199", "J1199"]) cat.lookup(c.startsWith("J") ? "HCPCS" : "ICD10CM", c, "2026-03-01");
  const missMs = (performance.now() - tMiss) / 4;

  const tb = performance.now();
  cat.warmSearch();
  const buildMs = performance.now() - tb;
  const perQuery = QUERIES.map((q) => {
    const t = performance.now();
    for (let i = 0; i < 5; i++) cat.search(q, { limit: 10 });
    return (performance.now() - t) / 5;
  });
  const rank = cat.search("primary focal hyperhidrosis armpit", { limit: 10 }).findIndex((h) => h.code === "L74.510") + 1;
  console.log(JSON.stringify({ loadMs, rssLoad, lookupUs: median(perLookup), mapUs: median(perMap), missMs, buildMs, searchMs: median(perQuery), searchMaxMs: Math.max(...perQuery), rssSearch: mb(), rank }));
}

/** SQLite FTS5 over the same documents (ICD-10-CM without 7-character codes folded under a header, HCPCS, modifiers). */
async function fts5(): Promise<Record<string, number>> {
  const snap = await readSnapshot(OUT);
  const db = createClient({ url: ":memory:" });
  const t0 = performance.now();
  await db.execute("create virtual table t using fts5(sys unindexed, code unindexed, title)");
  await db.execute("create table codes (sys text, code text, title text, primary key (sys, code))");
  const stmts: Array<{ sql: string; args: string[] }> = [];
  for (const sys of ["ICD10CM", "HCPCS", "MODIFIER"] as const) {
    const t = snap.systems[sys]!;
    const keys = new Set(t.codes);
    t.codes.forEach((c, i) => {
      stmts.push({ sql: "insert into codes values (?, ?, ?)", args: [sys, c, t.titles[i]!] });
      if (sys === "ICD10CM" && c.length === 7 && keys.has(c.slice(0, 6))) return;
      stmts.push({ sql: "insert into t values (?, ?, ?)", args: [sys, c, t.titles[i]!] });
    });
  }
  await db.batch(stmts, "write");
  const buildMs = performance.now() - t0;
  const match = (q: string): string => tokenize(q).map((w) => `(${expandTerm(w).map((x) => `"${x}"`).join(" OR ")})`).join(" OR ");
  const perQuery: number[] = [];
  for (const q of QUERIES) {
    const t = performance.now();
    for (let i = 0; i < 5; i++) await db.execute({ sql: "select sys, code from t where t match ? order by rank limit 10", args: [match(q)] });
    perQuery.push((performance.now() - t) / 5);
  }
  const top = await db.execute({ sql: "select code from t where t match ? order by rank limit 10", args: [match("primary focal hyperhidrosis armpit")] });
  const rank = top.rows.findIndex((r) => r.code === "L74510") + 1;
  const probes = snap.systems.ICD10CM!.codes.filter((_, i) => i % 200 === 0);
  const t1 = performance.now();
  for (const c of probes) await db.execute({ sql: "select title from codes where sys = 'ICD10CM' and code = ?", args: [c] });
  const lookupUs = ((performance.now() - t1) * 1000) / probes.length;
  db.close();
  return { buildMs, searchMs: median(perQuery), searchMaxMs: Math.max(...perQuery), lookupUs, rank, rss: mb() };
}

async function main(): Promise<void> {
  if (process.argv[2] === "child") return child();
  if (!existsSync(join(OUT, SNAPSHOT_FILE))) {
    const t = performance.now();
    await importCatalogue({ dataDir: DATA, outDir: OUT });
    console.log(`import: ${Math.round(performance.now() - t)} ms`);
  }
  const run = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "child"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  const m = JSON.parse(run.stdout.trim().split("\n").pop()!) as Record<string, number>;
  const f = await fts5();
  if (process.env.BENCH_JSON) {
    // one JSON line for bench/run.ts (`npm run bench --json`)
    console.log(JSON.stringify({ loadMs: Math.round(m.loadMs!), lookupUsMedian: +m.lookupUs!.toFixed(2), searchMsMedian: +m.searchMs!.toFixed(2),
      rssMb: m.rssSearch, fts5SearchMsMedian: +f.searchMs!.toFixed(2) }));
    return;
  }
  const fmt = (x: number, d = 2): string => x.toFixed(d);
  const rows = [
    ["cold load (ms)", fmt(m.loadMs!, 0), "< 1000", "—"],
    ["exact lookup median (µs)", fmt(m.lookupUs!), "< 5", `Map.get ${fmt(m.mapUs!, 3)} µs (×${fmt(m.lookupUs! / m.mapUs!, 0)}); FTS5 table ${fmt(f.lookupUs!)} µs (×${fmt(f.lookupUs! / m.lookupUs!, 0)} slower)`],
    ["invalid-code lookup with suggestions (ms)", fmt(m.missMs!), "—", "—"],
    ["search index build (ms)", fmt(m.buildMs!, 0), "—", `FTS5 ${fmt(f.buildMs!, 0)} ms`],
    ["search median (ms)", fmt(m.searchMs!), "< 1", `FTS5 ${fmt(f.searchMs!)} ms (×${fmt(f.searchMs! / m.searchMs!)})`],
    ["search worst query (ms)", fmt(m.searchMaxMs!), "—", `FTS5 ${fmt(f.searchMaxMs!)} ms`],
    ["rank of L74.510 for 'primary focal hyperhidrosis armpit'", String(m.rank), "top 3", `FTS5 ${f.rank}`],
    ["RSS after load (MB)", String(m.rssLoad), "< 250", "—"],
    ["RSS after search index (MB)", String(m.rssSearch), "< 250", `FTS5 process ${f.rss} MB`],
  ];
  console.log("| measure | casedesk (MiniSearch + Map) | target | baseline, same run |\n| --- | --- | --- | --- |");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

await main();

// Catalogue figures for `npm run bench`: runs bench/catalogue.bench.ts (fresh process: cold load, lookups,
// search, RSS, and SQLite FTS5 over the same titles as the baseline) and reads its JSON line.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface CatalogueBench {
  loadMs: number;
  lookupUsMedian: number;
  searchMsMedian: number;
  rssMb: number;
  fts5SearchMsMedian: number;
}

/** @param snapshotDir an imported catalogue snapshot directory */
export async function runCatalogueBench(snapshotDir: string): Promise<CatalogueBench> {
  const script = fileURLToPath(new URL("./catalogue.bench.ts", import.meta.url));
  const run = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", env: { ...process.env, BENCH_JSON: "1", BENCH_SNAPSHOT_DIR: snapshotDir } });
  if (run.status !== 0) throw new Error(`catalogue bench failed: ${run.stderr}`);
  const line = run.stdout.trim().split("\n").reverse().find((l) => l.startsWith("{"));
  if (!line) throw new Error("catalogue bench printed no JSON line");
  return JSON.parse(line) as CatalogueBench;
}

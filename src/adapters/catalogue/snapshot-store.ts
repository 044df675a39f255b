// Writes and loads the catalogue snapshot file. Workers call loadCatalogue once at start; lookups then
// run in memory (no database query per lookup).
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Snapshot } from "../../domain/catalogue/snapshot.js";
import { SNAPSHOT_FORMAT } from "../../domain/catalogue/snapshot.js";
import { createCatalogue, type SnapshotCatalogue } from "../../domain/catalogue/catalogue.js";

export const SNAPSHOT_FILE = "catalogue-snapshot.json";

/** Write `snapshot` to `dir`/catalogue-snapshot.json atomically (temp file + rename). Returns the path. */
export async function writeSnapshot(dir: string, snapshot: Snapshot): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, SNAPSHOT_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(snapshot));
  await rename(tmp, path);
  return path;
}

/**
 * Read the snapshot value from `dir`.
 * @throws Error telling how to build it (`casedesk catalogue import --from DIR`) when the file is missing,
 *   or when it was written by another snapshot format.
 */
export async function readSnapshot(dir: string): Promise<Snapshot> {
  const path = join(dir, SNAPSHOT_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error(
        `no catalogue snapshot at ${path}; build it with: casedesk catalogue import --from DIR --out ${dir} ` +
          "(DIR = the folder holding the official CMS files, e.g. ../shared/data)",
      );
    }
    throw err;
  }
  const snap = JSON.parse(text) as Snapshot;
  if (snap.format !== SNAPSHOT_FORMAT) {
    throw new Error(`catalogue snapshot ${path} has format ${String(snap.format)}, expected ${SNAPSHOT_FORMAT}; re-run casedesk catalogue import`);
  }
  return snap;
}

/** Load the catalogue from `dir` (see {@link readSnapshot} for errors). */
export async function loadCatalogue(dir: string): Promise<SnapshotCatalogue> {
  return createCatalogue(await readSnapshot(dir));
}

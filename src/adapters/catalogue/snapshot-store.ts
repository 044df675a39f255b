// Writes and loads the catalogue snapshot: the JSON value plus its search indexes in a binary file beside
// it. Workers call loadCatalogue once at start; lookups and searches then run in memory (no database query).
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Snapshot } from "../../domain/catalogue/snapshot.js";
import { SNAPSHOT_FORMAT } from "../../domain/catalogue/snapshot.js";
import { createCatalogue, type SnapshotCatalogue } from "../../domain/catalogue/catalogue.js";
import { decodeSearchIndexes, encodeSearchIndexes } from "../../domain/catalogue/search-index-codec.js";

export const SNAPSHOT_FILE = "catalogue-snapshot.json";
/** Search indexes of the snapshot (binary, tagged with the snapshot's builtAt). */
export const SEARCH_INDEX_FILE = "catalogue-search.bin";

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/**
 * Write `snapshot` to `dir`/catalogue-snapshot.json and its search indexes to `dir`/catalogue-search.bin,
 * each atomically (temp file + rename); the index file first, and a reader pairs the two only when their
 * builtAt agree, so a reader between the renames just indexes on first search. Returns the JSON path.
 */
export async function writeSnapshot(dir: string, snapshot: Snapshot): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, SNAPSHOT_FILE);
  const { search, ...json } = snapshot;
  if (search) await writeAtomic(join(dir, SEARCH_INDEX_FILE), encodeSearchIndexes(search, snapshot.builtAt));
  else await rm(join(dir, SEARCH_INDEX_FILE), { force: true });
  await writeAtomic(path, JSON.stringify(json));
  return path;
}

/**
 * Read the snapshot value from `dir`, with its search indexes when catalogue-search.bin is present and
 * belongs to this snapshot (else `search` is left unset and the catalogue indexes on first search).
 * @throws Error telling how to build it (`casedesk catalogue import --from DIR`) when the file is missing,
 *   or when it was written by another snapshot format.
 */
export async function readSnapshot(dir: string): Promise<Snapshot> {
  const path = join(dir, SNAPSHOT_FILE);
  let text: string;
  const index = readFile(join(dir, SEARCH_INDEX_FILE)).catch(() => null);
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
  const bytes = await index;
  const search = bytes && decodeSearchIndexes(bytes, snap.builtAt);
  if (search) snap.search = search;
  return snap;
}

/** Load the catalogue from `dir` (see {@link readSnapshot} for errors). */
export async function loadCatalogue(dir: string): Promise<SnapshotCatalogue> {
  return createCatalogue(await readSnapshot(dir));
}

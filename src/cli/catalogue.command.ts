// `casedesk catalogue …`: download the official files (manifest in catalogue/manifest.json), import them into
// a snapshot, show what is loaded and what today's date lacks; `lookup` and `search` are aliases of the
// top-level commands (lookup.command.ts).
import { join, resolve } from "node:path";
import { Option, type Command } from "commander";
import { loadConfig } from "../config/config.js";
import { importCatalogue } from "../adapters/catalogue/import.js";
import { loadCatalogue } from "../adapters/catalogue/snapshot-store.js";
import { downloadCatalogue, readManifest } from "../adapters/catalogue/download.js";
import { PROJECT_ROOT, resolveDataDir } from "./project-paths.js";
import { addLookupCommand, addSearchCommand, type Print } from "./lookup.command.js";
import { parseFormat } from "./catalogue-format.js";
import { expectedImportSteps, prepareImportDir } from "./catalogue-files.js";
import { downloadProgress, importProgress } from "./catalogue-progress.js";
import { catalogueStatus, statusText } from "./catalogue-status.js";

/** The manifest committed with the code: official CMS / CDC URLs of every file casedesk imports. */
export const DEFAULT_MANIFEST = join(PROJECT_ROOT, "catalogue", "manifest.json");

type Err = NodeJS.WritableStream & { isTTY?: boolean };

export interface ImportCliOptions { dir?: string; from?: string; out?: string; cptFile?: string }

/**
 * Run `catalogue import`: unzip what the importer needs unpacked, import, print one line per release and
 * the snapshot path on stdout; progress (bar on a TTY, else lines) on `err`.
 * @throws Error from the importer (no ICD-10-CM / HCPCS file, a file not in its layout).
 */
export async function runImport(o: ImportCliOptions, print: Print = console.log, err: Err = process.stderr): Promise<string> {
  const config = loadConfig();
  const dataDir = resolve(o.dir ?? o.from ?? resolveDataDir(config.CASEDESK_DATA_DIR));
  const t0 = Date.now();
  const prep = await prepareImportDir(dataDir);
  err.write(`${dataDir}: ${prep.recognised.length} official file(s)${prep.ignored ? `, ${prep.ignored} other file(s) ignored` : ""}\n`);
  for (const u of prep.unpacked) err.write(`  unzipped ${u}\n`);
  const progress = importProgress(expectedImportSteps(prep), err);
  let r: Awaited<ReturnType<typeof importCatalogue>>;
  try {
    r = await importCatalogue({ dataDir, outDir: o.out ?? config.CASEDESK_CATALOGUE_DIR, cptFile: o.cptFile, onProgress: (m) => progress.step(m) });
  } finally {
    progress.stop();
  }
  for (const rel of r.releases) print(`${rel.label}\t${rel.effectiveFrom}..${rel.effectiveTo ?? ""}\t${rel.sourceFile}\t${rel.sha256.slice(0, 12)}`);
  print(`snapshot ${r.snapshotPath} (${Date.now() - t0} ms)`);
  return r.snapshotPath;
}

export interface DownloadCliOptions { to?: string; manifest?: string; baseUrl?: string; only?: string[]; force?: boolean; list?: boolean }

/**
 * Run `catalogue download`: fetch the manifest's files into --to (default CASEDESK_DATA_DIR, else
 * ./var/catalogue-data), or with --list print each file's system, CMS page, URL and file name.
 * @throws CatalogueDownloadError (CATALOGUE_OFFLINE says how to place the files by hand and import them).
 */
export async function runDownload(o: DownloadCliOptions, print: Print = console.log, err: Err = process.stderr): Promise<void> {
  const manifestPath = o.manifest ?? DEFAULT_MANIFEST;
  const manifest = await readManifest(manifestPath);
  if (o.list) {
    for (const f of manifest.files) print([f.id, f.system, f.file, f.url, f.page, f.sha256 ?? ""].join("\t"));
    return;
  }
  const toDir = resolve(o.to ?? loadConfig().CASEDESK_DATA_DIR ?? "./var/catalogue-data");
  const results = await downloadCatalogue({
    manifest, manifestPath, toDir, baseUrl: o.baseUrl, only: o.only, force: o.force, onProgress: downloadProgress(err),
  });
  for (const r of results) print([r.id, r.skipped ? "kept" : "downloaded", r.sha256.slice(0, 12), r.path, ...r.extracted].join("\t"));
  print(`next: casedesk catalogue import --dir ${toDir}`);
}

/**
 * Run `catalogue status` for the snapshot in `dir` at `now`: text (release table + today's coverage) or JSON.
 * @throws Error when there is no snapshot (with how to import one).
 */
export async function runStatus(o: { catalogue?: string; format?: string }, print: Print = console.log, now = new Date()): Promise<void> {
  const format = parseFormat(o.format);
  const report = await catalogueStatus(o.catalogue ?? loadConfig().CASEDESK_CATALOGUE_DIR, now);
  if (format === "json") print(JSON.stringify(report));
  else for (const line of statusText(report)) print(line);
}

/** Adds `catalogue import|download|status|lookup|search|releases` to the program. */
export function registerCatalogueCommands(program: Command): void {
  const cat = program.command("catalogue").description("official code files: download, import, status, lookup, search, releases");

  cat.command("import")
    .description("read the official CMS files in DIR (any layout; official zips are unzipped where needed) and write the catalogue snapshot")
    .option("--dir <dir>", "folder with the official files (default CASEDESK_DATA_DIR or ../shared/data)")
    .addOption(new Option("--from <dir>", "same as --dir").hideHelp())
    .option("--out <dir>", "snapshot directory (default CASEDESK_CATALOGUE_DIR)")
    .option("--cpt-file <file>", "licensee AMA CPT data file (tab-delimited code + descriptor)")
    .action(async (o: ImportCliOptions) => void (await runImport(o)));

  cat.command("download")
    .description("fetch the official CMS files listed in catalogue/manifest.json (sha256-checked, atomic, unzipped where needed)")
    .option("--to <dir>", "where to put them (default CASEDESK_DATA_DIR, else ./var/catalogue-data)")
    .option("--manifest <file>", "manifest to use", DEFAULT_MANIFEST)
    .option("--only <ids...>", "only these manifest ids")
    .option("--base-url <url>", "fetch from this origin instead of the manifest's (a mirror)")
    .option("--force", "download again files already present")
    .option("--list", "print each file's id, system, file name, URL and CMS page; download nothing")
    .action((o: DownloadCliOptions) => runDownload(o));

  cat.command("status")
    .description("loaded releases (effective range, source file, sha256, snapshot age) and the code sets today's date is not covered for")
    .option("--format <format>", "text | json", "text")
    .option("--catalogue <dir>", "snapshot directory (default CASEDESK_CATALOGUE_DIR)")
    .action((o: { catalogue?: string; format?: string }) => runStatus(o));

  addLookupCommand(cat);
  addSearchCommand(cat);

  cat.command("releases")
    .description("list the releases in the snapshot (label, effective range, source file, sha256)")
    .option("--format <format>", "text | json", "text")
    .option("--catalogue <dir>", "snapshot directory (default CASEDESK_CATALOGUE_DIR)")
    .action(async (o: { format?: string; catalogue?: string }) => {
      const format = parseFormat(o.format);
      const rels = (await loadCatalogue(o.catalogue ?? loadConfig().CASEDESK_CATALOGUE_DIR)).releases();
      if (format === "json") console.log(JSON.stringify(rels));
      else for (const r of rels) console.log(`${r.system}\t${r.label}\t${r.effectiveFrom}..${r.effectiveTo ?? ""}\t${r.sourceFile}\t${r.sha256}`);
    });
}

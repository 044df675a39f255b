// `casedesk catalogue import`: finds the official files in a data directory (the layout of
// ../shared/data or a flat directory), parses them with the pure domain parsers and writes the snapshot.
import { basename } from "node:path";
import type { Release } from "../../domain/catalogue/types.js";
import type { ReleaseRows } from "../../domain/catalogue/snapshot.js";
import { parseOrderFile, parseDerivedTsv } from "../../domain/catalogue/order-file.js";
import { applyIcd10cmDelta } from "../../domain/catalogue/icd10cm-delta.js";
import { parseAnweb } from "../../domain/catalogue/hcpcs-anweb.js";
import { parseConversionTable } from "../../domain/catalogue/conversion-table.js";
import { parseHierarchy } from "../../domain/catalogue/hierarchy.js";
import { parsePprrvu } from "../../domain/catalogue/pfs-pprrvu.js";
import { buildSnapshot } from "../../domain/catalogue/build-snapshot.js";
import { fiscalYearRange, quarterRange } from "../../domain/catalogue/release-timeline.js";
import { CPT_MODIFIERS } from "../../domain/catalogue/cpt-modifiers.js";
import {
  csvRecords, csvRows, listZip, readText, readZipEntries, relPath, rowsToRecords, sha256File, sha256Text, walk, xlsxRows,
} from "./file-readers.js";
import { readNcciAndCpt } from "./import-ncci-cpt.js";
import { writeSnapshot } from "./snapshot-store.js";

export interface ImportOptions {
  dataDir: string;
  outDir: string;
  /** licensee AMA CPT data file (tab-delimited code + descriptor); optional */
  cptFile?: string;
  /** progress messages (one line each); default silent */
  onProgress?: (message: string) => void;
}

const MONTHS: Record<string, string> = {
  JAN: "01", FEB: "02", MAR: "03", APR: "04", MAY: "05", JUN: "06", JUL: "07", AUG: "08", SEP: "09", OCT: "10", NOV: "11", DEC: "12",
};

/**
 * Read every recognised official file under `dataDir`, build the snapshot and write it to `outDir`.
 * Recognised names: *.zip holding icd10cm_order_YYYY.txt / icd10pcs_order_YYYY.txt (or those .txt files),
 * icd10cm_fyYYYY_derived*.tsv(.gz), fyYYYY-delta/{added,deleted,revised,billable-status-changes}.csv,
 * *CONVERSION-TABLE-FYYYYY.xlsx, icd10cm-{chapters,sections,categories}-*.csv, HCPCyyyy_MMM_ANWEB*.csv|xlsx,
 * *pprrvu*.csv(.gz), NCCI PTP / MUE practitioner files (see import-ncci-cpt.ts).
 * @returns snapshot path and the releases written (each with source file and sha256).
 * @throws Error when no ICD-10-CM or HCPCS file is found, or a file does not follow its layout.
 */
export async function importCatalogue(opts: ImportOptions): Promise<{ snapshotPath: string; releases: Release[] }> {
  const say = opts.onProgress ?? (() => {});
  const root = opts.dataDir;
  const files = await walk(root);
  const release = async (system: Release["system"], label: string, range: [string, string | null], path: string, entry?: string): Promise<Release> => ({
    system, label, effectiveFrom: range[0], effectiveTo: range[1],
    sourceFile: relPath(root, path) + (entry ? `!${entry}` : ""), sha256: await sha256File(path),
  });

  // ICD-10-CM and ICD-10-PCS order files (zip entries or plain .txt)
  const icd10cm: ReleaseRows[] = [];
  const icd10pcs: ReleaseRows[] = [];
  const orderRe = /^icd10(cm|pcs)_order_(\d{4})\.txt$/;
  for (const f of files) {
    const sources: Array<[string, string]> = [];
    if (f.endsWith(".zip") && (await listZip(f)).some((n) => orderRe.test(basename(n)))) {
      for (const [name, text] of await readZipEntries(f, orderRe)) sources.push([name, text]);
    } else if (orderRe.test(basename(f))) sources.push(["", await readText(f)]);
    for (const [entry, text] of sources) {
      const m = orderRe.exec(basename(entry || f))!;
      const fy = Number(m[2]);
      const cm = m[1] === "cm";
      say(`reading ${relPath(root, f)}${entry ? `!${entry}` : ""}`);
      const rel = await release(cm ? "ICD10CM" : "ICD10PCS", `ICD-10-${cm ? "CM" : "PCS"} FY${fy}`, fiscalYearRange(fy), f, entry || undefined);
      (cm ? icd10cm : icd10pcs).push({ release: rel, series: cm ? "ICD-10-CM" : "ICD-10-PCS", rows: parseOrderFile(text) });
    }
  }
  // Next ICD-10-CM year without its order file: the derived list, else previous year + delta
  const haveFy = new Set(icd10cm.map((r) => r.release.label));
  for (const f of files.filter((x) => /icd10cm_fy(\d{4})_derived.*\.tsv(\.gz)?$/.test(basename(x)))) {
    const fy = Number(/fy(\d{4})/.exec(basename(f))![1]);
    if (haveFy.has(`ICD-10-CM FY${fy}`)) continue;
    say(`reading ${relPath(root, f)}`);
    const rel = await release("ICD10CM", `ICD-10-CM FY${fy}`, fiscalYearRange(fy), f);
    icd10cm.push({ release: rel, series: "ICD-10-CM", rows: parseDerivedTsv(await readText(f)) });
    haveFy.add(rel.label);
  }
  for (const f of files.filter((x) => /(^|\/)fy(\d{4})-delta\/deleted\.csv$/.test(x))) {
    const fy = Number(/fy(\d{4})-delta/.exec(f)![1]);
    const prev = icd10cm.find((r) => r.release.label === `ICD-10-CM FY${fy - 1}`);
    if (haveFy.has(`ICD-10-CM FY${fy}`) || !prev) continue;
    const dir = f.slice(0, -"deleted.csv".length);
    const rec = async (n: string) => (files.includes(dir + n) ? csvRecords(await readText(dir + n)) : []);
    say(`applying ${relPath(root, dir)} to ${prev.release.label}`);
    const rows = applyIcd10cmDelta(prev.rows, {
      added: await rec("added.csv"), deleted: await rec("deleted.csv"),
      revised: await rec("revised.csv"), billableStatusChanges: await rec("billable-status-changes.csv"),
    });
    const rel = await release("ICD10CM", `ICD-10-CM FY${fy} (FY${fy - 1} + delta)`, fiscalYearRange(fy), f);
    icd10cm.push({ release: rel, series: "ICD-10-CM", rows });
  }

  // Conversion tables (all years merged) and hierarchy
  const conversions: Record<string, string[]> = {};
  for (const f of files.filter((x) => /conversion-table.*\.xlsx$/i.test(basename(x)))) {
    say(`reading ${relPath(root, f)}`);
    for (const [k, v] of Object.entries(parseConversionTable(await xlsxRows(f)))) conversions[k] = [...new Set([...(conversions[k] ?? []), ...v])].sort();
  }
  const hier = (kind: string) => files.find((x) => new RegExp(`icd10cm-${kind}-.*\\.csv$`, "i").test(basename(x)));
  const [ch, se, ca] = [hier("chapters"), hier("sections"), hier("categories")];
  const hierarchy = ch && se && ca
    ? parseHierarchy(csvRecords(await readText(ch)), csvRecords(await readText(se)), csvRecords(await readText(ca)))
    : null;

  // HCPCS Level II ANWEB: csv preferred over xlsx (same content, faster); the newest quarter wins
  const anweb = files.filter((x) => /HCPC(\d{4})_([A-Z]{3})_ANWEB.*\.(csv|xlsx)$/i.test(basename(x)))
    .sort((a, b) => (a.endsWith(".csv") ? -1 : 1) - (b.endsWith(".csv") ? -1 : 1));
  let hcpcs: { release: Release; rows: ReturnType<typeof parseAnweb> } | null = null;
  if (anweb[0]) {
    const f = anweb[0];
    const m = /HCPC(\d{4})_([A-Z]{3})_ANWEB/i.exec(basename(f))!;
    const month = MONTHS[m[2]!.toUpperCase()] ?? "01";
    say(`reading ${relPath(root, f)}`);
    const records = f.endsWith(".csv") ? csvRecords(await readText(f)) : rowsToRecords(await xlsxRows(f));
    const range = quarterRange(`${m[1]}-${month}-01`);
    hcpcs = { release: await release("HCPCS", `HCPCS Level II ${m[1]}-${month}`, range, f), rows: parseAnweb(records) };
  }
  if (icd10cm.length === 0 && !hcpcs) throw new Error(`no ICD-10-CM order file or HCPCS ANWEB file found under ${root}`);

  // PFS PPRRVU
  const pfsFile = files.find((x) => /pprrvu.*\.csv(\.gz)?$/i.test(basename(x)));
  let pfs = null;
  if (pfsFile) {
    say(`reading ${relPath(root, pfsFile)}`);
    const parsed = parsePprrvu(csvRows(await readText(pfsFile)));
    const nm = /pprrvu_?(?:20)?(\d{2})_?([A-Z]{3})?/i.exec(basename(pfsFile));
    const fromName = nm ? quarterRange(`20${nm[1]}-${MONTHS[(nm[2] ?? "JAN").toUpperCase()] ?? "01"}-01`) : null;
    const range: [string, string | null] = parsed.dateStart ? [parsed.dateStart, parsed.dateEnd] : fromName ?? ["1900-01-01", null];
    pfs = { release: await release("PFS", `PFS PPRRVU ${range[0].slice(0, 7)}`, range, pfsFile), parsed };
  }

  const extra = await readNcciAndCpt(root, files, opts.cptFile, say);
  const modifierText = JSON.stringify(CPT_MODIFIERS);
  const snapshot = buildSnapshot({
    builtAt: new Date().toISOString(),
    icd10cm, icd10pcs, hcpcs, conversions, hierarchy, pfs, ...extra,
    cptModifiers: {
      system: "MODIFIER", label: "CPT modifiers (casedesk plain descriptions)", effectiveFrom: "1900-01-01", effectiveTo: null,
      sourceFile: "src/domain/catalogue/cpt-modifiers.ts", sha256: sha256Text(modifierText),
    },
  });
  say("writing snapshot");
  const snapshotPath = await writeSnapshot(opts.outDir, snapshot);
  return { snapshotPath, releases: snapshot.releases };
}

// `catalogue import --dir DIR` with the files as CMS publishes them: names the official files found (for the
// progress total and the summary) and unzips the ones the importer reads only unpacked (HCPCS ANWEB, PPRRVU,
// NCCI PTP / MUE, conversion table) beside their zip. ICD-10 order-file zips are read in place by the importer.
import { basename, dirname, join } from "node:path";
import { walk, listZip, relPath } from "../adapters/catalogue/file-readers.js";
import { extractZipEntries } from "../adapters/catalogue/download.js";

/** Official file names casedesk recognises (the importer in src/adapters/catalogue/import.ts decides the rest). */
const KINDS: Array<[RegExp, string]> = [
  [/^icd10(cm|pcs)_order_\d{4}\.txt$/i, "ICD-10 order file"],
  [/icd10cm_fy\d{4}_derived.*\.tsv(\.gz)?$/i, "ICD-10-CM list derived from the change lists"],
  [/^(added|deleted|revised|billable-status-changes)\.csv$/i, "ICD-10-CM change list"],
  [/conversion-table.*\.xlsx$/i, "ICD-10-CM conversion table"],
  [/^icd10cm-(chapters|sections|categories)-.*\.csv$/i, "ICD-10-CM chapters / blocks / categories"],
  [/^HCPC\d{4}_[A-Z]{3}_ANWEB.*\.(csv|xlsx)$/i, "HCPCS Level II ANWEB"],
  [/pprrvu.*\.csv(\.gz)?$/i, "PFS PPRRVU"],
  [/^ccipra-v\d+r\d+-f\d+\.txt$|ptp.*practitioner.*\.(txt|tsv)$/i, "NCCI PTP practitioner edits"],
  [/mue.*practitioner.*\.csv$/i, "NCCI MUE practitioner values"],
];

/** Entries of official zips that the importer reads only when unpacked. */
const UNPACK = /^HCPC\d{4}_[A-Z]{3}_ANWEB.*\.(xlsx|csv)$|^PPRRVU.*nonQPP\.csv$|^PPRRVU\d{2}_[A-Z]{3}\.csv$|^ccipra-v\d+r\d+-f\d+\.txt$|^MCR_MUE_PractitionerServices.*\.csv$|conversion-table.*\.xlsx$/i;
const ORDER_ENTRY = /^icd10(cm|pcs)_order_\d{4}\.txt$/i;

/** What a file name is, or null when casedesk does not import it. Change lists count only inside fyYYYY-delta/. */
export function officialKind(path: string): string | null {
  const name = basename(path);
  for (const [re, kind] of KINDS) {
    if (!re.test(name)) continue;
    if (kind === "ICD-10-CM change list" && !/(^|[/\\])fy\d{4}-delta$/.test(dirname(path))) return null;
    return kind;
  }
  return null;
}

export interface PreparedDir {
  /** recognised files (relative to the directory) with what they are */
  recognised: Array<{ file: string; kind: string }>;
  /** files unzipped by this call (relative) */
  unpacked: string[];
  /** how many files are not official names (readmes, PDFs, zips of other things) */
  ignored: number;
}

/**
 * List the official files under `dir` and unzip the entries of official zips that the importer needs
 * unpacked, unless a file with that name already sits beside the zip (atomic writes, see extractZipEntries).
 */
export async function prepareImportDir(dir: string): Promise<PreparedDir> {
  const files = await walk(dir);
  const present = new Set(files.map((f) => join(dirname(f), basename(f).toLowerCase())));
  const out: PreparedDir = { recognised: [], unpacked: [], ignored: 0 };
  for (const f of files) {
    if (f.endsWith(".part")) continue;
    if (f.toLowerCase().endsWith(".zip")) {
      const names = (await listZip(f)).map((n) => basename(n));
      if (names.some((n) => ORDER_ENTRY.test(n))) {
        out.recognised.push({ file: relPath(dir, f), kind: "ICD-10 order file (zip)" });
        continue;
      }
      const wanted = names.filter((n) => UNPACK.test(n) && !present.has(join(dirname(f), n.toLowerCase())));
      if (wanted.length > 0) {
        const written = await extractZipEntries(f, new RegExp(`^(${wanted.map(escapeRe).join("|")})$`), dirname(f));
        for (const w of written) {
          out.unpacked.push(relPath(dir, w));
          out.recognised.push({ file: relPath(dir, w), kind: officialKind(w) ?? "unpacked" });
        }
      } else if (!names.some((n) => UNPACK.test(n))) out.ignored += 1;
      continue;
    }
    const kind = officialKind(f);
    if (kind) out.recognised.push({ file: relPath(dir, f), kind });
    else out.ignored += 1;
  }
  return out;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * How many progress messages the importer will likely send for these files (+1 for writing the snapshot):
 * one per order file, derived list and PTP file, one for each other kind; change lists and hierarchy files
 * are read silently. An estimate for the progress bar only.
 */
export function expectedImportSteps(prep: PreparedDir): number {
  const perFile = new Set(["ICD-10 order file", "ICD-10 order file (zip)", "ICD-10-CM list derived from the change lists", "NCCI PTP practitioner edits", "ICD-10-CM conversion table"]);
  const silent = new Set(["ICD-10-CM change list", "ICD-10-CM chapters / blocks / categories"]);
  let n = 1;
  const once = new Set<string>();
  for (const r of prep.recognised) {
    if (silent.has(r.kind)) continue;
    if (perFile.has(r.kind)) n += 1;
    else if (!once.has(r.kind)) (once.add(r.kind), (n += 1));
  }
  return n;
}

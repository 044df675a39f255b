// File access for the catalogue import: walk a data directory, read plain / gzip / zip-entry text,
// CSV (csv-parse), xlsx sheets (exceljs) and sha256 of source files. No parsing rules live here.
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { unzipSync, strFromU8 } from "fflate";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import type { CsvRecord } from "../../domain/catalogue/icd10cm-delta.js";

/** Every file under `dir` (recursive), as absolute paths, sorted. */
export async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** sha256 hex of a file's bytes. */
export async function sha256File(path: string): Promise<string> {
  return createHash("sha256").update(await readFile(path)).digest("hex");
}

/** sha256 hex of a string (UTF-8). */
export function sha256Text(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Text of a file, gunzipped when the name ends in .gz. Decoded as UTF-8 (the CMS files are ASCII). */
export async function readText(path: string): Promise<string> {
  const buf = await readFile(path);
  return (path.endsWith(".gz") ? gunzipSync(buf) : buf).toString("utf8");
}

/** Entries of a zip file whose base name matches `pattern`: name → text (latin1-safe ASCII decode). */
export async function readZipEntries(path: string, pattern: RegExp): Promise<Map<string, string>> {
  const files = unzipSync(new Uint8Array(await readFile(path)), {
    filter: (f) => pattern.test(f.name.split("/").pop() ?? ""),
  });
  const out = new Map<string, string>();
  for (const [name, data] of Object.entries(files)) out.set(name, strFromU8(data, true));
  return out;
}

/** Names of the entries of a zip file (central directory only, entries are not inflated). */
export async function listZip(path: string): Promise<string[]> {
  const names: string[] = [];
  unzipSync(new Uint8Array(await readFile(path)), {
    filter: (f) => {
      names.push(f.name);
      return false;
    },
  });
  return names;
}

/** CSV text → records keyed by the header row (RFC 4180 quoting, BOM stripped). */
export function csvRecords(text: string): CsvRecord[] {
  return parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as CsvRecord[];
}

/** CSV (or other delimiter) text → rows of cells, no header handling. */
export function csvRows(text: string, delimiter = ","): string[][] {
  return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, delimiter }) as string[][];
}

/** Cell value of an exceljs cell as text (numbers as written, dates as YYYYMMDD, rich text flattened). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10).replace(/-/g, "");
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v) return String(v.text);
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    return "";
  }
  return String(v);
}

/** First worksheet of an xlsx file as rows of text cells (1-based columns shifted to 0-based). */
export async function xlsxRows(path: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error(`${path}: workbook has no worksheet`);
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as ExcelJS.CellValue[];
    rows.push(values.slice(1).map(cellText));
  });
  return rows;
}

/** Rows with a header row → records keyed by that header. */
export function rowsToRecords(rows: string[][], headerIndex = 0): CsvRecord[] {
  const header = rows[headerIndex] ?? [];
  return rows.slice(headerIndex + 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

/** Path relative to the data directory, with forward slashes (for Release.sourceFile). */
export function relPath(root: string, path: string): string {
  return relative(root, path).split("\\").join("/");
}

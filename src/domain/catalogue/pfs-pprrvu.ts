// Parser of the CMS Physician Fee Schedule relative value file (PPRRVUyy_*.csv) indicator columns:
// status code, global days, PC/TC, multiple procedure, bilateral, assistant / co / team surgeon.
// Accepts the official CSV (preamble lines, then a header row starting "HCPCS") and the snake_case
// form of the CY2024 fallback in ../shared/data (hcpcs, mod, status_code, glob_days, …).

/** Compact PFS row: [modifier or "", status, globDays, multProc, bilatSurg, asstSurg, coSurg, teamSurg, pcTc]. */
export type PfsTuple = [string, string, string, string, string, string, string, string, string];

/** Parsed PFS file: rows by HCPCS/CPT code, plus the date range printed in the file when present. */
export interface PfsParsed {
  rows: Record<string, PfsTuple[]>;
  count: number;
  dateStart: string | null;
  dateEnd: string | null;
}

const norm = (h: string): string => h.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");

const ALIASES: Record<string, string[]> = {
  code: ["hcpcs", "hcpcs_code", "hcpc"],
  mod: ["mod", "modifier"],
  status: ["status_code", "status"],
  glob: ["glob_days", "global_days"],
  mult: ["mult_proc", "mult_surg"],
  bilat: ["bilat_surg"],
  asst: ["asst_surg"],
  co: ["co_surg"],
  team: ["team_surg"],
  pctc: ["pctc_ind", "pctc"],
};

/**
 * Parse PPRRVU rows (arrays of cells, as from any CSV reader without `columns`). The header is the first
 * row whose normalised cells include "hcpcs" and "status_code"; rows above it (CMS preamble) are skipped.
 * Global days are kept as written (000, 010, 090, MMM, XXX, YYY, ZZZ); per the PFS Relative Value File
 * record layout, ZZZ marks an add-on code (code related to another service, always within its global period).
 * @throws Error when no header row with the required columns is found.
 */
export function parsePprrvu(rows: string[][]): PfsParsed {
  const headerAt = rows.findIndex((r) => {
    const n = r.map(norm);
    return n.some((c) => ALIASES.code!.includes(c)) && n.includes("status_code");
  });
  if (headerAt < 0) throw new Error("PPRRVU: no header row with HCPCS and STATUS CODE columns");
  const header = rows[headerAt]!.map(norm);
  const col = (key: string): number => {
    const i = header.findIndex((h) => ALIASES[key]!.includes(h));
    if (i < 0) throw new Error(`PPRRVU: missing column for ${key} (${ALIASES[key]!.join(" / ")})`);
    return i;
  };
  const c = {
    code: col("code"), mod: col("mod"), status: col("status"), glob: col("glob"), mult: col("mult"),
    bilat: col("bilat"), asst: col("asst"), co: col("co"), team: col("team"), pctc: col("pctc"),
  };
  const ds = header.indexOf("date_start");
  const de = header.indexOf("date_end");
  const out: PfsParsed = { rows: {}, count: 0, dateStart: null, dateEnd: null };
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i]!;
    const code = (r[c.code] ?? "").trim().toUpperCase();
    if (!/^[0-9A-Z]{5}$/.test(code)) continue;
    const cell = (j: number): string => (r[j] ?? "").trim();
    (out.rows[code] ??= []).push([
      cell(c.mod).toUpperCase(), cell(c.status), cell(c.glob), cell(c.mult), cell(c.bilat),
      cell(c.asst), cell(c.co), cell(c.team), cell(c.pctc),
    ]);
    out.count++;
    if (ds >= 0 && !out.dateStart) out.dateStart = cell(ds) || null;
    if (de >= 0 && !out.dateEnd) out.dateEnd = cell(de) || null;
  }
  return out;
}

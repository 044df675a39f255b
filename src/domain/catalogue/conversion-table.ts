// Parser of the NCHS/CMS ICD-10-CM conversion table (ICD-10-CM-CONVERSION-TABLE-FYyyyy.xlsx): for each
// code created since FY2016, its effective year and the previous code(s) it replaced. Read backwards it
// answers "this code was deleted / split; use these instead".

/**
 * Rows of the sheet (text cells) → previous code (dotless) → current codes (dotless), sorted, unique.
 * The header row is the one whose first cell is "Current code assignment"; columns: current code,
 * effective year, previous code(s) written as "A04.7", "C50.919, C50.929" or "C56.1 and C56.2".
 * Rows above the header (the NCHS preamble) are skipped; cells that hold no code are ignored.
 * @throws Error when no header row is found.
 */
export function parseConversionTable(rows: string[][]): Record<string, string[]> {
  const at = rows.findIndex((r) => /current code assignment/i.test((r.find((c) => c.trim() !== "") ?? "").trim()));
  if (at < 0) throw new Error('ICD-10-CM conversion table: no header row "Current code assignment"');
  const offset = rows[at]!.findIndex((c) => /current code assignment/i.test(c));
  const out: Record<string, Set<string>> = {};
  const CODE = /\b[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?\b/g;
  for (const r of rows.slice(at + 1)) {
    const current = (r[offset] ?? "").trim().toUpperCase().replace(".", "");
    if (!/^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$/.test(current)) continue;
    for (const m of (r[offset + 2] ?? "").toUpperCase().matchAll(CODE)) {
      (out[m[0].replace(".", "")] ??= new Set()).add(current);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
}

// Applies a yearly ICD-10-CM change list (added / deleted / revised / billable-status changes) to the
// previous year's order rows, giving the next year's rows. Used when the next year's order file itself
// is not available (FY2027 here: FY2026 order file + ../shared/data/icd10cm/fy2027-delta).
import type { OrderRow } from "./order-file.js";

/** CSV records keyed by header, as produced by any CSV reader with `columns: true`. */
export type CsvRecord = Record<string, string | undefined>;

/** The four change lists; each may be empty. Column names follow the fy2027-delta CSV headers. */
export interface Icd10cmDelta {
  /** code, billable ("true"/"false"), shortTitle, longTitle */
  added: CsvRecord[];
  /** code */
  deleted: CsvRecord[];
  /** code, newLongTitle, newShortTitle */
  revised: CsvRecord[];
  /** code, newBillable ("true"/"false") */
  billableStatusChanges: CsvRecord[];
}

function req(r: CsvRecord, field: string, list: string): string {
  const v = r[field];
  if (v === undefined || v === "") throw new Error(`ICD-10-CM delta ${list}: record without "${field}": ${JSON.stringify(r)}`);
  return v;
}

/**
 * Next year's rows = previous rows − deleted + added, with revised titles and changed billable flags.
 * Result is sorted by code (the tabular order of new codes is unknown).
 * @throws Error when a record lacks its code, or a deleted/revised/changed code is not in `previous`
 *   (the change list does not belong to that year).
 */
export function applyIcd10cmDelta(previous: OrderRow[], delta: Icd10cmDelta): OrderRow[] {
  const byCode = new Map(previous.map((r) => [r.code, { ...r }]));
  for (const r of delta.deleted) {
    const code = req(r, "code", "deleted");
    if (!byCode.delete(code)) throw new Error(`ICD-10-CM delta: deleted code ${code} is not in the previous release`);
  }
  for (const r of delta.revised) {
    const code = req(r, "code", "revised");
    const row = byCode.get(code);
    if (!row) throw new Error(`ICD-10-CM delta: revised code ${code} is not in the previous release`);
    row.longTitle = r.newLongTitle || row.longTitle;
    row.shortTitle = r.newShortTitle || row.shortTitle;
  }
  for (const r of delta.billableStatusChanges) {
    const code = req(r, "code", "billable-status-changes");
    const row = byCode.get(code);
    if (!row) throw new Error(`ICD-10-CM delta: status-changed code ${code} is not in the previous release`);
    row.billable = req(r, "newBillable", "billable-status-changes") === "true";
  }
  for (const r of delta.added) {
    const code = req(r, "code", "added");
    byCode.set(code, {
      code,
      billable: r.billable === "true",
      shortTitle: r.shortTitle ?? "",
      longTitle: r.longTitle ?? r.shortTitle ?? "",
    });
  }
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

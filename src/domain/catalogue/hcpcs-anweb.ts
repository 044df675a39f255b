// Parser of the CMS Alpha-Numeric HCPCS file (HCPCyyyy_MMM_ANWEB, xlsx or its csv form): HCPCS Level II
// codes (RECID 3) and Level II modifiers (RECID 7) with their dates and a few indicator fields.
import type { CsvRecord } from "./icd10cm-delta.js";

/** One HCPCS Level II code or modifier from the ANWEB file. Dates are ISO YYYY-MM-DD or null. */
export interface HcpcsRow {
  code: string;
  kind: "code" | "modifier";
  longTitle: string;
  shortTitle: string;
  /** ADD DT: date the code was added to HCPCS */
  addDate: string | null;
  /** ACT EFF DT: effective date of the latest action (ACTION CD) */
  actionEffectiveDate: string | null;
  /** TERM DT: last date the code may be reported; null = current */
  termDate: string | null;
  /** ACTION CD: A added, B/C/D/F/P/R/S/T changes, N no change (ANWEB record layout) */
  actionCode: string;
  /** COV: Medicare coverage code (C carrier judgement, D special coverage, I not payable, M non-covered, S statutory) */
  coverage: string;
  /** PRICE1: pricing indicator, e.g. 00 service not separately priced, 11 RVU-priced, 51 DME */
  pricing: string;
  /** BETOS: Berenson-Eggers type of service */
  betos: string;
}

/**
 * "20251001" (or a number 20251001 from a spreadsheet cell, or an ISO date) → "2025-10-01"; blank → null.
 * @throws Error on any other shape.
 */
export function anwebDate(value: string | undefined): string | null {
  const v = (value ?? "").trim();
  if (v === "") return null;
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  if (!m) throw new Error(`HCPCS ANWEB: unreadable date ${JSON.stringify(value)}`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * Parse ANWEB records keyed by the file's header (HCPC, SEQNUM, RECID, LONG DESCRIPTION, SHORT DESCRIPTION,
 * PRICE1, COV, BETOS, ADD DT, ACT EFF DT, TERM DT, ACTION CD, …). RECID 3 = code, 7 = modifier; RECID 4 / 8
 * (continuation records of the fixed-width txt form) extend the previous long description.
 * HCPC is trimmed (modifiers are right-aligned, e.g. "   A1").
 * @throws Error when the HCPC or RECID column is missing.
 */
export function parseAnweb(records: CsvRecord[]): HcpcsRow[] {
  const out: HcpcsRow[] = [];
  for (const r of records) {
    if (!("HCPC" in r) || !("RECID" in r)) throw new Error("HCPCS ANWEB: no HCPC / RECID column; is this the ANWEB file?");
    const recid = (r.RECID ?? "").trim();
    const code = (r.HCPC ?? "").trim().toUpperCase();
    if (recid === "4" || recid === "8") {
      const prev = out[out.length - 1];
      if (prev && prev.code === code) prev.longTitle = `${prev.longTitle} ${(r["LONG DESCRIPTION"] ?? "").trim()}`.trim();
      continue;
    }
    if (recid !== "3" && recid !== "7") continue;
    out.push({
      code,
      kind: recid === "3" ? "code" : "modifier",
      longTitle: (r["LONG DESCRIPTION"] ?? "").trim(),
      shortTitle: (r["SHORT DESCRIPTION"] ?? "").trim(),
      addDate: anwebDate(r["ADD DT"]),
      actionEffectiveDate: anwebDate(r["ACT EFF DT"]),
      termDate: anwebDate(r["TERM DT"]),
      actionCode: (r["ACTION CD"] ?? "").trim(),
      coverage: (r.COV ?? "").trim(),
      pricing: (r.PRICE1 ?? "").trim(),
      betos: (r.BETOS ?? "").trim(),
    });
  }
  return out;
}

// Parsers of the CMS NCCI practitioner files: PTP edits (tab-delimited text, ccipra-vNNNrN-fN.txt) and
// MUE values (CSV with a copyright preamble, MCR_MUE_PractitionerServices_Eff_*.csv). No such file is on
// this machine; the parsers follow the published layouts and are tested on synthetic fixtures.
import type { MueTuple, PtpTuple } from "./snapshot.js";
import { quarterRange } from "./release-timeline.js";

const CODE = /^[0-9A-Z]{5}$/;
const YMD = /^(\d{4})(\d{2})(\d{2})$/;

const iso = (ymd: string): string => ymd.replace(YMD, "$1-$2-$3");

/**
 * Parse an NCCI PTP practitioner file. Layout (CMS "Medicare NCCI PTP edits", practitioner services):
 * tab-delimited columns Column 1 | Column 2 | "*" = in existence prior to 1996 | Effective Date (YYYYMMDD)
 * | Deletion Date (YYYYMMDD, "*" = no data) | Modifier (0 not allowed, 1 allowed, 9 not applicable)
 * | PTP Edit Rationale. The copyright preamble and the multi-line column headings are skipped: a data row
 * is any line whose first two fields are 5-character codes and whose 4th field is a YYYYMMDD date.
 * @returns rationale strings (deduplicated) and compact edits indexing them; dates become ISO.
 * @throws Error on a data row whose modifier indicator is not 0/1/9 or whose deletion date is unreadable.
 */
export function parsePtpFile(text: string): { rationales: string[]; edits: PtpTuple[] } {
  const rationales: string[] = [];
  const rIndex = new Map<string, number>();
  const edits: PtpTuple[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const f = lines[n]!.split("\t").map((x) => x.trim());
    if (f.length < 6 || !CODE.test(f[0]!) || !CODE.test(f[1]!) || !YMD.test(f[3]!)) continue;
    const del = f[4]!;
    if (del !== "*" && del !== "" && !YMD.test(del)) throw new Error(`NCCI PTP line ${n + 1}: unreadable deletion date ${JSON.stringify(del)}`);
    const mi = f[5]!;
    if (mi !== "0" && mi !== "1" && mi !== "9") throw new Error(`NCCI PTP line ${n + 1}: modifier indicator ${JSON.stringify(mi)} is not 0, 1 or 9`);
    const rationale = f[6] ?? "";
    let ri = rIndex.get(rationale);
    if (ri === undefined) {
      ri = rationales.push(rationale) - 1;
      rIndex.set(rationale, ri);
    }
    edits.push([f[0]!, f[1]!, f[2] === "*" ? 1 : 0, iso(f[3]!), YMD.test(del) ? iso(del) : "", mi, ri]);
  }
  return { rationales, edits };
}

/**
 * Parse an NCCI MUE practitioner file given as CSV rows. Layout: copyright / notice lines, then the header
 * row "HCPCS/CPT Code", "Practitioner Services MUE Values", "MUE Adjudication Indicator", "MUE Rationale";
 * the indicator cell reads "1 Line Edit", "2 Date of Service Edit: Policy" or "3 Date of Service Edit: Clinical".
 * @throws Error when the header row is missing, or a row's value is not a whole number or its MAI not 1/2/3.
 */
export function parseMueRows(rows: string[][]): MueTuple[] {
  const at = rows.findIndex((r) => /^HCPCS\/CPT Code$/i.test((r[0] ?? "").trim()));
  if (at < 0) throw new Error('NCCI MUE: no header row starting "HCPCS/CPT Code"');
  const out: MueTuple[] = [];
  for (let i = at + 1; i < rows.length; i++) {
    const r = rows[i]!;
    const code = (r[0] ?? "").trim().toUpperCase();
    if (!CODE.test(code)) continue;
    const value = Number((r[1] ?? "").trim());
    const mai = Number((r[2] ?? "").trim().charAt(0));
    if (!Number.isInteger(value) || value < 0) throw new Error(`NCCI MUE row ${i + 1}: MUE value ${JSON.stringify(r[1])} is not a whole number`);
    if (mai !== 1 && mai !== 2 && mai !== 3) throw new Error(`NCCI MUE row ${i + 1}: MAI ${JSON.stringify(r[2])} is not 1, 2 or 3`);
    out.push([code, value, mai, (r[3] ?? "").trim()]);
  }
  return out;
}

/**
 * Quarter a NCCI file applies to, from its name: an ISO or US date in the name ("Eff_2025-10-01",
 * "10-01-2025"), else the PTP version "vYYQ" where version 31.3 = 2025 Q4 (version 30.0 took effect
 * 2024-01-01; one major version per year, minor = quarter − 1). Null when the name holds neither.
 */
export function ncciQuarterFromName(name: string): [string, string] | null {
  let m = /(20\d{2})[-_]?(\d{2})[-_]?(\d{2})/.exec(name);
  if (m) return quarterRange(`${m[1]}-${m[2]}-01`);
  m = /(\d{2})[-_](\d{2})[-_](20\d{2})/.exec(name);
  if (m) return quarterRange(`${m[3]}-${m[1]}-01`);
  m = /v(\d{2})(\d)r\d/i.exec(name);
  if (m) {
    const year = 1994 + Number(m[1]);
    const month = String(Number(m[2]) * 3 + 1).padStart(2, "0");
    return quarterRange(`${year}-${month}-01`);
  }
  return null;
}

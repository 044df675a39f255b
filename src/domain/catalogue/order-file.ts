// Parser of the CMS ICD-10 order files (icd10cm_order_YYYY.txt, icd10pcs_order_YYYY.txt) and of the
// derived FY2027 tsv in ../shared/data. Pure: takes the file text, returns rows.

/** One row of an order file: dotless upper-case code, billable (CM) / valid (PCS) flag, titles. */
export interface OrderRow {
  code: string;
  /** true = billable (ICD-10-CM) or valid for submission (ICD-10-PCS); false = header */
  billable: boolean;
  shortTitle: string;
  longTitle: string;
}

/**
 * Parse a CMS order file. Fixed width, one code per line (CRLF or LF), per icd10OrderFiles.pdf:
 * cols 1-5 order number, col 6 blank, cols 7-13 code (left-justified, padded), col 14 blank,
 * col 15 flag (0 header / 1 valid), col 16 blank, cols 17-76 short description, col 77 blank,
 * cols 78+ long description. Blank lines are skipped.
 * @throws Error naming the 1-based line when a non-blank line does not follow the layout.
 */
export function parseOrderFile(text: string): OrderRow[] {
  const rows: OrderRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const code = line.slice(6, 13).trim();
    const flag = line.charAt(14);
    if (!/^[0-9]{5}$/.test(line.slice(0, 5)) || code === "" || (flag !== "0" && flag !== "1")) {
      throw new Error(`order file line ${i + 1}: not in the CMS order-file layout: ${JSON.stringify(line.slice(0, 40))}`);
    }
    rows.push({
      code,
      billable: flag === "1",
      shortTitle: line.slice(16, 76).trim(),
      longTitle: line.slice(77).trim(),
    });
  }
  return rows;
}

/**
 * Parse the derived FY2027 ICD-10-CM list (../shared/data/icd10cm/derived/*.tsv): header line
 * `code, code_dotted, billable(0/1), short_desc, long_desc`, tab-separated, no quoting.
 * @throws Error when the header is not that layout.
 */
export function parseDerivedTsv(text: string): OrderRow[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split("\t");
  if (header[0] !== "code" || header[2] !== "billable" || header[4] !== "long_desc") {
    throw new Error(`derived ICD-10-CM tsv: unexpected header ${JSON.stringify(lines[0])}`);
  }
  const rows: OrderRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const f = line.split("\t");
    rows.push({ code: f[0]!, billable: f[2] === "1", shortTitle: f[3] ?? "", longTitle: f[4] ?? "" });
  }
  return rows;
}

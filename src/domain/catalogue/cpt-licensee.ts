// Parser of a licensee's AMA CPT data file in its simplest tab-delimited form (code TAB descriptor per
// line, e.g. the "LONGULT.txt" / "MEDU.txt" style files of the AMA data files). Descriptor text stays in
// the local snapshot only; it is never committed to the repository.

/**
 * Parse `code<TAB>descriptor` lines. Lines whose first field is not a CPT code (5 digits, or 4 digits +
 * F/T/U) are skipped, which also skips a header line. Duplicate codes keep the first descriptor.
 * @throws Error when no line holds a CPT code (wrong file).
 */
export function parseCptLicenseeFile(text: string): Array<{ code: string; title: string }> {
  const seen = new Set<string>();
  const out: Array<{ code: string; title: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const code = line.slice(0, tab).trim().toUpperCase();
    if (!/^(?:[0-9]{5}|[0-9]{4}[FTU])$/.test(code) || seen.has(code)) continue;
    seen.add(code);
    out.push({ code, title: line.slice(tab + 1).trim() });
  }
  if (out.length === 0) throw new Error("CPT licensee file: no 'code<TAB>descriptor' lines with a CPT code");
  return out;
}

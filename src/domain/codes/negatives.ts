// Hard negatives: code-shaped strings that are not codes (ZIP codes, claim and account numbers,
// street and room numbers, money, vertebral levels, TNM staging, lab names, remark codes, URLs).
// Each test looks only at the token and the text on its own line, so it is cheap and local.

import type { ShapeCandidate } from "./code-shapes.js";

/** US state and territory abbreviations (USPS Publication 28, appendix B). */
const STATES = new Set(
  ("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC " +
    "ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP").split(" "),
);

/**
 * Words after which a number is an identifier, not a code ("Suite 20100", "PO Box 10234", "Acct 55012").
 * STRONG words need nothing more; WEAK words ("case", "claim", "order") need a "#", ":" or "no."
 * after them, because "in this case 99214 …" and "the claim for 99213" are code mentions.
 */
const ID_STRONG =
  /\b(?:icn|dcn|tcn|acct|account|member|subscriber|policy|invoice|ticket|mrn|csn|batch|eft|trace|tin|ein|tax id|npi|suite|ste|room|rm|apt|bldg|building|box|ext|extension|zip|zip code|postal code|serial|confirmation|fax|phone|tel|pager|dept|cost center)\b\.?\s*(?:(?:no|num|number|nbr|id|code|#)\.?\s*)?[#:]?\s*$/i;
const ID_WEAK =
  /\b(?:claims?|case|id|check|chk|group|grp|ref|reference|order|lot|page|unit|floor|fl|version|ver|job|po|pa|auth|authorization|chart|encounter|fin|sn|inv|conf|ph|item|record|patient|pt|visit|control)\b\.?\s*(?:#|:|(?:no|num|number|nbr|id)\b\.?\s*[#:]?)\s*$/i;

function isIdentifierContext(before: string): boolean {
  return ID_STRONG.test(before) || ID_WEAK.test(before);
}

/** Street suffixes (USPS Publication 28, appendix C1, common ones). */
const STREET_AFTER =
  /^\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\.?\s+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Way|Ct|Court|Pkwy|Parkway|Hwy|Highway|Pl|Place|Ter|Terrace|Cir|Circle|Trl|Trail|Pike|Sq|Square|Loop|Plaza)\b/;

/** Quantities after a bare number ("12345 claims", "20000 patients"). */
const QUANTITY_AFTER =
  /^\s*(?:claims?|patients?|visits?|miles?|people|members?|lives|employees|dollars|usd|beds?|records?|charts?|encounters?|hours?|minutes?|mins?|seconds?|days?|years?|steps?|calories|feet|ft|lbs?|kg|mg|mcg|ml|%|percent|k\b|sq)/i;

const TNM = /^[PCYRA]?T(?:[0-4X]|IS)[A-D]?N[0-3X][A-C]?(?:M[01X][A-C]?)?$/;
const VERTEBRA = /^(?:C[1-7]|T(?:[1-9]|1[0-2])|L[1-5]|S[1-5])$/;
const VERTEBRA_WORDS = /\b(?:vertebra[el]?|vertebral|level|levels|disc|disk|spine|spinal|lumbar|thoracic|cervical|interspace|fusion|laminectomy|segment)\b/i;
/** Lab and other names that look like ICD-10-CM categories (HbA1c, vitamin B12, H1N1, G6PD, N95 mask). */
const NAMES = new Set(["A1C", "B12", "H2O", "G6PD", "H1N1", "H5N1", "H3N2", "N95", "K95", "P100", "R95"]);
const RARC_SHAPE = /^(?:N\d{1,3}|M\d{1,3}|MA\d{1,3})$/;
const ADJ_CONTEXT = /\b(?:carc|rarc|remark|remarks|adjustment reason|reason codes?|denial codes?|remittance advice|eob|era|(?:CO|PR|OA|PI|CR)-\d{1,3})\b/i;

/** Offsets of the line that holds [start, end) in `text`. */
export function lineAround(text: string, start: number, end: number): { lineStart: number; lineEnd: number } {
  const ls = text.lastIndexOf("\n", start - 1) + 1;
  let le = text.indexOf("\n", end);
  if (le < 0) le = text.length;
  return { lineStart: ls, lineEnd: le };
}

/**
 * True when the token at [start, end) of `text`, read as `cand`, is a hard negative and must not be
 * reported. `asRangeEnd` marks the second end of a range ("32601-32674"), which follows a hyphen.
 * Rules are local to the line; see the module comment for the list.
 */
export function isHardNegative(
  text: string,
  start: number,
  end: number,
  cand: ShapeCandidate,
  asRangeEnd = false,
): boolean {
  const { lineStart, lineEnd } = lineAround(text, start, end);
  const before = text.slice(Math.max(lineStart, start - 40), start);
  const after = text.slice(end, Math.min(lineEnd, end + 60));
  const u = cand.code.replace(".", "");
  const prevChar = start > 0 ? text[start - 1] : "";
  const nextChar = text[end] ?? "";

  // Money, percentages, part of a URL / e-mail address / file name / larger number.
  if (prevChar === "$" || /^[£€$]\s?$/.test(before.slice(-2))) return true;
  if (nextChar === "%" || nextChar === "@" || (nextChar === "," && /^,\d{3}/.test(after))) return true;
  if (/\d[.:]$/.test(before)) return true; // 1.23456, 10:12345

  if (isInUrlOrAddress(text, start, lineStart)) return true;
    // part of a hyphenated number such as a tax id or account (12-34567, 12345-678)
  if (/^[-–]\d{3,4}(?!\d)/.test(after) || (!asRangeEnd && /\d[-–]$/.test(before))) return true;

  if (cand.kind === "cpt1" || cand.kind === "pcs") {
    if (isIdentifierContext(before)) return true;
    if (cand.kind === "cpt1" && isZip(before)) return true;
    if (STREET_AFTER.test(after)) return true;
    if (QUANTITY_AFTER.test(after)) return true;
  }
  if (cand.kind === "pcs" && /^\d{7}$/.test(u) && /^[\s-]*\d/.test(after)) return true;

  if (cand.system === "ICD10CM" || cand.system === "HCPCS") {
    if (isIdentifierContext(before) && !/\b(?:dx|code|codes)\b/i.test(before)) {
      // "ID A123456", "Ref: M12345": identifiers; but not "code J1100"
      if (cand.kind !== "icd-dotted") return true;
    }
    if (cand.kind !== "icd-dotted") {
      if (NAMES.has(u) && !/\b(?:icd|dx|diagnosis)\b/i.test(before)) return true;
      if (TNM.test(u)) return true;
      if (VERTEBRA.test(u) && isVertebralContext(text, start, end, lineStart, lineEnd)) return true;
    }
    if (RARC_SHAPE.test(u) && cand.kind !== "icd-dotted" && ADJ_CONTEXT.test(text.slice(lineStart, lineEnd))) return true;
  }
  return false;
}

/** "Dallas, TX 75201", "Austin TX 78701", "ZIP 75201". */
function isZip(before: string): boolean {
  const m = /(?:^|[^A-Za-z])([A-Z]{2})\.?,?\s+$/.exec(before);
  if (!m || !STATES.has(m[1] ?? "")) return false;
  const head = before.slice(0, m.index + 1);
  // A state after a comma or after a capitalised place name; "CPT OR 99214" does not qualify.
  return /,\s*$/.test(head) || /[A-Z][a-z]+\s*$/.test(head) || /^\s*$/.test(head);
}

function isVertebralContext(text: string, start: number, end: number, ls: number, le: number): boolean {
  // A range with another level ("T10-T12", "T12-L1"), or spine words on the line.
  const near = text.slice(Math.max(ls, start - 5), Math.min(le, end + 5));
  if (/(?:C[1-7]|T1?\d|L[1-5]|S[1-5])\s*[-–/]\s*(?:C[1-7]|T1?\d|L[1-5]|S[1-5])/.test(near)) return true;
  return VERTEBRA_WORDS.test(text.slice(ls, le));
}

function isInUrlOrAddress(text: string, start: number, lineStart: number): boolean {
  let i = start - 1;
  while (i >= lineStart && !/\s/.test(text[i] ?? " ")) i--;
  const word = text.slice(i + 1, start);
  if (word === "") return false;
  return /:\/\/|www\.|@|\.(?:com|org|net|gov|edu|html?|pdf)\b|[A-Za-z]_/.test(word) || /[A-Za-z0-9]\.$/.test(word);
}

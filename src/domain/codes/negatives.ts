// Hard negatives: code-shaped strings that are not codes (ZIP codes, claim and account numbers,
// street and room numbers, money, vertebral levels, TNM staging, lab names, remark codes, URLs).
// Each test looks only at the token and the text on its own line, so it is cheap and local.

import { isDigitCode, isSpaceCode } from "./chars.js";
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

/**
 * Last words of the ID_STRONG / ID_WEAK phrases and of their "no" / "number" / "id" / "code" tails
 * (lower case). Both expressions end in one of these words followed only by ".", "#", ":" and white
 * space, so a window whose last word is not here cannot match (derived from the sources above).
 */
const ID_LAST_WORDS: ReadonlySet<string> = new Set(
  [ID_STRONG, ID_WEAK].flatMap((re) => {
    const alternatives = /\(\?:([^)]*)\)/.exec(re.source)![1]!.split("|");
    return [...alternatives.flatMap((a) => {
      const last = a.split(" ").pop()!;
      return last.endsWith("s?") ? [last.slice(0, -2), last.slice(0, -1)] : [last];
    }), "no", "num", "number", "nbr", "id", "code"];
  }),
);

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
  return isHardNegativeOnLine(text, start, end, cand, asRangeEnd, lineStart, lineEnd);
}

/**
 * `isHardNegative` for a token whose line [lineStart, lineEnd) the caller already knows (the scanner
 * computes it once per token). Cheap character tests run before each regular expression.
 */
export function isHardNegativeOnLine(
  text: string,
  start: number,
  end: number,
  cand: ShapeCandidate,
  asRangeEnd: boolean,
  lineStart: number,
  lineEnd: number,
): boolean {
  const bStart = Math.max(lineStart, start - 40);
  const p1 = start > bStart ? text.charCodeAt(start - 1) : -1; // last character of `before`
  const p2 = start - 1 > bStart ? text.charCodeAt(start - 2) : -1;
  const nextChar = end < lineEnd ? text.charCodeAt(end) : end < text.length ? 10 : -1;

  // Money, percentages, part of a URL / e-mail address / file name / larger number.
  if (start > 0 && text.charCodeAt(start - 1) === 36 /* $ */) return true;
  // "$", "£", "€" just before the token, or one of them and a space (the last two characters of the window)
  if (start - bStart === 1 ? isCurrency(p1) : isCurrency(p2) && isSpaceCode(p1)) return true;
  if (nextChar === 37 /* % */ || nextChar === 64 /* @ */) return true;
  if (nextChar === 44 /* , */ && end + 3 < lineEnd && isDigitCode(text.charCodeAt(end + 1)) && isDigitCode(text.charCodeAt(end + 2)) && isDigitCode(text.charCodeAt(end + 3))) return true;
  if ((p1 === 46 || p1 === 58) /* . : */ && isDigitCode(p2)) return true; // 1.23456, 10:12345

  if (isInUrlOrAddress(text, start, lineStart)) return true;
  // part of a hyphenated number such as a tax id or account (12-34567, 12345-678)
  if ((nextChar === 45 || nextChar === 0x2013) && HYPHEN_NUMBER.test(text.slice(end, Math.min(lineEnd, end + 6)))) return true;
  if (!asRangeEnd && (p1 === 45 || p1 === 0x2013) && isDigitCode(p2)) return true;

  const kind = cand.kind;
  const procOrPcs = kind === "cpt1" || kind === "pcs";
  const letterCode = (cand.system === "ICD10CM" || cand.system === "HCPCS") && kind !== "icd-dotted";
  if (!procOrPcs && !letterCode) return false;
  // `before` (the window) and `after` (60 characters) are copied only when a test needs them.
  const identifier = mayEndIdentifierContext(text, bStart, start) && isIdentifierContext(text.slice(bStart, start));
  if (procOrPcs) {
    if (identifier) return true;
    if (kind === "cpt1" && isSpaceCode(p1) && mayEndInState(text, bStart, start) && isZip(text.slice(bStart, start))) return true;
    const aEnd = Math.min(lineEnd, end + 60);
    // first character after the white space that follows the token (-1 at the end of the window)
    let a = end;
    while (a < aEnd && isSpaceCode(text.charCodeAt(a))) a++;
    const first = a < aEnd ? text.charCodeAt(a) : -1;
    if (isSpaceCode(nextChar) && first >= 65 && first <= 90 && STREET_AFTER.test(text.slice(end, aEnd))) return true;
    if (mayStartQuantity(first) && QUANTITY_AFTER.test(text.slice(end, aEnd))) return true;
    if (kind === "pcs" && PCS_DIGITS.test(cand.code) && NUMBER_AFTER.test(text.slice(end, aEnd))) return true;
  }

  if (letterCode) {
    // "ID A123456", "Ref: M12345": identifiers; but not "code J1100"
    if (identifier && !CODE_WORDS.test(text.slice(bStart, start))) return true;
    // The code without its dot (dotless ICD-10-CM has it after the 3rd character, so the first two
    // characters are the written ones); each expression runs only when its length and first
    // characters allow a match: NAMES ≤ 4 characters, TNM with "T" first or second, VERTEBRA ≤ 3
    // characters starting C/T/L/S, RARC_SHAPE starting N or M.
    const code = cand.code;
    const len = cand.kind === "icd-dotless" ? code.length - 1 : code.length;
    const c0 = code.charCodeAt(0);
    const tnm = c0 === 84 /* T */ || code.charCodeAt(1) === 84;
    const rarc = c0 === 78 /* N */ || c0 === 77; /* M */
    if (len <= 4 || tnm || rarc) {
      const u = cand.kind === "icd-dotless" ? code.replace(".", "") : code;
      if (len <= 4 && NAMES.has(u) && !ICD_WORDS.test(text.slice(bStart, start))) return true;
      if (tnm && TNM.test(u)) return true;
      if (len <= 3 && (c0 === 67 || c0 === 84 || c0 === 76 || c0 === 83) /* C T L S */ && VERTEBRA.test(u) && isVertebralContext(text, start, end, lineStart, lineEnd)) return true;
      if (rarc && RARC_SHAPE.test(u) && ADJ_CONTEXT.test(text.slice(lineStart, lineEnd))) return true;
    }
  }
  return false;
}

/**
 * First characters (lower-cased) of the QUANTITY_AFTER words and "%": the expression can only match
 * when the first character after the white space is one of these.
 */
const QUANTITY_FIRST: ReadonlySet<number> = new Set(
  /\(\?:([^)]*)\)/.exec(QUANTITY_AFTER.source)![1]!.split("|").map((w) => w.charCodeAt(0)),
);

function mayStartQuantity(c: number): boolean {
  return c >= 0 && QUANTITY_FIRST.has(c >= 65 && c <= 90 ? c | 0x20 : c);
}

/**
 * Necessary condition for `isZip` on text[from, to): the window ends in white space after two
 * capital letters, optionally followed by "." and then ",".
 */
function mayEndInState(text: string, from: number, to: number): boolean {
  let i = to - 1;
  if (i < from || !isSpaceCode(text.charCodeAt(i))) return false;
  while (i >= from && isSpaceCode(text.charCodeAt(i))) i--;
  if (i >= from && text.charCodeAt(i) === 44 /* , */) i--;
  if (i >= from && text.charCodeAt(i) === 46 /* . */) i--;
  return i - 1 >= from && isCapital(text.charCodeAt(i)) && isCapital(text.charCodeAt(i - 1));
}

function isCapital(c: number): boolean {
  return c >= 65 && c <= 90;
}

const HYPHEN_NUMBER = /^[-–]\d{3,4}(?!\d)/;
const PCS_DIGITS = /^\d{7}$/;
const NUMBER_AFTER = /^[\s-]*\d/;
const CODE_WORDS = /\b(?:dx|code|codes)\b/i;
const ICD_WORDS = /\b(?:icd|dx|diagnosis)\b/i;

function isCurrency(c: number): boolean {
  return c === 36 || c === 0xa3 || c === 0x20ac; // $ £ €
}

/**
 * (length, first letter, last letter) of every word of ID_LAST_WORDS, as `wordKey` numbers: a word
 * whose key is not here is not in the set, so most windows are decided without copying the word.
 */
const ID_LAST_KEYS: ReadonlySet<number> = new Set(
  [...ID_LAST_WORDS].map((w) => wordKey(w.length, w.charCodeAt(0), w.charCodeAt(w.length - 1))),
);

/** A number for (length, first, last) of a word; letters are lower-cased (| 0x20), as in the set. */
function wordKey(len: number, first: number, last: number): number {
  return (len << 14) | ((first | 0x20) << 7) | (last | 0x20);
}

/**
 * Necessary condition for ID_STRONG / ID_WEAK on text[from, to): after dropping trailing white space,
 * ".", "#" and ":", the window must end in a word of ID_LAST_WORDS (ASCII letters, whole word).
 */
function mayEndIdentifierContext(text: string, from: number, to: number): boolean {
  let i = to - 1;
  for (; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (!(isSpaceCode(c) || c === 0x2e /* . */ || c === 0x23 /* # */ || c === 0x3a) /* : */) break;
  }
  const end = i + 1;
  for (; i >= from; i--) {
    const c = text.charCodeAt(i) | 0x20;
    if (!(c >= 97 && c <= 122) || text.charCodeAt(i) > 122) break;
  }
  const len = end - (i + 1);
  if (len < 2 || len > 14 || !ID_LAST_KEYS.has(wordKey(len, text.charCodeAt(i + 1), text.charCodeAt(end - 1)))) return false;
  return ID_LAST_WORDS.has(text.slice(i + 1, end).toLowerCase());
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
  while (i >= lineStart && !isSpaceCode(text.charCodeAt(i))) i--;
  if (i + 1 === start) return false;
  const word = text.slice(i + 1, start);
  return URLISH.test(word) || /[A-Za-z0-9]\.$/.test(word);
}

const URLISH = /:\/\/|www\.|@|\.(?:com|org|net|gov|edu|html?|pdf)\b|[A-Za-z]_/;

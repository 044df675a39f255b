// Code shapes: which code systems a single token can belong to, by its characters alone. Context
// (modifiers, cue words, the catalogue) is weighed later, in extract.ts and disambiguate.ts.

import { append } from "./arrays.js";
import type { CodeSystem } from "./types.js";

/** How a token is written; decides the base confidence and how much context it needs. */
export type ShapeKind =
  | "cpt1" // CPT Category I: 5 digits
  | "cpt2" // CPT Category II: 4 digits + F
  | "cpt3" // CPT Category III: 4 digits + T
  | "pla" // CPT Proprietary Laboratory Analyses: 4 digits + U
  | "hcpcs" // HCPCS Level II: letter A–V (no D, F, I, N, O) + 4 digits
  | "icd-dotted" // ICD-10-CM with the dot: A00.0 … S72.001A
  | "icd-3" // ICD-10-CM category without dot: I10, E11, C4A
  | "icd-dotless" // ICD-10-CM 4–7 characters without the dot: E119, S72001A
  | "pcs"; // ICD-10-PCS: 7 characters 0–9 A–Z without I and O

export interface ShapeCandidate {
  system: CodeSystem;
  /** canonical code: upper case, ICD-10-CM with the dot after the 3rd character */
  code: string;
  kind: ShapeKind;
}

/** First characters used by HCPCS Level II (CMS HCPCS Level II file: A B C E G H J K L M P Q R S T U V). */
const HCPCS_FIRST = /^[ABCEGHJKLMPQRSTUV]\d{4}$/;
/** ICD-10-CM: letter, digit, digit-or-letter, then up to 4 characters (FY2026 ICD-10-CM Guidelines I.A.1–I.A.5). */
const ICD_DOTTED = /^[A-Z]\d[0-9A-Z]\.[0-9A-Z]{1,4}$/;
const ICD_3 = /^[A-Z]\d[0-9A-Z]$/;
const ICD_DOTLESS = /^[A-Z]\d[0-9A-Z][0-9A-Z]{1,4}$/;
/** ICD-10-CM categories whose 3rd character is a letter (tabular FY2026). Others are not codes. */
const ICD_LETTER_CATEGORIES = new Set(["C4A", "C7A", "C7B", "D3A", "M1A", "O9A", "Z3A"]);
/** ICD-10-PCS: 7 characters, values 0–9 and A–Z except I and O (ICD-10-PCS Official Guidelines A.2). */
const PCS = /^[0-9A-HJ-NP-Z]{7}$/;
/** ICD-10-PCS sections (1st character): 0–9, B, C, D, F, G, H, X. */
const PCS_SECTION = /^[0-9BCDFGHX]/;

/** Inserts the ICD-10-CM dot after the 3rd character ("J1100" → "J11.00"); leaves 3-character codes. */
export function dotIcd(code: string): string {
  const u = code.toUpperCase().replace(".", "");
  return u.length > 3 ? `${u.slice(0, 3)}.${u.slice(3)}` : u;
}

/**
 * Candidate readings of one token, most likely first. `token` is exactly as written (letters, digits
 * and at most one dot). Returns [] for anything that is no code shape. A token may have two
 * readings (J1100: HCPCS Level II J1100 or ICD-10-CM J11.00; 5-character E1165 idem), resolved later.
 */
export function shapesOf(token: string): ShapeCandidate[] {
  const n = token.length;
  if (n < 3 || n > 8) return [];
  if (n === 5 && isDigits(token, 0, 5)) return [{ system: "CPT", code: token, kind: "cpt1" }]; // the common case, no copies
  // Tokens of ASCII letters, digits and dots (all the scanner makes) are read by character tests;
  // anything else by the expressions above (String.prototype.toUpperCase may turn it into ASCII).
  let lower = false;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = true;
    else if (c === 46) dot = dot < 0 ? i : dot;
    else if (!(isDigit(c) || isUpper(c))) return shapesByExpressions(token);
  }
  const u = lower ? token.toUpperCase() : token;
  const c0 = u.charCodeAt(0);
  if (isDigit(c0)) {
    if (n === 5 && dot < 0 && isDigits(u, 0, 4)) {
      const c4 = u.charCodeAt(4);
      const kind: ShapeKind | null = c4 === 70 /* F */ ? "cpt2" : c4 === 84 /* T */ ? "cpt3" : c4 === 85 /* U */ ? "pla" : null;
      return kind ? [{ system: "CPT", code: u, kind }] : [];
    }
    if (n === 7 && !lower && isPcsValues(u)) return [{ system: "ICD10PCS", code: u, kind: "pcs" }];
    return [];
  }
  if (!isUpper(c0)) return [];
  if (dot >= 0) {
    // ICD_DOTTED: letter, digit, digit or letter, ".", 1–4 digits or letters
    const ok = dot === 3 && n >= 5 && isDigit(u.charCodeAt(1)) && isDigitOrUpper(u.charCodeAt(2)) && u.indexOf(".", 4) < 0;
    return ok && thirdOk(u) ? [{ system: "ICD10CM", code: u, kind: "icd-dotted" }] : [];
  }
  const out: ShapeCandidate[] = [];
  // ICD_3 / ICD_DOTLESS: letter, digit, then 1–5 digits or letters
  const icd = isDigit(u.charCodeAt(1)) && thirdOk(u);
  if (n === 3) {
    if (icd) append(out, { system: "ICD10CM", code: u, kind: "icd-3" });
    return out;
  }
  if (n === 5 && isHcpcsFirst(c0) && isDigits(u, 1, 5)) append(out, { system: "HCPCS", code: u, kind: "hcpcs" });
  if (icd && n <= 7) append(out, { system: "ICD10CM", code: `${u.slice(0, 3)}.${u.slice(3)}`, kind: "icd-dotless" });
  if (n === 7 && !lower && isPcsValues(u) && isPcsSection(c0) && hasDigit(u)) {
    // A letter-first 7-character token reads as PCS when it carries PCS "Z" (no device / qualifier)
    // values or a letter in the 2nd character; otherwise the ICD-10-CM reading comes first.
    const pcsFirst = isUpper(u.charCodeAt(1)) || u.indexOf("Z", 3) >= 0;
    const pcs: ShapeCandidate = { system: "ICD10PCS", code: u, kind: "pcs" };
    if (pcsFirst) out.unshift(pcs);
    else append(out, pcs);
  }
  return out;
}

/** `shapesOf` by the expressions, for tokens with characters other than ASCII letters, digits and ".". */
function shapesByExpressions(token: string): ShapeCandidate[] {
  const n = token.length;
  const u = token.toUpperCase();
  const c0 = u.charCodeAt(0);
  const firstIsDigit = c0 >= 48 && c0 <= 57;
  if (firstIsDigit) {
    if (n === 5) {
      if (/^\d{5}$/.test(u)) return [{ system: "CPT", code: u, kind: "cpt1" }];
      if (/^\d{4}F$/.test(u)) return [{ system: "CPT", code: u, kind: "cpt2" }];
      if (/^\d{4}T$/.test(u)) return [{ system: "CPT", code: u, kind: "cpt3" }];
      if (/^\d{4}U$/.test(u)) return [{ system: "CPT", code: u, kind: "pla" }];
      return [];
    }
    if (n === 7 && PCS.test(u) && token === u) return [{ system: "ICD10PCS", code: u, kind: "pcs" }];
    return [];
  }
  if (token.includes(".")) {
    return ICD_DOTTED.test(u) && thirdOk(u) ? [{ system: "ICD10CM", code: u, kind: "icd-dotted" }] : [];
  }
  const out: ShapeCandidate[] = [];
  if (n === 3) {
    if (ICD_3.test(u) && thirdOk(u)) append(out, { system: "ICD10CM", code: u, kind: "icd-3" });
    return out;
  }
  if (n === 5 && HCPCS_FIRST.test(u)) append(out, { system: "HCPCS", code: u, kind: "hcpcs" });
  if (ICD_DOTLESS.test(u) && thirdOk(u)) append(out, { system: "ICD10CM", code: dotIcd(u), kind: "icd-dotless" });
  if (n === 7 && token === u && PCS.test(u) && PCS_SECTION.test(u) && /\d/.test(u)) {
    const pcsFirst = /[A-Z]/.test(u[1] ?? "") || /Z/.test(u.slice(3));
    const pcs: ShapeCandidate = { system: "ICD10PCS", code: u, kind: "pcs" };
    if (pcsFirst) out.unshift(pcs);
    else append(out, pcs);
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isDigitOrUpper(c: number): boolean {
  return isDigit(c) || isUpper(c);
}

/** HCPCS_FIRST's first character: A B C E G H J K L M P Q R S T U V. */
function isHcpcsFirst(c: number): boolean {
  return isUpper(c) && c !== 68 /* D */ && c !== 70 /* F */ && c !== 73 /* I */ && c !== 78 /* N */ && c !== 79 /* O */ && c <= 86 /* V */;
}

/** PCS on an upper-case string of ASCII letters, digits and dots: 7 values 0–9, A–Z without I and O. */
function isPcsValues(u: string): boolean {
  if (u.length !== 7) return false;
  for (let i = 0; i < 7; i++) {
    const c = u.charCodeAt(i);
    if (!(isDigit(c) || (isUpper(c) && c !== 73 /* I */ && c !== 79) /* O */)) return false;
  }
  return true;
}

/** PCS_SECTION for a letter: B C D F G H X. */
function isPcsSection(c: number): boolean {
  return c === 66 || c === 67 || c === 68 || c === 70 || c === 71 || c === 72 || c === 88;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) return true;
  return false;
}

function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The 3rd character of an ICD-10-CM code is a digit, or a letter only in the known letter categories. */
function thirdOk(u: string): boolean {
  const c = u.charCodeAt(2);
  if (c >= 48 && c <= 57) return true;
  return ICD_LETTER_CATEGORIES.has(u.slice(0, 3));
}

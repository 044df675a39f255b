// Code shapes per system: normalising what people type (dots, case, spaces) and checking that a
// string is well formed before any lookup. Pure string functions.
import type { CodeSystem } from "../codes/types.js";

/**
 * Normalise a typed code to the catalogue key: upper-case, no dots, no spaces, no hyphens.
 * Modifier input such as "-59" or "mod 59" is not handled here (extraction does that).
 * @example normaliseKey(" l74.510 ") === "L74510"
 */
export function normaliseKey(code: string): string {
  return code.trim().toUpperCase().replace(/[.\s]/g, "");
}

/**
 * Normalise for one system: ICD-10-CM drops its dot ("l74.510" → "L74510"); other systems keep a dot so
 * that "J11.00" is not taken for HCPCS Level II J1100 (a dot never appears in CPT/HCPCS/PCS/modifiers).
 */
export function normaliseFor(system: CodeSystem, code: string): string {
  const k = code.trim().toUpperCase().replace(/\s/g, "");
  return system === "ICD10CM" ? k.replace(/\./g, "") : k;
}

/**
 * Display form of a key. ICD-10-CM gets its dot after the 3rd character (category) when longer than 3
 * (CMS order file documentation, icd10OrderFiles.pdf: codes are stored without the decimal point).
 * Other systems are returned unchanged.
 */
export function displayCode(system: CodeSystem, key: string): string {
  if (system === "ICD10CM" && key.length > 3) return `${key.slice(0, 3)}.${key.slice(3)}`;
  return key;
}

/** ICD-10-CM: letter (any A-Z; U is reserved for special use), digit, alphanumeric, then up to 4 alphanumerics. */
const ICD10CM_RE = /^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$/;
/** ICD-10-PCS: 7 characters from digits and letters excluding I and O (PCS Official Guidelines A.2). */
const ICD10PCS_RE = /^[0-9A-HJ-NP-Z]{7}$/;
/** HCPCS Level II: one letter A-V then four digits (CMS ANWEB file, all RECID 3 rows match). */
const HCPCS_RE = /^[A-V][0-9]{4}$/;
/** CPT: Category I five digits; Category II four digits + F; Category III four digits + T; PLA four digits + U. */
const CPT_RE = /^(?:[0-9]{5}|[0-9]{4}[FTU])$/;
/** Modifier: two characters, numeric (CPT 22-99) or alphanumeric (HCPCS Level II, e.g. LT, XS, F1). */
const MODIFIER_RE = /^[0-9A-Z]{2}$/;

/**
 * True when `key` (already normalised by {@link normaliseKey}) has the shape of a `system` code.
 * Shape only: says nothing about whether the code exists.
 */
export function isWellFormed(system: CodeSystem, key: string): boolean {
  switch (system) {
    case "ICD10CM":
      return ICD10CM_RE.test(key);
    case "ICD10PCS":
      return ICD10PCS_RE.test(key);
    case "HCPCS":
      return HCPCS_RE.test(key);
    case "CPT":
      return CPT_RE.test(key);
    case "MODIFIER":
      return MODIFIER_RE.test(key);
  }
}

/**
 * Placeholder-X candidates for an ICD-10-CM key that was written without its placeholder X
 * (ICD-10-CM Official Guidelines I.A.5/I.A.17: "X" fills empty positions so that the 7th character
 * stays in the 7th position). "T3601A" → ["T360X1A", "T36X01A", ...]. Only produced when the key is
 * 4–6 characters and ends in a letter (a probable 7th character); returns [] otherwise.
 */
export function placeholderCandidates(key: string): string[] {
  if (key.length < 4 || key.length >= 7 || !/[A-Z]$/.test(key)) return [];
  const body = key.slice(0, -1);
  const seventh = key.slice(-1);
  const need = 6 - body.length;
  const out = new Set<string>();
  // Insert `need` X's at positions >= 3 (the category is never padded); the X's are contiguous in practice.
  for (let pos = 3; pos <= body.length; pos++) {
    out.add(body.slice(0, pos) + "X".repeat(need) + body.slice(pos) + seventh);
  }
  return [...out];
}

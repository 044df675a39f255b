// NCCI findings: procedure-to-procedure (PTP) edits for every pair of procedure codes in the question,
// and medically unlikely edits (MUE) against the units written.
import type { Catalogue, MueValue, PtpEdit, Release } from "../catalogue/types.js";
import { isProcedure, unitsOf } from "./code-kinds.js";
import { NCCI_MANUAL } from "./sources.js";
import type { AnsweredMention, Finding } from "./types.js";

/**
 * NCCI-associated modifiers that may bypass a PTP edit with modifier indicator 1, and the documentation
 * each needs (NCCI Policy Manual, Chapter I, Section E). Anatomic modifiers are listed by family.
 */
const BYPASS: Record<string, string> = {
  "59": "a distinct procedural service (different session, different site or organ system, separate incision or excision, separate lesion or injury)",
  XE: "a separate encounter",
  XS: "a separate organ or structure",
  XP: "a different practitioner",
  XU: "a service that does not overlap the usual components of the main service",
  "24": "an unrelated E/M service during the postoperative period",
  "25": "a significant, separately identifiable E/M service",
  "27": "a separate outpatient hospital E/M encounter",
  "57": "the E/M visit at which the decision for surgery was made",
  "58": "a staged or planned related procedure",
  "78": "an unplanned return to the operating room",
  "79": "an unrelated procedure during the postoperative period",
  "91": "a repeat clinical laboratory test",
  RT: "the right side", LT: "the left side", LC: "a different coronary artery", LD: "a different coronary artery",
  RC: "a different coronary artery", LM: "a different coronary artery", RI: "a different coronary artery",
  E1: "a different eyelid", E2: "a different eyelid", E3: "a different eyelid", E4: "a different eyelid",
};
for (const d of ["FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9"]) BYPASS[d] = "a different finger";
for (const d of ["TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9"]) BYPASS[d] = "a different toe";

/**
 * Anatomic modifiers (RT/LT, coronary artery, eyelid, finger, toe). They bypass a PTP edit only when they
 * show that the two procedures were done on different sites (NCCI Policy Manual, Chapter I, Section E):
 * the same anatomic modifier on both codes is the same site, so the edit still applies.
 */
const ANATOMIC = new Set(Object.keys(BYPASS).filter((x) => !/^(59|X[ESPU]|2[457]|5[78]|7[89]|91)$/.test(x)));

/** Every modifier written on `code` (upper case, each once). */
function modifiersOn(mentions: AnsweredMention[], code: string): string[] {
  return [...new Set(mentions.filter((m) => m.code === code).flatMap((m) => m.modifiers.map((x) => x.toUpperCase())))];
}

/**
 * The NCCI-associated modifiers written on a pair, split into those that may bypass the edit (`used`:
 * any on column 2, and 59 / X{EPSU} on column 1) and anatomic modifiers on column 2 that column 1 carries
 * too (`sameSite`), which do not bypass it (NCCI Policy Manual, Chapter I, Section E).
 */
function bypassModifiers(mentions: AnsweredMention[], c1: string, c2: string): { used: string[]; sameSite: string[] } {
  const on1 = modifiersOn(mentions, c1).filter((x) => BYPASS[x] !== undefined);
  const used: string[] = [];
  const sameSite: string[] = [];
  for (const x of modifiersOn(mentions, c2).filter((y) => BYPASS[y] !== undefined)) {
    (ANATOMIC.has(x) && on1.includes(x) ? sameSite : used).push(x);
  }
  for (const x of on1) if ((x.startsWith("X") || x === "59") && !used.includes(x)) used.push(x);
  return { used, sameSite };
}

const list = (xs: string[]): string => (xs.length > 1 ? `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}` : xs[0] ?? "");

function dates(e: PtpEdit): string {
  const from = e.priorTo1996 ? `in effect since before 1996 (effective ${e.effectiveDate})` : `effective ${e.effectiveDate}`;
  return e.deletionDate ? `${from}, deleted ${e.deletionDate}` : `${from}, no deletion date`;
}

/**
 * A sentence saying that the loaded NCCI file does not cover the date of service, or "" when it does or
 * the release is not in the catalogue's release table. `afterOnly`: only a date after the file's quarter counts
 * (PTP files keep deleted edits with their dates, so an earlier date of service is answered correctly).
 */
function coverageNote(releases: Release[], label: string, dos: string, what: string, afterOnly: boolean): string {
  const r = releases.find((x) => x.label === label);
  if (!r) return "";
  const after = r.effectiveTo !== null && dos > r.effectiveTo;
  const before = !afterOnly && dos < r.effectiveFrom;
  if (!after && !before) return "";
  return ` The loaded file (${label}, ${r.effectiveFrom} to ${r.effectiveTo ?? "open"}) does not cover the date of service ${dos}; ` +
    `${what} change every quarter, so a consultant will confirm against the file in force on that date.`;
}

function ptpFinding(e: PtpEdit, mentions: AnsweredMention[], note: string): Finding | null {
  if (e.modifierIndicator === "9") return null; // not applicable: the edit is void
  const c1 = e.column1;
  const c2 = e.column2;
  const head = `NCCI PTP edit: ${c1} is column 1 and ${c2} is column 2 (${dates(e)}${e.rationale ? `; rationale: ${e.rationale}` : ""}).`;
  const source = `${NCCI_MANUAL.ptpFile}; ${NCCI_MANUAL.modifiers}`;
  const { used, sameSite } = bypassModifiers(mentions, c1, c2);
  if (e.modifierIndicator === "0") {
    const written = [...used, ...sameSite];
    const notThese = written.length > 0 ? ` (the ${list(written)} written ${written.length > 1 ? "do" : "does"} not)` : "";
    return {
      code: "NCCI_PTP", severity: "error", subject: [c1, c2], source, release: e.release,
      message: `${head} Modifier indicator 0: no modifier bypasses this edit${notThese}, so ${c2} is not paid when reported with ${c1} ` +
        `for the same patient, same provider and same date of service; report ${c1} only.${note}`,
    };
  }
  const same = sameSite.length > 0
    ? ` ${list(sameSite)} ${sameSite.length > 1 ? "are" : "is"} written on both ${c1} and ${c2}: the same site does not bypass the edit.`
    : "";
  if (used.length > 0) {
    const docs = used.map((x) => `${x}: ${BYPASS[x]}`).join("; ");
    return {
      code: "NCCI_PTP_BYPASSED", severity: "warning", subject: [c1, c2], source, release: e.release,
      message: `${head} Modifier indicator 1: an NCCI-associated modifier may bypass the edit, and ${used.join(", ")} ${used.length > 1 ? "are" : "is"} written. ` +
        `The bypass is correct only if the medical record documents ${docs}; a modifier used only to get the pair paid is misuse.${same}${note}`,
    };
  }
  return {
    code: "NCCI_PTP", severity: "warning", subject: [c1, c2], source, release: e.release,
    message: `${head} Modifier indicator 1: ${c2} is bundled into ${c1} unless the services are distinct.${same} If the record documents a ` +
      `separate encounter, structure, practitioner or non-overlapping service, append XE, XS, XP or XU (or 59 when none fits) ` +
      `to ${c2}; anatomic modifiers (RT/LT, F/T, E1-E4) also bypass when the sites differ. Otherwise report ${c1} only.${note}`,
  };
}

/**
 * NCCI PTP findings for every unordered pair of distinct procedure codes (CPT / HCPCS Level II), for the
 * edits in force on the date of service (effective date ≤ date of service ≤ deletion date, see NcciIndex).
 * Indicator 0 → NCCI_PTP error (a modifier written is named as not bypassing); indicator 1 → NCCI_PTP
 * warning naming the bypass modifiers, or NCCI_PTP_BYPASSED warning when one is written (documentation
 * reminder; the same anatomic modifier on both codes does not count); indicator 9 → nothing. A date of
 * service after the loaded PTP file's quarter adds a sentence saying so.
 * Source: CMS NCCI PTP practitioner file; NCCI Policy Manual, Chapter I, Section E (modifiers and
 * modifier indicators).
 */
export function ptpFindings(mentions: AnsweredMention[], catalogue: Catalogue, dateOfService: string): Finding[] {
  const codes = [...new Set(mentions.filter(isProcedure).map((m) => m.code))];
  const out: Finding[] = [];
  const seen = new Set<string>();
  const releases = catalogue.releases();
  for (let i = 0; i < codes.length; i++) {
    for (let j = i + 1; j < codes.length; j++) {
      for (const e of catalogue.ptpEdits(codes[i]!, codes[j]!, dateOfService)) {
        const key = `${e.column1}|${e.column2}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const f = ptpFinding(e, mentions, coverageNote(releases, e.release, dateOfService, "PTP edits", true));
        if (f) out.push(f);
      }
    }
  }
  return out;
}

/**
 * MUE adjudication indicator meanings, as CMS defines them on the Medicare NCCI MUE page and in the NCCI
 * Policy Manual, Chapter I, Section V: 1 = claim line edit; 2 = date of service edit based on policy
 * (absolute); 3 = date of service edit based on clinical benchmarks (payable on appeal with documentation).
 */
const MAI_TEXT: Record<MueValue["mai"], string> = {
  1: "MAI 1 (claim line edit): the limit applies to each claim line",
  2: "MAI 2 (date of service edit, policy): an absolute limit per date of service; units above it are not paid, even on appeal",
  3: "MAI 3 (date of service edit, clinical): a limit per date of service; units above it may be paid on appeal with documentation of medical necessity",
};

/**
 * MUE findings against the units written: for MAI 1 each claim line is compared, for MAI 2/3 the sum of
 * all lines of the code. Over the limit → MUE_EXCEEDED (error for MAI 1/2, warning for MAI 3); units
 * written and within the limit → MUE_WITHIN (info; warning when the file does not cover the date of
 * service). No units written anywhere → no finding.
 * MUE files carry no dates per row: when the loaded file's quarter does not cover the date of service,
 * the message says so (values change quarterly).
 * Source: CMS NCCI MUE practitioner services file; NCCI Policy Manual, Chapter I, Section V; MAI
 * definitions from the CMS Medicare NCCI Medically Unlikely Edits page.
 */
export function mueFindings(mentions: AnsweredMention[], catalogue: Catalogue, dateOfService: string): Finding[] {
  const out: Finding[] = [];
  const codes = [...new Set(mentions.filter(isProcedure).map((m) => m.code))];
  const releases = catalogue.releases();
  for (const code of codes) {
    const lines = mentions.filter((m) => isProcedure(m) && m.code === code);
    const mue = catalogue.mue(code, dateOfService);
    if (mue === null) continue;
    const written = lines.some((m) => m.units !== null) || lines.length > 1;
    if (!written) continue;
    const total = lines.reduce((n, m) => n + unitsOf(m), 0);
    const worstLine = Math.max(...lines.map(unitsOf));
    const over = mue.mai === 1 ? worstLine > mue.value : total > mue.value;
    const counted = mue.mai === 1
      ? `${worstLine} unit${worstLine === 1 ? "" : "s"} on one claim line`
      : `${total} unit${total === 1 ? "" : "s"} on the date of service`;
    const note = coverageNote(releases, mue.release, dateOfService, "MUE values", false);
    const base = { subject: [code], source: `${NCCI_MANUAL.mueFile}; ${NCCI_MANUAL.mue}`, release: mue.release };
    if (over) {
      const advice = mue.mai === 1
        ? " Units on separate lines with an appropriate modifier (for example RT/LT or XS) are adjudicated separately when clinically correct."
        : "";
      out.push({
        ...base, code: "MUE_EXCEEDED", severity: mue.mai === 3 ? "warning" : "error",
        message: `${code}: ${counted} exceeds the MUE of ${mue.value}. ${MAI_TEXT[mue.mai]}.${advice}${note}`,
      });
    } else {
      out.push({
        // within the limit of a file that does not cover the date: not safe to send unreviewed
        ...base, code: "MUE_WITHIN", severity: note ? "warning" : "info",
        message: `${code}: ${counted} is within the MUE of ${mue.value} (${MAI_TEXT[mue.mai]}).${note}`,
      });
    }
  }
  return out;
}

// Physician Fee Schedule findings: what the PPRRVU indicators of each procedure code say about how it
// is reported (bilateral surgery, add-on codes, global period, multiple procedures, assistant at surgery).
import type { Catalogue, PfsIndicators } from "../catalogue/types.js";
import { hasModifier, isEvaluationManagement, isProcedure } from "./code-kinds.js";
import { CLAIMS_MANUAL, NCCI_MANUAL } from "./sources.js";
import type { AnsweredMention, Finding, Severity } from "./types.js";

/** Words that show the question is about visits after surgery. */
const FOLLOW_UP = /\b(follow[- ]?ups?|post[- ]?op(?:erative)?|global (?:period|days)|after (?:the )?surgery)\b/i;

interface PfsContext {
  mentions: AnsweredMention[];
  /** plain text of the subject, body and attachments, for follow-up wording */
  text: string;
}

/** The PFS release label; when it does not cover the date of service, DATA_RELEASE_NOT_COVERING says so. */
function release(p: PfsIndicators): string {
  return p.release;
}

function finding(code: string, severity: Severity, subject: string[], message: string, source: string, p: PfsIndicators): Finding {
  return { code, severity, subject, message, source, release: release(p) };
}

/**
 * Bilateral surgery indicator (PPRRVU) against modifier 50, RT/LT and units.
 * 0: 150% adjustment does not apply (50 does not raise payment); 1: one line with 50, 1 unit, paid at
 * 150%, not RT and LT lines; 2: the code is already bilateral (no 50, RT/LT or 2 units); 3: each side at
 * 100% (RT and LT); 9: concept does not apply. Source: Claims Processing Manual ch. 12 §40.7.
 */
function bilateral(code: string, lines: AnsweredMention[], p: PfsIndicators): Finding[] {
  const with50 = lines.some((m) => hasModifier(m, "50"));
  const rt = lines.some((m) => hasModifier(m, "RT"));
  const lt = lines.some((m) => hasModifier(m, "LT"));
  const twoUnits = lines.some((m) => (m.units ?? 1) >= 2);
  const both = (rt && lt) || twoUnits;
  const ind = p.bilateralSurgery;
  const src = CLAIMS_MANUAL.bilateral;
  const sameLine = lines.some((m) => hasModifier(m, "50") && (hasModifier(m, "RT") || hasModifier(m, "LT")));
  if (sameLine) {
    return [finding("PFS_BILATERAL", "error", [code], `${code}: modifier 50 already means both sides; do not add RT or LT to the same line.`, src, p)];
  }
  if (ind === "1") {
    if (with50 && !both) {
      return [finding("PFS_BILATERAL", "info", [code], `${code} has bilateral surgery indicator 1: when done on both sides, report it once with modifier 50 and 1 unit; Medicare pays 150% of the single-side amount.`, src, p)];
    }
    if (both || with50) {
      return [finding("PFS_BILATERAL", "warning", [code], `${code} has bilateral surgery indicator 1: report a bilateral procedure on one line with modifier 50 and 1 unit (paid at 150%), not as RT and LT lines or 2 units.`, src, p)];
    }
    return [];
  }
  if (ind === "2" && (with50 || both || rt || lt)) {
    return [finding("PFS_BILATERAL", "error", [code], `${code} has bilateral surgery indicator 2: the code already describes a bilateral procedure (or is priced as one); report it once, without modifier 50, RT/LT or extra units.`, src, p)];
  }
  if (ind === "3" && (with50 || both)) {
    return [finding("PFS_BILATERAL", "info", [code], `${code} has bilateral surgery indicator 3: the bilateral adjustment does not apply; each side is paid at 100%. Report each side (RT and LT lines, or as the payer directs).`, src, p)];
  }
  if (ind === "0" && (with50 || both)) {
    return [finding("PFS_BILATERAL", "warning", [code], `${code} has bilateral surgery indicator 0: the 150% bilateral adjustment does not apply, so modifier 50 or RT/LT lines do not raise payment above one side's amount; check that a bilateral procedure is what the record documents.`, src, p)];
  }
  if (ind === "9" && with50) {
    return [finding("PFS_BILATERAL", "warning", [code], `${code} has bilateral surgery indicator 9: the bilateral concept does not apply to this code; remove modifier 50.`, src, p)];
  }
  return [];
}

/** Assistant at surgery indicator against 80/81/82/AS. 0: needs documentation; 1: not paid; 2: paid; 9: n/a. */
function assistant(code: string, lines: AnsweredMention[], p: PfsIndicators): Finding[] {
  const mod = ["80", "81", "82", "AS"].find((x) => lines.some((m) => hasModifier(m, x)));
  if (mod === undefined) return [];
  const src = CLAIMS_MANUAL.assistant;
  const msg: Record<string, [Severity, string]> = {
    "0": ["warning", "an assistant at surgery is paid only with documentation of medical necessity"],
    "1": ["error", "an assistant at surgery is not paid for this code"],
    "2": ["info", "an assistant at surgery may be paid"],
    "9": ["warning", "the assistant-at-surgery concept does not apply to this code"],
  };
  const [severity, text] = msg[p.assistantSurgeon] ?? ["warning", `assistant at surgery indicator ${p.assistantSurgeon}`];
  return [finding("PFS_ASSISTANT_SURGEON", severity, [code], `${code}-${mod}: assistant at surgery indicator ${p.assistantSurgeon}: ${text}.`, src, p)];
}

const WINDOW: Record<string, string> = {
  "010": "the day of the procedure and the 10 days after",
  "090": "the day before, the day of the procedure and the 90 days after",
};

/**
 * Global period findings (PFS_GLOBAL_PERIOD), at most two:
 * - codes with 010/090, when the question has E/M codes or follow-up wording: related visits in the
 *   window are included; unrelated ones take 24, the decision-for-surgery visit 57 (090) or 25 (010);
 *   warning when an E/M code carries none of 24/25/57, else info
 * - codes with 000 and a same-day E/M code without 25: warning (a separately identifiable visit takes 25)
 */
function globalPeriod(rows: Map<string, PfsIndicators>, ctx: PfsContext): Finding[] {
  const em = ctx.mentions.filter((m) => m.system === "CPT" && isEvaluationManagement(m.code));
  const emCodes = [...new Set(em.map((m) => m.code))];
  const src = `${CLAIMS_MANUAL.global}; ${NCCI_MANUAL.globalSurgery}`;
  const out: Finding[] = [];
  const major = [...rows].filter(([, p]) => p.globalDays === "010" || p.globalDays === "090");
  if (major.length > 0 && (em.length > 0 || FOLLOW_UP.test(ctx.text))) {
    const unmarked = [...new Set(em.filter((m) => !["24", "25", "57"].some((x) => hasModifier(m, x))).map((m) => m.code))];
    const periods = major.map(([c, p]) => `${c} has a ${p.globalDays}-day global period (${WINDOW[p.globalDays]})`).join("; ");
    out.push(finding("PFS_GLOBAL_PERIOD", unmarked.length > 0 ? "warning" : "info", [...major.map(([c]) => c), ...emCodes],
      `${periods}. Follow-up visits related to the surgery in that window are part of the surgical package and are not reported separately. ` +
      "A visit for an unrelated problem in the period takes modifier 24; the visit at which the decision for a 090-day surgery was made takes 57, " +
      "and a significant, separately identifiable visit on the day of a 010-day procedure takes 25." +
      (unmarked.length > 0 ? ` ${unmarked.join(", ")} carries none of these modifiers: report it only if it is unrelated or separately identifiable, with the modifier.` : ""),
      src, major[0]![1]));
  }
  const minor = [...rows].filter(([, p]) => p.globalDays === "000");
  const no25 = [...new Set(em.filter((m) => !hasModifier(m, "25") && !hasModifier(m, "57")).map((m) => m.code))];
  if (minor.length > 0 && no25.length > 0 && major.length === 0) {
    out.push(finding("PFS_GLOBAL_PERIOD", "warning", [...minor.map(([c]) => c), ...no25],
      `${minor.map(([c]) => c).join(", ")} ${minor.length > 1 ? "have" : "has"} a 000-day global period: the same-day evaluation before the procedure is included. ` +
      `${no25.join(", ")} on the same day is reported only when significant and separately identifiable, with modifier 25.`,
      src, minor[0]![1]));
  }
  return out;
}

/**
 * PFS findings for every procedure code with a PPRRVU row: PFS_BILATERAL, PFS_ADDON_WITHOUT_PRIMARY
 * (global ZZZ with no other procedure code), PFS_GLOBAL_PERIOD (000/010/090 with E/M codes or follow-up
 * wording), PFS_MULTIPLE_PROCEDURE (two or more codes with indicator 2 or 3), PFS_ASSISTANT_SURGEON
 * (80/81/82/AS against the indicator) and PFS_STATUS (status B, I, N, X, R, C). Indicators from the
 * catalogue's PPRRVU release for the date of service (marked when that release does not cover it).
 */
export function pfsFindings(mentions: AnsweredMention[], catalogue: Catalogue, dateOfService: string, text: string): Finding[] {
  const ctx: PfsContext = { mentions, text };
  const out: Finding[] = [];
  const codes = [...new Set(mentions.filter(isProcedure).map((m) => m.code))];
  const rows = new Map<string, PfsIndicators>();
  for (const code of codes) {
    const p = catalogue.pfs(code, dateOfService);
    if (p !== null) rows.set(code, p);
  }
  for (const [code, p] of rows) {
    const lines = mentions.filter((m) => isProcedure(m) && m.code === code);
    out.push(...statusFinding(code, p));
    out.push(...bilateral(code, lines, p));
    if (p.globalDays === "ZZZ" && !codes.some((c) => c !== code && rows.get(c)?.globalDays !== "ZZZ")) {
      out.push(finding("PFS_ADDON_WITHOUT_PRIMARY", "warning", [code],
        `${code} is an add-on code (global period ZZZ): it is reported only together with its primary procedure, by the same practitioner on the same date of service, and no primary procedure code is given.`,
        `${CLAIMS_MANUAL.global}; ${NCCI_MANUAL.addOn}`, p));
    }
    out.push(...assistant(code, lines, p));
  }
  out.push(...globalPeriod(rows, ctx));
  const multi = [...rows].filter(([, p]) => p.multipleProcedure === "2" || p.multipleProcedure === "3").map(([c]) => c);
  const first = rows.get(multi[0] ?? "");
  if (multi.length >= 2 && first) {
    out.push(finding("PFS_MULTIPLE_PROCEDURE", "info", multi,
      `Multiple procedure rules apply to ${multi.join(", ")} (indicator 2 or 3): the highest-valued procedure is paid at 100% and the others at 50% (endoscopies in one family, indicator 3, by the endoscopic base rule). Medicare applies the reduction itself; other payers may ask for modifier 51.`,
      CLAIMS_MANUAL.multiple, first));
  }
  return out;
}

const STATUS_TEXT: Record<string, [Severity, string]> = {
  B: ["warning", "bundled: payment is always included in another service and never paid separately"],
  I: ["warning", "not valid for Medicare purposes: Medicare uses another code for this service"],
  N: ["warning", "non-covered by Medicare"],
  X: ["warning", "excluded from the fee schedule by statute"],
  R: ["info", "restricted coverage: paid only in special circumstances"],
  C: ["info", "carrier-priced: the MAC sets the payment"],
};

function statusFinding(code: string, p: PfsIndicators): Finding[] {
  const s = STATUS_TEXT[p.statusCode];
  if (!s) return [];
  return [finding("PFS_STATUS", s[0], [code], `${code} has PFS status ${p.statusCode}: ${s[1]}.`, "CMS Physician Fee Schedule relative value file (PPRRVU), status code", p)];
}

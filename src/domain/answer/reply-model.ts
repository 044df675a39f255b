// Builds the reply model the Handlebars templates render: the table of codes, the findings in the
// order a reader should meet them, the releases used, and the kind of reply (answer / need-info).
import type { CodeRange } from "../codes/types.js";
import { SYSTEM_LABELS } from "./validity-findings.js";
import type { AnsweredMention, Finding, FindingKind, MentionStatus, ReplyCodeRow, ReplyFinding, ReplyModel } from "./types.js";

const STATUS_LABELS: Record<MentionStatus, string> = {
  active: "valid",
  unlicensed: "valid (CMS list)",
  deleted: "deleted",
  terminated: "terminated",
  "not-billable": "header, not billable",
  invalid: "invalid",
  unknown: "not found",
};

const SEVERITY_LABELS = { error: "Error", warning: "Warning", info: "Note" } as const;
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** The partial that renders a finding, from its stable code's prefix. */
export function findingKind(code: string): FindingKind {
  if (code.startsWith("CODE_")) return "validity";
  if (code.startsWith("SYSTEM_")) return "mismatch";
  if (code.startsWith("NCCI_")) return "ncci";
  if (code.startsWith("MUE_")) return "mue";
  if (code.startsWith("PFS_")) return "pfs";
  if (code.startsWith("MODIFIER_")) return "modifier";
  if (code.startsWith("DATA_RELEASE_")) return "release";
  return "general";
}

/** Findings sorted error → warning → info, keeping rule order within a severity, with kind and label. */
export function replyFindings(findings: Finding[]): ReplyFinding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map(({ f }) => ({ ...f, kind: findingKind(f.code), severityLabel: SEVERITY_LABELS[f.severity] }));
}

/** Findings that steer routing but say nothing the sender needs to read (kept in Answer.findings). */
const INTERNAL_FINDINGS = new Set(["NO_CODE_MENTION"]);

const CPT_NOTE = "CPT descriptor not shown (licensed text, see note)";

function codeRow(m: AnsweredMention): ReplyCodeRow {
  const status = m.status ?? m.lookup.status;
  const incomplete = m.lookup.needs7thCharacter === true && status !== "active";
  const title = m.lookup.title ?? null;
  let descriptionNote: string | null = null;
  if (title === null && m.system === "CPT") descriptionNote = CPT_NOTE;
  else if (title === null) descriptionNote = "no description: the code is not in the release";
  return {
    code: m.code,
    system: m.system,
    systemLabel: SYSTEM_LABELS[m.system],
    status,
    statusLabel: incomplete ? "incomplete (7th character)" : STATUS_LABELS[status],
    modifiers: m.modifiers.map((x) => `-${x}`).join(""),
    units: m.units,
    description: title,
    descriptionNote,
  };
}

export interface ReplyModelInput {
  kind: ReplyModel["kind"];
  caseReference: string;
  subject: string;
  requesterName: string | null;
  dateOfService: string;
  dateOfServiceSource: "email" | "received";
  mentions: AnsweredMention[];
  findings: Finding[];
  ranges: CodeRange[];
}

function summary(input: ReplyModelInput, attention: number): string {
  if (input.kind === "need-info") {
    return "We could not find a procedure or diagnosis code, or a specific coding question, in your message.";
  }
  if (input.kind === "question-only") {
    return "We did not find a procedure or diagnosis code in your message; a consultant will answer your question.";
  }
  const codes = input.mentions.filter((m) => m.system !== "MODIFIER").length;
  const when = input.dateOfServiceSource === "email" ? "as written in your message" : "the date we received your message";
  const head = `We checked ${codes} code${codes === 1 ? "" : "s"} for the date of service ${input.dateOfService} (${when}).`;
  if (attention === 0) return `${head} All are valid for that date and nothing needs changing.`;
  return `${head} ${attention} finding${attention === 1 ? " needs" : "s need"} your attention.`;
}

/**
 * The JSON-serialisable model of one reply (see ReplyModel). Pure; every field is present (null or []
 * when empty) so strict-mode templates never meet a missing field.
 */
export function buildReplyModel(input: ReplyModelInput): ReplyModel {
  const findings = replyFindings(input.findings.filter((f) => !INTERNAL_FINDINGS.has(f.code)));
  const codes = input.mentions.filter((m) => m.system !== "MODIFIER").map(codeRow);
  const releases = new Set<string>();
  for (const m of input.mentions) if (m.lookup.release) releases.add(m.lookup.release);
  for (const f of input.findings) if (f.release) releases.add(f.release);
  return {
    kind: input.kind,
    caseReference: input.caseReference,
    subject: input.subject,
    requesterName: input.requesterName,
    dateOfService: input.dateOfService,
    dateOfServiceSource: input.dateOfServiceSource,
    summary: summary(input, findings.filter((f) => f.severity !== "info").length),
    codes,
    findings,
    ranges: input.ranges.map((r) => `${SYSTEM_LABELS[r.system]} ${r.from}-${r.to}`),
    releases: [...releases].sort(),
    cptDescriptorsUnlicensed: codes.some((c) => c.descriptionNote === CPT_NOTE),
  };
}

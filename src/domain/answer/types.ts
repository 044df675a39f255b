// The consultation answer's public shape: findings, routing and the model the reply templates render.
// Produced by answerCase() (src/domain/answer/answer.ts), rendered by src/adapters/render.
import type { Catalogue, CodeLookup } from "../catalogue/types.js";
import type { CatalogueStatus, CodeMention, CodeSystem, ExtractionResult, Segment } from "../codes/types.js";

export type Severity = "info" | "warning" | "error";

/** One thing a senior coder would tell the sender, with the rule it rests on. */
export interface Finding {
  /** stable identifier, e.g. "CODE_DELETED", "NCCI_PTP", "MUE_EXCEEDED" */
  code: string;
  severity: Severity;
  /** the codes it concerns, e.g. ["32664", "32602"] */
  subject: string[];
  message: string;
  /** CMS file, NCCI Policy Manual chapter or ICD-10-CM Official Guidelines section */
  source: string;
  /** data release used, e.g. "ICD-10-CM FY2027" */
  release: string | null;
}

/** Routing policy; default: auto-send when every code is known and no finding is above `info`. */
export interface RoutingPolicy {
  /** highest severity still allowed for auto-send */
  maxAutoSeverity: Severity | "none";
  /** every mention must have catalogue status active (CPT without licensed data counts as known) */
  requireAllKnown: boolean;
  /** minimum confidence for auto-send, 0..1 */
  minConfidence: number;
}

export interface AnswerRequest {
  caseReference: string;
  /** original subject of the inbound email */
  subject: string;
  requesterName: string | null;
  segments: Segment[];
  extraction: ExtractionResult;
  /** arrival time, ISO 8601; the date of service falls back to its date */
  receivedAt: string;
  catalogue: Catalogue;
  policy?: RoutingPolicy;
}

/**
 * Status shown for a mention: the catalogue status, except "unlicensed" for a CPT code that exists in a
 * CMS file (PFS, NCCI PTP or MUE) while no licensed CPT file is imported, and "deleted" for a known deleted CPT code.
 */
export type MentionStatus = CatalogueStatus | "unlicensed";

export interface AnsweredMention extends CodeMention {
  lookup: CodeLookup;
  /** effective status (see MentionStatus); set by answerCase */
  status?: MentionStatus;
}

/** Which partial renders a finding: one per finding kind. */
export type FindingKind = "validity" | "mismatch" | "ncci" | "mue" | "pfs" | "modifier" | "release" | "general";

export interface ReplyCodeRow {
  code: string;
  system: CodeSystem;
  /** "CPT", "HCPCS Level II", "ICD-10-CM", "ICD-10-PCS", "Modifier" */
  systemLabel: string;
  status: MentionStatus;
  /** "valid", "deleted", "not billable (header)", … */
  statusLabel: string;
  /** "-50", "-59-25", or "" (as written on the line) */
  modifiers: string;
  units: number | null;
  /** catalogue description, null when none may be shown */
  description: string | null;
  /** why there is no description (CPT without licensed data), else null */
  descriptionNote: string | null;
}

export interface ReplyFinding extends Finding {
  kind: FindingKind;
  /** "Error", "Warning", "Note" */
  severityLabel: string;
}

/** What a template renders. Owned by src/domain/answer; JSON-serialisable; every field always present (strict templates). */
export interface ReplyModel {
  /** answer: codes were checked; need-info: no code and no clear question; question-only: a question without codes */
  kind: "answer" | "need-info" | "question-only";
  caseReference: string;
  subject: string;
  requesterName: string | null;
  dateOfService: string;
  dateOfServiceSource: "email" | "received";
  /** one plain sentence summing up the answer */
  summary: string;
  codes: ReplyCodeRow[];
  findings: ReplyFinding[];
  /** code ranges as written ("CPT 32601-32674"), acknowledged but not expanded */
  ranges: string[];
  /** labels of the data releases the answer used, sorted */
  releases: string[];
  /** true when a CPT row has no descriptor because no licensed CPT file is imported */
  cptDescriptorsUnlicensed: boolean;
}

export interface Answer {
  /** ISO date */
  dateOfService: string;
  dateOfServiceSource: "email" | "received";
  mentions: AnsweredMention[];
  findings: Finding[];
  route: "auto" | "review";
  confidence: number;
  reply: ReplyModel;
}

/** A rendered reply body (multipart/alternative parts). The subject is built by src/domain/email/threading. */
export interface RenderedReply {
  text: string;
  html: string;
}

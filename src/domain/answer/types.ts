// The consultation answer's public shape: findings, routing and the model the reply templates render.
// Produced by answerCase() (src/domain/answer/answer.ts), rendered by src/adapters/render.
import type { Catalogue, CodeLookup } from "../catalogue/types.js";
import type { CodeMention, ExtractionResult, Segment } from "../codes/types.js";

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

export interface AnsweredMention extends CodeMention {
  lookup: CodeLookup;
}

/** What a template renders. Owned by src/domain/answer; kept JSON-serialisable. */
export type ReplyModel = Record<string, unknown>;

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

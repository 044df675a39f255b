// Narrow ports the use cases talk to. Adapters implement them (src/adapters/db, mail, smtp, queue);
// tests and the composition root pick the implementation.
import type { AuthVerdict } from "../domain/email/auth-verdict.js";
import type { EmailText } from "../domain/codes/types.js";
import type { Answer, RenderedReply } from "../domain/answer/types.js";

/** A parsed inbound email: headers the pipeline decides on plus the text view for extraction. */
export interface ParsedEmail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null } | null;
  /** Reply-To address when given: answers go there (RFC 5322 §3.6.2) */
  replyTo: string | null;
  to: string[];
  subject: string;
  /** Date header, ISO 8601, or null */
  date: string | null;
  /** lower-case header name → value(s) as text */
  headers: Record<string, string | string[]>;
  /** top-level content type, e.g. "multipart/report" */
  contentType: string | null;
  text: string;
  html: string | null;
  emailText: EmailText;
}

export interface MailParser {
  /** The whole message, bodies and attachments included. @throws MalformedEmailError when it cannot be read */
  parse(raw: Buffer): Promise<ParsedEmail>;
  /**
   * The header section only (bodies empty): what intake decides on (threading, automatic mail, sender),
   * at a fraction of the cost; the body is parsed once, by analysis. @throws MalformedEmailError
   */
  parseHeaders(raw: Buffer): Promise<ParsedEmail>;
}

/** Raised for an inbound message that cannot be processed; `code` is stable, `message` has no content. */
export class MalformedEmailError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "MalformedEmailError";
  }
}

/**
 * Raised by CaseStore.acceptInbound when another copy of the same email (same Message-ID, same bytes) was filed
 * first, including by a concurrent intake: the copy is marked duplicate instead of opening a second case.
 */
export class DuplicateInboundError extends Error {
  constructor(readonly messageId: number) {
    super(`message ${messageId} is a copy of an email already filed`);
    this.name = "DuplicateInboundError";
  }
}

export interface InboundRef {
  mailbox: string;
  uidValidity: bigint;
  uid: bigint;
  /** IMAP INTERNALDATE */
  receivedAt: Date;
}

export interface StoredInbound {
  id: number;
  status: "received" | "accepted" | "duplicate" | "parked";
  caseId: number | null;
  receivedAt: Date;
  raw: Buffer;
  /** content address of `raw` */
  rawSha256: string | null;
  /** the sender step's decision stored with the message (null before intake or without a sender step) */
  senderPolicy: string | null;
  /** false: the reply must not repeat case details unreviewed (see withSenderRouting) */
  detailsAllowed: boolean | null;
}

export interface CaseRow {
  id: number;
  reference: string;
  status: string;
  requester: string;
  requesterName: string | null;
  subject: string;
}

export interface DraftRow {
  id: number;
  caseId: number;
  reference: string;
  status: string;
  route: string;
  toAddress: string;
  subject: string;
  text: string;
  html: string;
  outboundMessageId: string;
  inReplyTo: string | null;
  references: string[];
  attempts: number;
}

/**
 * What the sender step of intake found out about a message, written in the same statement that files or parks
 * it: the SPF/DKIM/DMARC verdict (null when checks are off) and the sender-policy decision (null when the
 * policy was not consulted, e.g. automatic mail).
 */
export interface SenderVerdicts {
  auth: AuthVerdict | null;
  policy: string | null;
  /** false: the reply must not repeat case details unreviewed (see withSenderRouting) */
  detailsAllowed: boolean | null;
}

export interface AcceptInput {
  messageId: number;
  parsed: ParsedEmail;
  /** existing case to join, or null to open a new one */
  caseId: number | null;
  referencePrefix: string;
  /** true: attach without reopening (automatic mail on an existing case) */
  quiet?: boolean;
  /** verdicts of the sender step, stored with the message */
  sender?: SenderVerdicts;
}

export interface AnalysisRecord {
  inboundMessageId: number;
  /** the inbound message's decoded text and HTML, stored for the review page */
  inboundText: string;
  inboundHtml: string | null;
  /** the inbound message's stored sender decision (StoredInbound.senderPolicy / detailsAllowed) */
  inboundSender: { policy: string | null; detailsAllowed: boolean | null };
  caseId: number;
  answer: Answer;
  rendered: RenderedReply;
  toAddress: string;
  subject: string;
  outboundMessageId: string;
  inReplyTo: string | null;
  references: string[];
  route: "auto" | "review";
}

/** Persistence used by the pipeline. Every write is idempotent for its key. */
export interface CaseStore {
  /** Stores raw bytes (content-addressed) and the inbound row keyed by (mailbox, UIDVALIDITY, UID). */
  saveInbound(ref: InboundRef, raw: Buffer): Promise<{ id: number; created: boolean }>;
  getCheckpoint(mailbox: string): Promise<{ uidValidity: bigint; lastUid: bigint } | null>;
  setCheckpoint(mailbox: string, uidValidity: bigint, lastUid: bigint): Promise<void>;
  loadInbound(messageId: number): Promise<StoredInbound | null>;
  /**
   * true when another inbound message with the same Message-ID and bytes was already accepted or parked: the
   * early check, before authentication and screening. Copies taken in at the same moment are caught by
   * acceptInbound's unique dedupe key (DuplicateInboundError).
   */
  isDuplicate(messageId: number, headerMessageId: string | null, rawSha256: string | null): Promise<boolean>;
  markDuplicate(messageId: number): Promise<void>;
  /** The case any of these Message-IDs (inbound or answer) belongs to, nearest first. */
  findCaseByMessageIds(ids: string[]): Promise<number | null>;
  findCaseByReference(reference: string, requester: string): Promise<number | null>;
  /** @throws DuplicateInboundError when a copy of the same email (Message-ID + bytes) is already filed */
  acceptInbound(input: AcceptInput): Promise<CaseRow>;
  /** Parks the message: it joins (or opens) a case in status parked with the reason, visible to consultants. */
  parkInbound(messageId: number, reason: string, parsed: ParsedEmail | null, referencePrefix: string, sender?: SenderVerdicts): Promise<CaseRow>;
  getCase(caseId: number): Promise<CaseRow | null>;
  /** inbound message with its raw bytes, its case and its draft (if any), in one read */
  loadForAnalysis(messageId: number): Promise<{ inbound: StoredInbound; case: CaseRow | null; draft: DraftRow | null } | null>;
  saveAnalysis(record: AnalysisRecord): Promise<DraftRow>;
  /** approved → sending, atomically; also takes over a `sending` draft whose lease expired. null when not claimable. */
  claimDraftForSend(draftId: number, leaseMs: number): Promise<DraftRow | null>;
  getDraft(draftId: number): Promise<DraftRow | null>;
  markSent(draftId: number, sentAt: Date): Promise<void>;
  /** transient: back to approved for a retry; permanent: draft failed, case parked with the reason */
  markSendFailed(draftId: number, reason: string, permanent: boolean): Promise<void>;
  audit(caseId: number | null, actor: string, action: string, detail?: unknown): Promise<void>;
}

export interface OutboundEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
}

export interface Mailer {
  /** @throws the transport's error (classified by classifyDeliveryError) */
  send(mail: OutboundEmail): Promise<void>;
  close(): void;
}

export interface JobQueue {
  enqueueIntake(messageId: number): Promise<void>;
  enqueueAnalyse(messageId: number): Promise<void>;
  enqueueSend(draftId: number): Promise<void>;
}

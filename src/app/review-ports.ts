// Ports and shapes of the consultant review queue: what the review use cases read and write, implemented by
// src/adapters/db/review-store.ts. Plain values only; the use cases in review.ts own the rules.

/** The authenticated person behind a request (session cookie or API token). */
export interface Actor {
  id: number;
  email: string;
  role: "consultant" | "admin";
}

/**
 * Queue tabs: `review` awaiting review (claimed or not), `claimed` awaiting review and held by anyone,
 * `mine` held by the asking consultant, `sent` answered, `parked` parked, rejected or failed.
 */
export type QueueTab = "review" | "claimed" | "mine" | "sent" | "parked";
export const QUEUE_TABS: readonly QueueTab[] = ["review", "claimed", "mine", "sent", "parked"];

export interface CaseListItem {
  id: number;
  reference: string;
  status: string;
  subject: string;
  from: string;
  fromName: string | null;
  /** arrival of the latest inbound message */
  receivedAt: Date;
  claimedBy: string | null;
  claimExpiresAt: Date | null;
  parkReason: string | null;
}

export interface ThreadMessage {
  id: number;
  direction: "in" | "out";
  status: string;
  messageId: string | null;
  fromAddress: string | null;
  fromName: string | null;
  toAddress: string | null;
  subject: string | null;
  newText: string | null;
  quotedText: string | null;
  html: string | null;
  parkReason: string | null;
  receivedAt: Date;
  hasRaw: boolean;
}

export interface MentionView {
  messageId: number;
  system: string;
  code: string;
  modifiers: string;
  units: number | null;
  location: string;
  text: string;
  status: string;
  title: string | null;
}

export interface FindingView {
  code: string;
  severity: string;
  subject: string;
  message: string;
  source: string;
  release: string | null;
}

export interface DraftView {
  id: number;
  status: string;
  route: string;
  toAddress: string;
  subject: string;
  text: string;
  html: string;
  generatedText: string;
  version: number;
  error: string | null;
  inboundMessageId: number;
  updatedAt: Date;
  sentAt: Date | null;
}

export interface AuditView {
  actor: string;
  action: string;
  detail: unknown;
  createdAt: Date;
}

export interface ReviewCase {
  id: number;
  reference: string;
  status: string;
  subject: string;
  requester: string;
  requesterName: string | null;
  parkReason: string | null;
  dateOfService: Date | null;
  createdAt: Date;
  lastMessageAt: Date;
  claimedBy: { id: number; email: string } | null;
  claimExpiresAt: Date | null;
  messages: ThreadMessage[];
  mentions: MentionView[];
  findings: FindingView[];
  /** the newest draft (the one a consultant acts on), or null */
  draft: DraftView | null;
  audit: AuditView[];
}

/** One conditional write to a case's draft, done atomically (one transaction) by the store. */
export interface DraftChange {
  caseId: number;
  draftId: number;
  /** the acting consultant must hold an unexpired claim on the case at `now` */
  userId: number;
  now: Date;
  /** the draft must still be at this version and in status review */
  expectedVersion: number;
  text: string;
  html: string;
  /** new draft status: review (an edit), approved (send it), rejected */
  draftStatus: "review" | "approved" | "rejected";
  /** new case status when the draft leaves review */
  caseStatus?: "sending" | "parked";
  parkReason?: string;
  /** review: the claim is renewed to this instant; otherwise the claim is released */
  claimExpiresAt: Date | null;
  audit: { actor: string; action: string; detail: unknown };
}

export type DraftChangeResult =
  | { kind: "ok"; version: number }
  | { kind: "not-claimed"; holder: string | null; expiresAt: Date | null }
  | { kind: "stale"; currentVersion: number; status: string; updatedAt: Date };

export type ClaimResult =
  | { kind: "ok"; expiresAt: Date }
  | { kind: "held"; holder: string; expiresAt: Date }
  | { kind: "not-reviewable"; status: string };

/** Persistence for the review queue. Every conditional write is atomic. */
export interface ReviewStore {
  listCases(filter: { tab: QueueTab; userId: number; q: string | null; now: Date; limit: number }): Promise<CaseListItem[]>;
  getCase(caseId: number): Promise<ReviewCase | null>;
  /** raw RFC 5322 bytes of one message of the case, or null */
  loadRaw(caseId: number, messageId: number): Promise<Buffer | null>;
  /** takes the claim when the case is in review and unclaimed, expired or already held by `userId` */
  claim(caseId: number, userId: number, now: Date, expiresAt: Date, actor: string): Promise<ClaimResult>;
  /** drops the claim when `userId` holds it (or `force`); true when released */
  release(caseId: number, userId: number, force: boolean, actor: string): Promise<boolean>;
  /** gives the claim to `toUserId` until `expiresAt` (caller has checked permission) */
  reassign(caseId: number, toUserId: number, expiresAt: Date, actor: string, detail: unknown): Promise<void>;
  applyDraftChange(change: DraftChange): Promise<DraftChangeResult>;
  /** the newest audit event on the case with one of `actions` */
  lastAudit(caseId: number, actions: string[]): Promise<AuditView | null>;
  findUserByEmail(email: string): Promise<{ id: number; email: string; role: string; disabled: boolean } | null>;
  audit(caseId: number, actor: string, action: string, detail?: unknown): Promise<void>;
}

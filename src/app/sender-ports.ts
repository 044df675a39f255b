// Ports of the sender policy (issue 7): the registry of subscribers, the notice ledger, the per-message
// authentication verdict type and the stored decisions. Implemented by src/adapters/db/sender-store.ts.
import type { AuthVerdict } from "../domain/email/auth-verdict.js";
import type { DraftRow } from "./ports.js";
import type { SenderEntry } from "../domain/email/sender-policy.js";

export interface RegisteredSender {
  id: number;
  kind: SenderEntry["kind"];
  value: string;
  note: string | null;
  createdAt: Date;
}

/** What a notice reply needs from the stored inbound message and its case. */
export interface NoticeContext {
  caseId: number;
  reference: string;
  /** the From address (never Reply-To: a notice must not be steered at third parties) */
  toAddress: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** the notice draft when already created */
  draftId: number | null;
}

/** A notice draft: the reply fields of a DraftRow, for inbound message `inboundMessageId`. */
export type NoticeDraftInput = Pick<DraftRow, "caseId" | "toAddress" | "subject" | "text" | "html" | "outboundMessageId" | "inReplyTo" | "references"> & {
  inboundMessageId: number;
};

export interface SenderStore {
  listSenders(): Promise<RegisteredSender[]>;
  /** Idempotent: adding an existing value updates nothing and returns `created: false`. */
  addSender(entry: SenderEntry, note: string | null): Promise<{ sender: RegisteredSender; created: boolean }>;
  /** @returns false when no such entry */
  removeSender(value: string): Promise<boolean>;
  /** inbound messages (accepted or parked) from `address` received in [since, until], `messageId` excluded */
  countRecentFrom(address: string, since: Date, until: Date, messageId: number): Promise<number>;
  lastNotice(address: string): Promise<{ at: Date; messageId: number } | null>;
  /**
   * Compare-and-set on the notice ledger: records a notice to `address` for `messageId` at `at` unless another
   * message's notice is less than `intervalMs` old. Repeating it for the same message succeeds again.
   */
  claimNotice(address: string, messageId: number, at: Date, intervalMs: number): Promise<boolean>;
  /** The decision stored for a message (written by CaseStore.acceptInbound / parkInbound): reason and whether details may be repeated; null when none. */
  decisionOf(messageId: number): Promise<{ reason: string; detailsAllowed: boolean | null } | null>;
  noticeContext(messageId: number): Promise<NoticeContext | null>;
  /** Idempotent per inbound message: an `approved` draft with route `notice`. */
  createNoticeDraft(input: NoticeDraftInput): Promise<{ draftId: number; created: boolean }>;
}

/** Checks SPF/DKIM/DMARC of raw bytes; never throws. */
export interface MessageAuthenticator {
  verify(raw: Buffer): Promise<AuthVerdict>;
}

/** Renders the "not registered" notice; it repeats nothing from the inbound message. */
export interface NoticeRenderer {
  render(ctx: { caseReference: string }): { subject: string; text: string; html: string };
}

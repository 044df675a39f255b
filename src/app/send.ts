// Send use case: exactly-once delivery of an approved draft. The database guard (approved → sending → sent,
// claimed atomically, held by a renewed lease) plus a stable Message-ID per draft keep retries, redeliveries
// and crashed workers from sending twice.
//
// Residual risk (at-least-once window), documented on purpose: SMTP (RFC 5321 §4.1.1.4) has no two-phase
// commit. When the connection breaks after the server took the message but before its 250 reached us (RFC 1047,
// "Duplicate messages and SMTP"), the attempt looks failed and is retried. When the process dies after the server's 250 reply to DATA and before `markSent` commits, the
// database still says `sending`; once the lease expires another attempt takes the draft over and sends it
// again. The window is a single round trip to the database (markSent is the first thing after the 250), and
// the resend carries the same Message-ID (RFC 5322 §3.6.4), so a receiving system that deduplicates by
// Message-ID (many do) or a human sees it as the same answer. A database outage at that moment does not widen
// the window: markSent is retried in-process while the mail is known to be accepted.
import type { CaseStore, DraftRow, Mailer } from "./ports.js";
import { classifyDeliveryError, type DeliveryErrorInfo } from "../domain/email/delivery-error.js";

/** The store operations sending needs; `renewSendLease` keeps a long SMTP transaction's claim alive. */
export type SendStore = Pick<CaseStore, "claimDraftForSend" | "getDraft" | "markSent" | "markSendFailed"> & {
  /**
   * Extends the lease of a draft claimed with fencing token `token` (its `attempts` after the claim).
   * @returns false when the claim is gone (taken over, or no longer `sending`)
   */
  renewSendLease?(draftId: number, token: number): Promise<boolean>;
};

export interface SendDeps {
  store: SendStore;
  mailer: Mailer;
  /** From header, e.g. "casedesk <support@example.test>" */
  from: string;
  /**
   * a `sending` draft whose lease was not renewed for this long is taken over (its sender died), in ms.
   * Renewed every leaseMs / 3 while the SMTP transaction runs. Default 30 s.
   */
  leaseMs?: number;
  now?: () => Date;
  /** waits between markSent retries after the SMTP server accepted the mail, ms (default 250, 500, 1000 … 5000) */
  markSentRetryMs?: number[];
  /** how long to keep retrying markSent after the server accepted, ms (default 120 s) */
  markSentDeadlineMs?: number;
}

export type SendOutcome =
  | { kind: "sent"; draftId: number }
  | { kind: "skipped"; draftId: number; status: string }
  | { kind: "failed"; draftId: number; error: DeliveryErrorInfo };

/** Thrown for a failure that must not be retried; `code` is the stable delivery-error code. */
export class PermanentSendError extends Error {
  constructor(readonly info: DeliveryErrorInfo) {
    super(info.reason);
    this.name = "PermanentSendError";
  }
}

/**
 * Thrown (transient, retried with backoff) when the draft is `sending` under another attempt's live lease:
 * the job must neither send nor complete, because that attempt may still die before marking the draft sent.
 */
export class SendInProgressError extends Error {
  readonly code = "SEND_IN_PROGRESS";
  constructor(readonly draftId: number) {
    super(`draft ${draftId} is being sent by another attempt`);
    this.name = "SendInProgressError";
  }
}

export const DEFAULT_SEND_LEASE_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends one draft if it is approved (or `sending` with an expired lease: a takeover).
 * - approved/stale → claimed (attempts + 1 = fencing token) → SMTP → markSent.
 * - `sending` under a live lease → SendInProgressError (retry later; never a silent skip).
 * - any other state (sent, failed, review, rejected, missing) → `skipped`: a redelivered job is a no-op.
 * Transient SMTP failures (RFC 5321 §4.2.1 4yz, connection errors) put the draft back to approved and rethrow;
 * permanent ones (5yz) mark the draft failed, park the case with the reason and throw PermanentSendError.
 */
export async function sendDraft(deps: SendDeps, draftId: number): Promise<SendOutcome> {
  const leaseMs = deps.leaseMs ?? DEFAULT_SEND_LEASE_MS;
  const claimed = await deps.store.claimDraftForSend(draftId, leaseMs);
  if (!claimed) {
    const d = await deps.store.getDraft(draftId);
    if (d?.status === "sending" || d?.status === "approved") throw new SendInProgressError(draftId);
    return { kind: "skipped", draftId, status: d?.status ?? "missing" };
  }
  const stopHeartbeat = heartbeat(deps, claimed, leaseMs);
  try {
    await deps.mailer.send({
      from: deps.from,
      to: claimed.toAddress,
      subject: claimed.subject,
      text: claimed.text,
      html: claimed.html,
      messageId: claimed.outboundMessageId,
      inReplyTo: claimed.inReplyTo,
      references: claimed.references,
    });
  } catch (err) {
    stopHeartbeat();
    const info = classifyDeliveryError(err as { responseCode?: number; code?: string });
    await deps.store.markSendFailed(draftId, `${info.code}: ${info.reason}`, info.kind === "permanent");
    if (info.kind === "permanent") throw new PermanentSendError(info);
    throw err;
  }
  stopHeartbeat();
  await markSentPersistently(deps, draftId);
  return { kind: "sent", draftId };
}

/** Renews the claim every leaseMs / 3 while SMTP runs; returns the stop function. Renewal errors are ignored. */
function heartbeat(deps: SendDeps, claimed: DraftRow, leaseMs: number): () => void {
  const renew = deps.store.renewSendLease;
  if (!renew) return () => undefined;
  const timer = setInterval(() => {
    renew.call(deps.store, claimed.id, claimed.attempts).catch(() => false);
  }, Math.max(50, Math.floor(leaseMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The SMTP server has accepted the mail: record it, retrying through a database outage (a restart, a failover)
 * instead of failing the job, which would leave the draft `sending` and invite a takeover resend.
 * @throws the last database error after `markSentDeadlineMs`
 */
async function markSentPersistently(deps: SendDeps, draftId: number): Promise<void> {
  const waits = deps.markSentRetryMs ?? [250, 500, 1000, 2000, 5000];
  const until = Date.now() + (deps.markSentDeadlineMs ?? 120_000);
  for (let i = 0; ; i++) {
    try {
      await deps.store.markSent(draftId, (deps.now ?? (() => new Date()))());
      return;
    } catch (err) {
      if (Date.now() >= until) throw err;
      await sleep(waits[Math.min(i, waits.length - 1)]!);
    }
  }
}

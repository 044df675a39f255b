// Send use case: exactly-once delivery of an approved draft. The database guard (approved → sending → sent,
// claimed atomically) plus a stable Message-ID per draft keep retries and redeliveries from sending twice.
import type { CaseStore, Mailer } from "./ports.js";
import { classifyDeliveryError, type DeliveryErrorInfo } from "../domain/email/delivery-error.js";

export interface SendDeps {
  store: CaseStore;
  mailer: Mailer;
  /** From header, e.g. "casedesk <support@example.test>" */
  from: string;
  /** a `sending` draft older than this is taken over (its previous sender died), in ms */
  leaseMs?: number;
  now?: () => Date;
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
 * Sends one draft if it is approved (or a stale `sending` claim). Transient failures put it back to approved
 * and rethrow (the queue retries with backoff); permanent failures (SMTP 5xx) park the case and throw
 * PermanentSendError. A draft in any other state is skipped: sending is a no-op for it.
 */
export async function sendDraft(deps: SendDeps, draftId: number): Promise<SendOutcome> {
  const claimed = await deps.store.claimDraftForSend(draftId, deps.leaseMs ?? 120_000);
  if (!claimed) {
    const d = await deps.store.getDraft(draftId);
    return { kind: "skipped", draftId, status: d?.status ?? "missing" };
  }
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
    const info = classifyDeliveryError(err as { responseCode?: number; code?: string });
    await deps.store.markSendFailed(draftId, `${info.code}: ${info.reason}`, info.kind === "permanent");
    if (info.kind === "permanent") throw new PermanentSendError(info);
    throw err;
  }
  await deps.store.markSent(draftId, (deps.now ?? (() => new Date()))());
  return { kind: "sent", draftId };
}

// Intake use case: a stored raw message becomes part of a case (new, or an existing one it replies to),
// or is parked with a reason. Idempotent: running it twice for one message changes nothing.
import { DuplicateInboundError, MalformedEmailError, type CaseStore, type MailParser, type ParsedEmail, type SenderVerdicts } from "./ports.js";
import { findCaseReference, threadCandidates } from "../domain/email/threading.js";
import { classifyAutomatic } from "../domain/email/automatic.js";
import type { SenderGate } from "./sender-gate.js";

export interface IntakeDeps {
  store: CaseStore;
  parser: MailParser;
  referencePrefix: string;
  /** casedesk's own addresses (lower-case): mail from them is never answered */
  ownAddresses: string[];
  /** sender policy and SPF/DKIM/DMARC (issue 7); absent: every sender answered, nothing verified */
  senders?: SenderGate;
}

export type IntakeOutcome =
  | { kind: "analyse"; caseId: number; reference: string }
  | { kind: "attached"; caseId: number; reference: string; reason: string }
  | { kind: "parked"; caseId: number; reference: string; reason: string }
  | { kind: "duplicate" }
  | { kind: "missing" };

/**
 * Threads and files one inbound message.
 * Threading (RFC 5322 §3.6.4): In-Reply-To/References naming any message of a case (inbound or casedesk's
 * answer) → that case; else a case reference in the subject from the same sender → that case; else a new case.
 * Automatic mail (RFC 3834) on an existing case is attached without reopening it; otherwise it is parked.
 * A copy of an email already filed (same Message-ID and bytes) is marked duplicate, also when the copies are
 * taken in at the same moment by concurrent intakes (the store's unique dedupe key decides).
 * With `senders`: SPF/DKIM/DMARC verdicts are stored with every parsed message, and a message from a sender
 * the policy does not answer (unregistered, rate-limited) is parked with the decision's reason; an
 * unregistered sender's first message of the day also gets the notice (queued as a `notice` draft).
 */
export async function intakeMessage(deps: IntakeDeps, messageId: number): Promise<IntakeOutcome> {
  const { store } = deps;
  const inbound = await store.loadInbound(messageId);
  if (!inbound) return { kind: "missing" };
  if (inbound.status === "duplicate") return { kind: "duplicate" };
  if (inbound.status === "parked" && inbound.caseId) {
    await deps.senders?.sendNotice(messageId); // a notice whose job died after the park (idempotent)
    const c = await store.getCase(inbound.caseId);
    return { kind: "parked", caseId: inbound.caseId, reference: c?.reference ?? "", reason: "already parked" };
  }

  let parsed: ParsedEmail;
  try {
    parsed = await deps.parser.parseHeaders(inbound.raw); // bodies are parsed once, by analysis
  } catch (err) {
    if (!(err instanceof MalformedEmailError)) throw err;
    const c = await store.parkInbound(messageId, `${err.code}: ${err.message}`, null, deps.referencePrefix);
    return { kind: "parked", caseId: c.id, reference: c.reference, reason: err.code };
  }
  if (inbound.status === "received" && (await store.isDuplicate(messageId, parsed.messageId, inbound.rawSha256))) {
    await store.markDuplicate(messageId);
    return { kind: "duplicate" };
  }

  const verdict = deps.senders ? await deps.senders.authenticate(inbound.raw) : null;
  // stored with the message by the one statement that files or parks it
  const sender: SenderVerdicts = { auth: verdict, policy: null, detailsAllowed: null };

  const existing =
    (await store.findCaseByMessageIds(threadCandidates(parsed.inReplyTo, parsed.references))) ??
    (parsed.from ? await caseFromSubject(store, parsed.subject, parsed.from.address, deps.referencePrefix) : null);

  const automatic = classifyAutomatic({ headers: parsed.headers, from: parsed.from?.address ?? null, contentType: parsed.contentType, ownAddresses: deps.ownAddresses });
  if (automatic.automatic) {
    const reason = `AUTOMATIC: ${automatic.reason ?? "automatic message"}`;
    if (existing) {
      const c = await acceptUnlessCopy(store, { messageId, parsed, caseId: existing, referencePrefix: deps.referencePrefix, quiet: true, sender });
      return c ? { kind: "attached", caseId: c.id, reference: c.reference, reason } : { kind: "duplicate" };
    }
    const c = await store.parkInbound(messageId, reason, parsed, deps.referencePrefix, sender);
    return { kind: "parked", caseId: c.id, reference: c.reference, reason };
  }
  if (!parsed.from) {
    const c = await store.parkInbound(messageId, "NO_SENDER: no From address to answer", parsed, deps.referencePrefix, sender);
    return { kind: "parked", caseId: c.id, reference: c.reference, reason: "NO_SENDER" };
  }
  if (deps.senders) {
    const auth = await deps.senders.screen({ messageId, sender: parsed.from.address, receivedAt: inbound.receivedAt, authenticated: verdict?.authenticated ?? null });
    sender.policy = auth.reason;
    sender.detailsAllowed = auth.repeatCaseDetails;
    if (auth.action !== "answer") {
      const c = await store.parkInbound(messageId, auth.reason, parsed, deps.referencePrefix, sender);
      if (auth.action === "notice") await deps.senders.sendNotice(messageId);
      return { kind: "parked", caseId: c.id, reference: c.reference, reason: auth.code };
    }
  }
  const c = await acceptUnlessCopy(store, { messageId, parsed, caseId: existing, referencePrefix: deps.referencePrefix, sender });
  return c ? { kind: "analyse", caseId: c.id, reference: c.reference } : { kind: "duplicate" };
}

/** acceptInbound, or null after marking the message duplicate when a copy of it was filed first (a race lost). */
async function acceptUnlessCopy(store: CaseStore, input: Parameters<CaseStore["acceptInbound"]>[0]) {
  try {
    return await store.acceptInbound(input);
  } catch (err) {
    if (!(err instanceof DuplicateInboundError)) throw err;
    await store.markDuplicate(input.messageId);
    return null;
  }
}

async function caseFromSubject(store: CaseStore, subject: string, sender: string, prefix: string): Promise<number | null> {
  const reference = findCaseReference(subject, prefix);
  return reference ? store.findCaseByReference(reference, sender) : null;
}

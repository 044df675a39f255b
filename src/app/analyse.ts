// Analyse use case: segment the message, extract code mentions, check them against the catalogue, build the
// findings and the reply, and store the draft with its route. Idempotent: one draft per inbound message.
import { MalformedEmailError, type CaseStore, type DraftRow, type MailParser } from "./ports.js";
import type { Catalogue } from "../domain/catalogue/types.js";
import type { Answer, RenderedReply } from "../domain/answer/types.js";
import { segmentEmail } from "../domain/email/segment.js";
import { extractMentions } from "../domain/codes/extract.js";
import { answerCase } from "../domain/answer/answer.js";
import { answerMessageId, replySubject, replyThreadHeaders } from "../domain/email/threading.js";

export interface ReplyRenderer {
  render(answer: Answer, ctx: { caseReference: string; requesterName: string | null; subject: string }): RenderedReply;
}

export interface AnalyseDeps {
  store: CaseStore;
  parser: MailParser;
  catalogue: Catalogue;
  renderer: ReplyRenderer;
  /** "policy": the answer's own route; "review"/"auto": force every draft there */
  routing: "policy" | "review" | "auto";
  /** domain for answer Message-IDs, e.g. "example.test" */
  messageIdDomain: string;
  /** case reference prefix (CASEDESK_REFERENCE_PREFIX; used when a message has to be parked without a case) */
  referencePrefix: string;
}

/**
 * The full consultation for one raw email, without storing anything (also used by `casedesk answer`).
 * `receivedAt` null: the Date header, else now.
 */
export async function consult(
  deps: Pick<AnalyseDeps, "parser" | "catalogue" | "renderer">,
  raw: Buffer,
  ctx: { caseReference: string; receivedAt: Date | null },
) {
  const parsed = await deps.parser.parse(raw);
  const receivedAt = ctx.receivedAt ?? (parsed.date ? new Date(parsed.date) : new Date());
  const segments = segmentEmail(parsed.emailText);
  const extraction = extractMentions(segments, { knows: (system, code) => deps.catalogue.knows(system, code) });
  const answer = answerCase({
    caseReference: ctx.caseReference,
    subject: parsed.subject,
    requesterName: parsed.from?.name ?? null,
    segments,
    extraction,
    receivedAt: receivedAt.toISOString(),
    catalogue: deps.catalogue,
  });
  const rendered = deps.renderer.render(answer, { caseReference: ctx.caseReference, requesterName: parsed.from?.name ?? null, subject: parsed.subject });
  return { parsed, segments, extraction, answer, rendered, subject: replySubject(ctx.caseReference, parsed.subject) };
}

/**
 * Analyses an accepted inbound message and stores its draft.
 * @returns the draft (existing one when the message was analysed before), or null when the message is not
 *   accepted (parked, duplicate, missing).
 */
export async function analyseMessage(deps: AnalyseDeps, messageId: number): Promise<DraftRow | null> {
  const loaded = await deps.store.loadForAnalysis(messageId);
  if (!loaded) return null;
  if (loaded.draft) return loaded.draft;
  const { inbound, case: c } = loaded;
  if (inbound.status !== "accepted" || !c) return null;

  let result: Awaited<ReturnType<typeof consult>>;
  try {
    result = await consult(deps, inbound.raw, { caseReference: c.reference, receivedAt: inbound.receivedAt });
  } catch (err) {
    // the body could not be read (intake reads only the header section): park it with the reason, never retry
    if (!(err instanceof MalformedEmailError)) throw err;
    await deps.store.parkInbound(messageId, `${err.code}: ${err.message}`, null, deps.referencePrefix);
    return null;
  }
  const { parsed, answer, rendered, subject } = result;
  const route = deps.routing === "policy" ? answer.route : deps.routing;
  const thread = replyThreadHeaders({ messageId: parsed.messageId, references: parsed.references, inReplyTo: parsed.inReplyTo });
  return deps.store.saveAnalysis({
    inboundMessageId: messageId,
    inboundText: parsed.text,
    inboundHtml: parsed.html,
    inboundSender: { policy: inbound.senderPolicy, detailsAllowed: inbound.detailsAllowed },
    caseId: c.id,
    answer,
    rendered,
    toAddress: parsed.replyTo ?? parsed.from?.address ?? c.requester,
    subject,
    outboundMessageId: answerMessageId(c.reference, `m${messageId}`, deps.messageIdDomain),
    inReplyTo: thread.inReplyTo,
    references: thread.references,
    route,
  });
}

// View models of the review UI and the JSON API: a ReviewCase turned into what a page or a client needs
// (highlighted text, sandboxed HTML, attachments, claim state, SLA). No I/O besides reading raw bytes.
import type { Actor, CaseListItem, ReviewCase } from "../../app/review-ports.js";
import { holdsClaim } from "../../app/review.js";
import { emailSrcdoc, highlightMentions, listAttachments } from "./email-view.js";
import { formatAge } from "./views.js";

/** One queue row for the API (`GET /api/cases`) and the queue page. */
export function caseSummary(c: CaseListItem, now: Date, slaMs: number) {
  const ageMs = now.getTime() - c.receivedAt.getTime();
  return {
    id: c.id, reference: c.reference, status: c.status, subject: c.subject, from: c.from, fromName: c.fromName,
    receivedAt: c.receivedAt.toISOString(), claimedBy: c.claimedBy, claimExpiresAt: c.claimExpiresAt?.toISOString() ?? null,
    parkReason: c.parkReason, age: formatAge(ageMs), overdue: c.status === "review" && ageMs > slaMs,
  };
}

/** The case for `GET /api/cases/:id`: mentions, findings, draft {text, html, version}, thread and audit. */
export function caseJson(c: ReviewCase, now: Date) {
  const live = c.claimExpiresAt !== null && c.claimExpiresAt > now;
  return {
    id: c.id, reference: c.reference, status: c.status, subject: c.subject, from: c.requester, fromName: c.requesterName, parkReason: c.parkReason,
    receivedAt: c.lastMessageAt.toISOString(), dateOfService: c.dateOfService?.toISOString().slice(0, 10) ?? null,
    claimedBy: live ? (c.claimedBy?.email ?? null) : null, claimExpiresAt: live ? c.claimExpiresAt!.toISOString() : null,
    mentions: c.mentions, findings: c.findings,
    draft: c.draft
      ? { id: c.draft.id, status: c.draft.status, route: c.draft.route, to: c.draft.toAddress, subject: c.draft.subject, text: c.draft.text, html: c.draft.html, version: c.draft.version, generatedText: c.draft.generatedText, error: c.draft.error, sentAt: c.draft.sentAt?.toISOString() ?? null }
      : null,
    messages: c.messages.map((m) => ({
      id: m.id, direction: m.direction, status: m.status, messageId: m.messageId, from: m.fromAddress, to: m.toAddress, subject: m.subject,
      text: m.newText, quoted: m.quotedText, hasHtml: m.html !== null, receivedAt: m.receivedAt.toISOString(), parkReason: m.parkReason,
    })),
    audit: c.audit.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
  };
}

/**
 * The case page's model. `loadRaw` gives a message's raw bytes (for the attachment list).
 * `edit` replaces the draft text shown in the editor (e.g. after a refused save, so nothing typed is lost).
 */
export async function casePage(
  c: ReviewCase, actor: Actor, now: Date, slaMs: number, loadRaw: (messageId: number) => Promise<Buffer | null>,
) {
  const mine = holdsClaim(c, actor, now);
  const live = c.claimExpiresAt !== null && c.claimExpiresAt > now;
  const reviewable = c.status === "review" && c.draft?.status === "review";
  const messages = await Promise.all(c.messages.map(async (m) => {
    const mentions = c.mentions.filter((x) => x.messageId === m.id);
    return {
      ...m,
      inbound: m.direction === "in",
      textHtml: highlightMentions(m.newText ?? "", mentions),
      quotedHtml: m.quotedText ? highlightMentions(m.quotedText, mentions) : null,
      srcdoc: m.html ? emailSrcdoc(m.html) : null,
      attachments: m.hasRaw && m.direction === "in" ? await listAttachments((await loadRaw(m.id)) ?? Buffer.alloc(0)) : [],
    };
  }));
  const ageMs = now.getTime() - c.lastMessageAt.getTime();
  return {
    c,
    messages,
    age: formatAge(ageMs),
    overdue: c.status === "review" && ageMs > slaMs,
    claim: live ? { holder: c.claimedBy?.email ?? "", expiresAt: c.claimExpiresAt, mine } : null,
    reviewable,
    canClaim: reviewable && (!live || mine),
    canEdit: reviewable && mine,
    draftSrcdoc: c.draft ? emailSrcdoc(c.draft.html) : null,
    audit: c.audit.map((a) => ({ ...a, detailText: a.detail === null ? "" : JSON.stringify(a.detail, null, 2) })).reverse(),
    mentionRows: c.mentions,
    findingRows: c.findings.map((f) => ({ ...f, error: f.severity === "error", warning: f.severity === "warning" })),
  };
}

// Review use cases: what a consultant may do with a draft that was routed to review. Claim (with a TTL),
// save an edit (optimistic version check), approve and send, request more information, reject, reassign.
// Every action writes an audit event (who, what, when; for what is sent, the diff against the generated draft).
import type { JobQueue } from "./ports.js";
import type { Actor, CaseListItem, DraftChangeResult, QueueTab, ReviewCase, ReviewStore } from "./review-ports.js";
import { diffLines } from "./review-diff.js";

/** Error with a stable `code`; `status` is the HTTP status the web layer answers with. */
export class ReviewError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "INVALID" | "FORBIDDEN" | "CLAIMED_BY_OTHER" | "NOT_CLAIMED" | "STALE_VERSION" | "NOT_REVIEWABLE",
    message: string,
    readonly status: number,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ReviewError";
  }
}

export interface ReviewDeps {
  store: ReviewStore;
  queue: Pick<JobQueue, "enqueueSend">;
  /** the request-more-information reply for a case (text + HTML), from templates/web/emails */
  renderRequestInfo(ctx: { caseReference: string; requesterName: string | null; subject: string; note: string | null; consultant: string }): { text: string; html: string };
  /** cleans consultant-written HTML before it is stored or sent */
  sanitizeHtml(html: string): string;
  /** claim lifetime, ms */
  claimMs: number;
  now?: () => Date;
}

export interface DraftEdit {
  text: string;
  html: string | null;
  version: number;
}

const now = (d: ReviewDeps) => (d.now ?? (() => new Date()))();

/** Lists a queue tab, newest arrival first; `q` matches reference, sender or a code (case-insensitive). */
export async function listQueue(deps: ReviewDeps, actor: Actor, tab: QueueTab, q: string | null, limit = 200): Promise<CaseListItem[]> {
  const query = q?.trim() ? q.trim().slice(0, 100) : null;
  return deps.store.listCases({ tab, userId: actor.id, q: query, now: now(deps), limit });
}

/** One case with thread, mentions, findings, draft and audit. @throws ReviewError NOT_FOUND */
export async function getReviewCase(deps: ReviewDeps, caseId: number): Promise<ReviewCase> {
  const c = await deps.store.getCase(caseId);
  if (!c) throw new ReviewError("NOT_FOUND", "no such case", 404);
  return c;
}

/** true when `actor` holds an unexpired claim on `c` at `at`. */
export function holdsClaim(c: Pick<ReviewCase, "claimedBy" | "claimExpiresAt">, actor: Actor, at: Date): boolean {
  return c.claimedBy?.id === actor.id && c.claimExpiresAt !== null && c.claimExpiresAt > at;
}

/**
 * Claims a case in review for `claimMs`; claiming again renews. @returns the claim's expiry.
 * @throws ReviewError CLAIMED_BY_OTHER (409) naming the holder, NOT_REVIEWABLE (409), NOT_FOUND
 */
export async function claimCase(deps: ReviewDeps, actor: Actor, caseId: number): Promise<{ expiresAt: Date }> {
  const at = now(deps);
  const r = await deps.store.claim(caseId, actor.id, at, new Date(at.getTime() + deps.claimMs), actor.email);
  if (r.kind === "ok") return { expiresAt: r.expiresAt };
  if (r.kind === "held") {
    throw new ReviewError("CLAIMED_BY_OTHER", `This case is claimed by ${r.holder} until ${r.expiresAt.toISOString()}.`, 409, { holder: r.holder, expiresAt: r.expiresAt.toISOString() });
  }
  if (r.status === "missing") throw new ReviewError("NOT_FOUND", "no such case", 404);
  throw new ReviewError("NOT_REVIEWABLE", `This case is ${r.status}, not awaiting review.`, 409, { status: r.status });
}

/** Drops the actor's claim (an admin may drop anyone's). @throws ReviewError NOT_CLAIMED */
export async function releaseCase(deps: ReviewDeps, actor: Actor, caseId: number): Promise<void> {
  const ok = await deps.store.release(caseId, actor.id, actor.role === "admin", actor.email);
  if (!ok) throw new ReviewError("NOT_CLAIMED", "You do not hold the claim on this case.", 409);
}

/**
 * Hands the claim to another active user. The claim holder or an admin may do it.
 * @throws ReviewError FORBIDDEN, INVALID (unknown user), NOT_REVIEWABLE
 */
export async function reassignCase(deps: ReviewDeps, actor: Actor, caseId: number, toEmail: string): Promise<void> {
  const c = await getReviewCase(deps, caseId);
  const at = now(deps);
  if (c.status !== "review") throw new ReviewError("NOT_REVIEWABLE", `This case is ${c.status}, not awaiting review.`, 409);
  const heldByOther = c.claimedBy && c.claimExpiresAt && c.claimExpiresAt > at && c.claimedBy.id !== actor.id;
  if (heldByOther && actor.role !== "admin") throw new ReviewError("FORBIDDEN", `Only ${c.claimedBy!.email} or an admin may reassign this case.`, 403);
  const to = await deps.store.findUserByEmail(toEmail.trim().toLowerCase());
  if (!to || to.disabled) throw new ReviewError("INVALID", "No active user with that e-mail address.", 400);
  await deps.store.reassign(caseId, to.id, new Date(at.getTime() + deps.claimMs), actor.email, { from: c.claimedBy?.email ?? null, to: to.email });
}

/** Plain text → the HTML part of a reply: escaped paragraphs, line breaks kept. */
export function textToHtml(text: string): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const paras = text.replace(/\r\n/g, "\n").trim().split(/\n{2,}/);
  return `<!doctype html><html><body>${paras.map((p) => `<p>${esc(p).replace(/\n/g, "<br>\n")}</p>`).join("\n")}</body></html>\n`;
}

/**
 * The HTML to store for an edit: the consultant's HTML (sanitized) when they changed it; when only the text
 * changed, HTML made from the text (the generated HTML would otherwise contradict the edited text).
 */
export function nextHtml(deps: Pick<ReviewDeps, "sanitizeHtml">, stored: { text: string; html: string }, edit: { text: string; html: string | null }): string {
  const htmlEdited = edit.html !== null && edit.html.replace(/\r\n/g, "\n") !== stored.html.replace(/\r\n/g, "\n");
  if (htmlEdited) return deps.sanitizeHtml(edit.html!);
  if (edit.text.replace(/\r\n/g, "\n") !== stored.text.replace(/\r\n/g, "\n")) return textToHtml(edit.text);
  return stored.html;
}

function normaliseText(text: string): string {
  const t = text.replace(/\r\n/g, "\n");
  return t.endsWith("\n") ? t : `${t}\n`;
}

async function reviewable(deps: ReviewDeps, caseId: number): Promise<{ c: ReviewCase; draft: NonNullable<ReviewCase["draft"]> }> {
  const c = await getReviewCase(deps, caseId);
  if (!c.draft || c.status !== "review" || c.draft.status !== "review") {
    throw new ReviewError("NOT_REVIEWABLE", `This case is ${c.status}${c.draft ? ` and its draft ${c.draft.status}` : ""}; there is nothing to review.`, 409, { status: c.status });
  }
  return { c, draft: c.draft };
}

async function explain(deps: ReviewDeps, caseId: number, r: Exclude<DraftChangeResult, { kind: "ok" }>, yourVersion: number): Promise<ReviewError> {
  if (r.kind === "not-claimed") {
    const who = r.holder && r.expiresAt && r.expiresAt > now(deps) ? `it is claimed by ${r.holder}` : "claim it first";
    return new ReviewError("NOT_CLAIMED", `Your change was not saved: you do not hold the claim on this case (${who}).`, 409, { holder: r.holder });
  }
  if (r.status !== "review") return new ReviewError("NOT_REVIEWABLE", `The draft is already ${r.status}; nothing was saved.`, 409, { status: r.status });
  const last = await deps.store.lastAudit(caseId, ["draft.edited", "draft.reassigned", "case.reassigned"]);
  const by = last && last.action === "draft.edited" ? ` by ${last.actor}` : "";
  return new ReviewError(
    "STALE_VERSION",
    `Your edit was not saved: the draft was changed${by} at ${r.updatedAt.toISOString()} (now version ${r.currentVersion}, you edited version ${yourVersion}). Reload to see the newer text, then apply your change again.`,
    409,
    { currentVersion: r.currentVersion, yourVersion, by: by ? last!.actor : null },
  );
}

/**
 * Saves an edit of the draft when the actor holds the claim and `edit.version` is the current version;
 * renews the claim. @returns the new version.
 * @throws ReviewError STALE_VERSION (409) when someone saved in between, NOT_CLAIMED, NOT_REVIEWABLE, INVALID
 */
export async function saveDraft(deps: ReviewDeps, actor: Actor, caseId: number, edit: DraftEdit): Promise<{ version: number }> {
  if (!edit.text.trim()) throw new ReviewError("INVALID", "The reply text is empty.", 400);
  const { draft } = await reviewable(deps, caseId);
  const at = now(deps);
  const text = normaliseText(edit.text);
  const html = nextHtml(deps, draft, { text, html: edit.html });
  const r = await deps.store.applyDraftChange({
    caseId, draftId: draft.id, userId: actor.id, now: at, expectedVersion: edit.version, text, html, draftStatus: "review",
    claimExpiresAt: new Date(at.getTime() + deps.claimMs),
    audit: { actor: actor.email, action: "draft.edited", detail: { draftId: draft.id, fromVersion: edit.version, toVersion: edit.version + 1, diff: diffLines(draft.text, text) } },
  });
  if (r.kind !== "ok") throw await explain(deps, caseId, r, edit.version);
  return { version: r.version };
}

async function finish(
  deps: ReviewDeps, actor: Actor, caseId: number, version: number, content: { text: string; html: string }, action: string,
  status: "approved" | "rejected", extra: Record<string, unknown>, park?: string,
): Promise<{ version: number }> {
  const { draft } = await reviewable(deps, caseId);
  const r = await deps.store.applyDraftChange({
    caseId, draftId: draft.id, userId: actor.id, now: now(deps), expectedVersion: version, text: content.text, html: content.html,
    draftStatus: status, caseStatus: status === "approved" ? "sending" : "parked", ...(park ? { parkReason: park } : {}), claimExpiresAt: null,
    audit: {
      actor: actor.email, action,
      detail: { draftId: draft.id, version, ...extra, ...(status === "approved" ? { diffFromGenerated: diffLines(draft.generatedText, content.text) } : {}) },
    },
  });
  if (r.kind !== "ok") throw await explain(deps, caseId, r, version);
  if (status === "approved") await deps.queue.enqueueSend(draft.id);
  return { version: r.version };
}

/**
 * Approves the draft (with the edit, when given) and queues it for sending. The audit event carries the diff
 * between the generated draft and the text that is sent.
 * @throws ReviewError as saveDraft
 */
export async function approveDraft(deps: ReviewDeps, actor: Actor, caseId: number, edit: { version: number; text?: string | null; html?: string | null }): Promise<{ version: number }> {
  const { draft } = await reviewable(deps, caseId);
  const text = edit.text != null && edit.text.trim() ? normaliseText(edit.text) : draft.text;
  const html = nextHtml(deps, draft, { text, html: edit.html ?? null });
  return finish(deps, actor, caseId, edit.version, { text, html }, "draft.approved", "approved", {});
}

/**
 * Replaces the draft by the request-more-information reply (templates/web/emails/request-info.*.hbs, with
 * the consultant's optional note) and sends it. @throws ReviewError as saveDraft
 */
export async function requestInfo(deps: ReviewDeps, actor: Actor, caseId: number, input: { version: number; note?: string | null }): Promise<{ version: number }> {
  const { c } = await reviewable(deps, caseId);
  const note = input.note?.trim() ? input.note.trim().slice(0, 4000) : null;
  const r = deps.renderRequestInfo({ caseReference: c.reference, requesterName: c.requesterName, subject: c.subject, note, consultant: actor.email });
  return finish(deps, actor, caseId, input.version, { text: normaliseText(r.text), html: r.html }, "draft.request-info", "approved", { note: note !== null });
}

/**
 * Rejects the draft: nothing is sent, the case is parked with the reason. @throws ReviewError INVALID when the
 * reason is empty, and as saveDraft
 */
export async function rejectDraft(deps: ReviewDeps, actor: Actor, caseId: number, input: { version: number; reason: string }): Promise<{ version: number }> {
  const reason = input.reason?.trim().slice(0, 1000) ?? "";
  if (!reason) throw new ReviewError("INVALID", "Give a reason for rejecting the draft.", 400);
  const { draft } = await reviewable(deps, caseId);
  return finish(deps, actor, caseId, input.version, { text: draft.text, html: draft.html }, "draft.rejected", "rejected", { reason }, `rejected by ${actor.email}: ${reason}`);
}

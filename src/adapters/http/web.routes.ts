// Review UI pages (Handlebars, server-rendered) and their form actions. Forms post back and are redirected
// (303) to the case page; a refused action re-renders the page with the reason and keeps what was typed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { endSession, startSession, verifyLogin } from "../../app/accounts.js";
import {
  approveDraft, claimCase, getReviewCase, listQueue, reassignCase, rejectDraft, releaseCase, requestInfo, ReviewError, saveDraft,
} from "../../app/review.js";
import { QUEUE_TABS, type QueueTab } from "../../app/review-ports.js";
import { csrfToken, secureCookies } from "./auth-hooks.js";
import { caseSummary, casePage } from "./case-view.js";
import { SESSION_COOKIE, type WebContext } from "./web-context.js";

type Form = Record<string, string | undefined>;

const DONE: Record<string, string> = {
  claimed: "You hold this case now. Others see your claim until it lapses.",
  released: "Claim released.",
  saved: "Draft saved.",
  approved: "Approved. The reply is queued for sending.",
  "info-requested": "The request for more information is queued for sending.",
  rejected: "Draft rejected; the case is parked with your reason.",
  reassigned: "Case reassigned.",
};

const TAB_LABELS: Record<QueueTab, string> = { review: "Awaiting review", mine: "Claimed by me", claimed: "Claimed", sent: "Sent", parked: "Parked / failed" };

function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/queue";
}

/** Registers the login page, queue, case page and the case actions. */
export function registerWebRoutes(app: FastifyInstance, ctx: WebContext): void {
  const frame = (req: FastifyRequest, reply: FastifyReply, title: string) => ({
    title, nonce: req.cspNonce, csrf: csrfToken(ctx, req, reply),
    user: req.actor ? { email: req.actor.email, role: req.actor.role, admin: req.actor.role === "admin" } : null,
  });
  const html = (reply: FastifyReply, body: string) => reply.type("text/html; charset=utf-8").send(body);

  app.get("/login", { config: { public: true } }, async (req, reply) => {
    const q = req.query as Form;
    return html(reply, ctx.views.page("login", frame(req, reply, "Log in"), { next: safeNext(q.next), error: null }));
  });

  app.post("/login", {
    config: { public: true, rateLimit: { max: ctx.config.WEB_LOGIN_RATE_PER_MINUTE, timeWindow: 60_000 } },
  }, async (req, reply) => {
    const b = (req.body ?? {}) as Form;
    const actor = await verifyLogin(ctx.accounts, ctx.hasher, b.email ?? "", b.password ?? "");
    if (!actor) {
      ctx.metrics.reviewActions.inc({ action: "login", outcome: "refused" });
      reply.code(401);
      return html(reply, ctx.views.page("login", frame(req, reply, "Log in"), { next: safeNext(b.next), error: "Wrong e-mail address or password.", email: b.email ?? "" }));
    }
    const s = await startSession(ctx.accounts, actor.id, ctx.sessionMs);
    ctx.metrics.reviewActions.inc({ action: "login", outcome: "ok" });
    reply.setCookie(SESSION_COOKIE, s.cookie, { path: "/", httpOnly: true, sameSite: "lax", secure: secureCookies(ctx, req), expires: s.expiresAt });
    return reply.redirect(safeNext(b.next), 303);
  });

  app.post("/logout", async (req, reply) => {
    await endSession(ctx.accounts, req.cookies[SESSION_COOKIE] ?? "");
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.redirect("/login", 303);
  });

  app.get("/", async (_req, reply) => reply.redirect("/queue", 303));

  app.get("/queue", async (req, reply) => {
    const q = req.query as Form;
    const tab = (QUEUE_TABS as readonly string[]).includes(q.tab ?? "") ? (q.tab as QueueTab) : "review";
    const now = new Date();
    const rows = (await listQueue(ctx.review, req.actor!, tab, q.q ?? null)).map((c) => caseSummary(c, now, ctx.slaMs));
    const tabs = (["review", "mine", "claimed", "sent", "parked"] as QueueTab[]).map((t) => ({ id: t, label: TAB_LABELS[t], active: t === tab }));
    return html(reply, ctx.views.page("queue", frame(req, reply, TAB_LABELS[tab]), { tabs, tab, q: q.q ?? "", rows, slaHours: ctx.config.WEB_REVIEW_SLA_HOURS }));
  });

  async function renderCase(req: FastifyRequest, reply: FastifyReply, caseId: number, extra: { error?: string; done?: string; unsaved?: { text: string; html: string } | null }) {
    const c = await getReviewCase(ctx.review, caseId);
    const model = await casePage(c, req.actor!, new Date(), ctx.slaMs, (mid) => ctx.review.store.loadRaw(caseId, mid));
    return html(reply, ctx.views.page("case", frame(req, reply, `${c.reference} · ${c.subject}`), { ...model, ...extra }));
  }

  const idOf = (req: FastifyRequest) => {
    const id = Number((req.params as { id: string }).id);
    if (!Number.isSafeInteger(id) || id < 1) throw new ReviewError("NOT_FOUND", "no such case", 404);
    return id;
  };

  app.get("/cases/:id", async (req, reply) => {
    const q = req.query as Form;
    return renderCase(req, reply, idOf(req), { done: q.done ? DONE[q.done] : undefined });
  });

  const actions: Record<string, (req: FastifyRequest, id: number, b: Form) => Promise<unknown>> = {
    claim: (req, id) => claimCase(ctx.review, req.actor!, id),
    release: (req, id) => releaseCase(ctx.review, req.actor!, id),
    save: (req, id, b) => saveDraft(ctx.review, req.actor!, id, { text: b.text ?? "", html: b.html ?? null, version: Number(b.version) }),
    approve: (req, id, b) => approveDraft(ctx.review, req.actor!, id, { text: b.text ?? null, html: b.html ?? null, version: Number(b.version) }),
    "request-info": (req, id, b) => requestInfo(ctx.review, req.actor!, id, { note: b.note ?? null, version: Number(b.version) }),
    reject: (req, id, b) => rejectDraft(ctx.review, req.actor!, id, { reason: b.reason ?? "", version: Number(b.version) }),
    reassign: (req, id, b) => reassignCase(ctx.review, req.actor!, id, b.to ?? ""),
  };
  const doneCode: Record<string, string> = { claim: "claimed", release: "released", save: "saved", approve: "approved", "request-info": "info-requested", reject: "rejected", reassign: "reassigned" };

  for (const [name, run] of Object.entries(actions)) {
    app.post(`/cases/:id/${name}`, async (req, reply) => {
      const id = idOf(req);
      const b = (req.body ?? {}) as Form;
      try {
        await run(req, id, b);
        ctx.metrics.reviewActions.inc({ action: name, outcome: "ok" });
        return reply.redirect(`/cases/${id}?done=${doneCode[name]}`, 303);
      } catch (err) {
        if (!(err instanceof ReviewError) || err.code === "NOT_FOUND") throw err;
        ctx.metrics.reviewActions.inc({ action: name, outcome: err.code.toLowerCase() });
        reply.code(err.status);
        const unsaved = (name === "save" || name === "approve") && typeof b.text === "string" ? { text: b.text, html: b.html ?? "" } : null;
        return renderCase(req, reply, id, { error: err.message, unsaved });
      }
    });
  }
}

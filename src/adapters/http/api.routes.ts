// JSON API of the review queue (bearer token from `casedesk token create`, or a session with a CSRF header).
// Documented in openapi.ts; errors are {"error":{"code","message",...}} with the ReviewError's status.
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  approveDraft, claimCase, getReviewCase, listQueue, reassignCase, rejectDraft, releaseCase, requestInfo, ReviewError, saveDraft,
} from "../../app/review.js";
import { QUEUE_TABS, type QueueTab } from "../../app/review-ports.js";
import { caseJson, caseSummary } from "./case-view.js";
import { openApiDocument } from "./openapi.js";
import type { WebContext } from "./web-context.js";

type Body = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

function version(b: Body): number {
  const v = b.version;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) throw new ReviewError("INVALID", "`version` (integer, the draft version you edited) is required", 400);
  return v;
}

/** Registers /api/openapi.json, /api/me and the /api/cases routes. */
export function registerApiRoutes(app: FastifyInstance, ctx: WebContext): void {
  const doc = openApiDocument();
  const idOf = (req: FastifyRequest) => {
    const id = Number((req.params as { id: string }).id);
    if (!Number.isSafeInteger(id) || id < 1) throw new ReviewError("NOT_FOUND", "no such case", 404);
    return id;
  };
  const body = (req: FastifyRequest): Body => (req.body && typeof req.body === "object" ? (req.body as Body) : {});
  const counted = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    try {
      const r = await run();
      ctx.metrics.reviewActions.inc({ action, outcome: "ok" });
      return r;
    } catch (err) {
      if (err instanceof ReviewError) ctx.metrics.reviewActions.inc({ action, outcome: err.code.toLowerCase() });
      throw err;
    }
  };

  app.get("/api/openapi.json", async () => doc);
  app.get("/api/me", async (req) => req.actor);

  app.get("/api/cases", async (req, reply) => {
    const q = req.query as { status?: string; q?: string };
    const status = q.status ?? "review";
    if (!(QUEUE_TABS as readonly string[]).includes(status)) return reply.code(400).send({ error: { code: "INVALID", message: `status must be one of ${QUEUE_TABS.join(", ")}` } });
    const now = new Date();
    const rows = await listQueue(ctx.review, req.actor!, status as QueueTab, q.q ?? null);
    return { cases: rows.map((c) => caseSummary(c, now, ctx.slaMs)) };
  });

  app.get("/api/cases/:id", async (req) => caseJson(await getReviewCase(ctx.review, idOf(req)), new Date()));

  app.post("/api/cases/:id/claim", async (req) => {
    const r = await counted("claim", () => claimCase(ctx.review, req.actor!, idOf(req)));
    return { claimedBy: req.actor!.email, expiresAt: r.expiresAt.toISOString() };
  });

  app.post("/api/cases/:id/release", async (req) => {
    await counted("release", () => releaseCase(ctx.review, req.actor!, idOf(req)));
    return { ok: true };
  });

  app.post("/api/cases/:id/reassign", async (req) => {
    await counted("reassign", () => reassignCase(ctx.review, req.actor!, idOf(req), str(body(req).to) ?? ""));
    return { ok: true };
  });

  app.put("/api/cases/:id/draft", async (req) => {
    const b = body(req);
    const text = str(b.text);
    if (text === null) throw new ReviewError("INVALID", "`text` (string) is required", 400);
    const r = await counted("save", () => saveDraft(ctx.review, req.actor!, idOf(req), { text, html: str(b.html), version: version(b) }));
    return { version: r.version, status: "review" };
  });

  app.post("/api/cases/:id/approve", async (req, reply) => {
    const b = body(req);
    const r = await counted("approve", () => approveDraft(ctx.review, req.actor!, idOf(req), { version: version(b), text: str(b.text), html: str(b.html) }));
    return reply.code(202).send({ version: r.version, status: "approved" });
  });

  app.post("/api/cases/:id/reject", async (req) => {
    const b = body(req);
    const r = await counted("reject", () => rejectDraft(ctx.review, req.actor!, idOf(req), { version: version(b), reason: str(b.reason) ?? "" }));
    return { version: r.version, status: "rejected" };
  });

  app.post("/api/cases/:id/request-info", async (req, reply) => {
    const b = body(req);
    const r = await counted("request-info", () => requestInfo(ctx.review, req.actor!, idOf(req), { version: version(b), note: str(b.note) }));
    return reply.code(202).send({ version: r.version, status: "approved" });
  });
}

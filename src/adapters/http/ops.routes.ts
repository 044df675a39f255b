// Operations endpoints: /healthz (process alive), /readyz (database and Redis answer), /metrics (Prometheus),
// and bull-board at /admin/queues (the admin check is the /admin rule in auth-hooks.ts).
import type { FastifyInstance } from "fastify";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { WebContext } from "./web-context.js";

const BOARD_PATH = "/admin/queues";

/** Registers health, readiness, metrics and bull-board. */
export async function registerOpsRoutes(app: FastifyInstance, ctx: WebContext): Promise<void> {
  app.get("/healthz", { config: { public: true }, logLevel: "warn" }, async () => ({ status: "ok" }));

  app.get("/readyz", { config: { public: true }, logLevel: "warn" }, async (_req, reply) => {
    const checks: Record<string, string> = {};
    const timeout = <T>(p: Promise<T>) => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error("timeout")), 2000).unref())]);
    await timeout(ctx.db.$queryRawUnsafe("SELECT 1")).then(() => (checks.database = "ok"), (e: Error) => (checks.database = e.message.slice(0, 100)));
    await timeout(ctx.redis.ping()).then(() => (checks.redis = "ok"), (e: Error) => (checks.redis = e.message.slice(0, 100)));
    const ready = Object.values(checks).every((v) => v === "ok");
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks });
  });

  app.get("/metrics", { config: { public: true }, logLevel: "warn" }, async (_req, reply) => {
    const body = await ctx.metrics.registry.metrics();
    return reply.type(ctx.metrics.registry.contentType).send(body);
  });

  const board = new FastifyAdapter();
  board.setBasePath(BOARD_PATH);
  createBullBoard({ queues: Object.values(ctx.queues.queues).map((q) => new BullMQAdapter(q)), serverAdapter: board, options: { uiConfig: { boardTitle: "casedesk queues" } } });
  await app.register(board.registerPlugin(), { prefix: BOARD_PATH });
}

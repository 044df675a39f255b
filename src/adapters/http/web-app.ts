// The review web server (Fastify 5): plugins (cookies, form bodies, CSRF, login rate limit), the auth hooks,
// security headers, metrics, error mapping, and the route groups. buildWebApp builds it from the core;
// startWeb also listens.
import { randomBytes } from "node:crypto";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import fastifyCookie from "@fastify/cookie";
import fastifyFormbody from "@fastify/formbody";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyRateLimit from "@fastify/rate-limit";
import type { Core } from "../../composition.js";
import { createAccountStore } from "../db/account-store.js";
import { createReviewStore } from "../db/review-store.js";
import { ReviewError, type ReviewDeps } from "../../app/review.js";
import { registerAuthHooks, isApi } from "./auth-hooks.js";
import { registerApiRoutes } from "./api.routes.js";
import { registerWebRoutes } from "./web.routes.js";
import { registerOpsRoutes } from "./ops.routes.js";
import { createViews, type Views } from "./views.js";
import { createWebMetrics } from "./metrics.js";
import { createPasswordHasher } from "./password-hasher.js";
import { sanitizeReplyHtml } from "./email-view.js";
import type { WebContext } from "./web-context.js";

export interface WebApp {
  app: FastifyInstance;
  ctx: WebContext;
  /** every registered route (method + URL pattern, and whether it is public), for tests and docs */
  routes: Array<{ method: string; url: string; public: boolean }>;
}

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, "style-src-attr 'unsafe-inline'", "img-src data:",
    "frame-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
  ].join("; ");
}

/** Builds the web app over the core (database, Redis, queues); nothing listens yet. */
export async function buildWebApp(core: Pick<Core, "config" | "log" | "db" | "redis" | "queues">, options: { views?: Views } = {}): Promise<WebApp> {
  const { config } = core;
  const views = options.views ?? createViews();
  const slaMs = config.WEB_REVIEW_SLA_HOURS * 3_600_000;
  const reviewStore = createReviewStore(core.db);
  const review: ReviewDeps = {
    store: reviewStore,
    queue: core.queues,
    claimMs: config.WEB_CLAIM_MINUTES * 60_000,
    sanitizeHtml: sanitizeReplyHtml,
    renderRequestInfo: (c) => views.email("request-info", c),
  };
  const ctx: WebContext = {
    config, log: core.log, db: core.db, redis: core.redis, queues: core.queues, accounts: createAccountStore(core.db), hasher: createPasswordHasher(),
    review, views, metrics: createWebMetrics({ db: core.db, queues: core.queues.queues, slaMs }), slaMs, sessionMs: config.WEB_SESSION_HOURS * 3_600_000,
  };
  // request logs carry method, route and status only (pino's default req serializer would add the URL with the search query)
  const app: FastifyInstance = Fastify({
    loggerInstance: core.log.child({ component: "web" }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.WEB_TRUST_PROXY,
    bodyLimit: 1_048_576,
  });
  const routes: WebApp["routes"] = [];
  app.addHook("onRoute", (r) => {
    for (const m of [r.method].flat()) if (m !== "HEAD") routes.push({ method: m, url: r.url, public: r.config?.public === true });
  });
  const cookieSecret = config.WEB_COOKIE_SECRET ?? randomBytes(32).toString("hex");
  await app.register(fastifyCookie, { secret: cookieSecret });
  await app.register(fastifyFormbody, { bodyLimit: 1_048_576 });
  await app.register(fastifyCsrf, {
    sessionPlugin: "@fastify/cookie",
    cookieKey: "casedesk_csrf",
    cookieOpts: { path: "/", sameSite: "strict", httpOnly: true, signed: true },
    csrfOpts: { hmacKey: cookieSecret, userInfo: true },
    getUserInfo: (req) => req.sessionKey ?? "anon",
  });
  await app.register(fastifyRateLimit, { global: false });
  registerAuthHooks(app, ctx);

  app.addHook("onSend", async (req, reply, payload) => {
    if (req.url.startsWith("/admin/queues")) return payload;
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    if (String(reply.getHeader("content-type") ?? "").startsWith("text/html")) {
      reply.header("content-security-policy", contentSecurityPolicy(req.cspNonce));
      reply.header("x-frame-options", "DENY");
      reply.header("cache-control", "no-store");
    }
    return payload;
  });
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    ctx.metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    ctx.metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof ReviewError) {
      return reply.code(err.status).send({ error: { code: err.code, message: err.message, ...err.detail } });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    const code = err.code?.startsWith("FST_CSRF") ? "CSRF" : status === 429 ? "RATE_LIMITED" : status === 500 ? "INTERNAL" : (err.code ?? "BAD_REQUEST");
    const message = code === "CSRF" ? "missing or invalid CSRF token: reload the page and try again" : status === 500 ? "internal error" : err.message;
    if (status >= 500) req.log.error({ err: err.message, route: req.routeOptions.url }, "request failed");
    if (isApi(req) || !String(req.headers.accept ?? "").includes("text/html")) return reply.code(status).send({ error: { code, message } });
    return reply.code(status).type("text/plain; charset=utf-8").send(`${status} ${message}`);
  });

  await registerOpsRoutes(app, ctx);
  registerApiRoutes(app, ctx);
  registerWebRoutes(app, ctx);
  await app.ready();
  return { app, ctx, routes };
}

export interface RunningWeb extends WebApp {
  url: string;
  close(): Promise<void>;
}

/** Builds the app and listens on WEB_HOST:WEB_PORT (port 0: a free port). @returns the base URL. */
export async function startWeb(core: Pick<Core, "config" | "log" | "db" | "redis" | "queues">, listen: { host?: string; port?: number } = {}): Promise<RunningWeb> {
  const web = await buildWebApp(core);
  const host = listen.host ?? core.config.WEB_HOST;
  await web.app.listen({ host, port: listen.port ?? core.config.WEB_PORT });
  const addr = web.app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : (listen.port ?? core.config.WEB_PORT);
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return { ...web, url: `http://${shown}:${port}`, close: () => web.app.close() };
}

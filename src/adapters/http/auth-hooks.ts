// Authentication and request-forgery protection for every route, as app-wide hooks: a route is private
// unless its config says `public: true`; /admin needs the admin role; state-changing requests made with a
// session cookie need a CSRF token bound to that session (bearer-token requests carry no ambient credential).
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { resolveApiToken, resolveSession, secretHash } from "../../app/accounts.js";
import { SESSION_COOKIE, type WebContext } from "./web-context.js";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** true for the JSON APIs, ours and bull-board's (they answer 401 JSON instead of redirecting to the login page). */
export function isApi(req: FastifyRequest): boolean {
  return req.url.startsWith("/api/") || req.url.startsWith("/admin/queues/api/");
}

function refuse(req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  if (isApi(req) || req.headers.accept?.includes("application/json")) return reply.code(status).send({ error: { code, message } });
  if (status === 401) return reply.redirect(`/login?next=${encodeURIComponent(req.url.slice(0, 500))}`, 303);
  return reply.code(status).type("text/plain; charset=utf-8").send(message);
}

/** The request's Origin (or Referer) is this server: the check bull-board's own fetch calls get instead of a token. */
function sameOrigin(req: FastifyRequest): boolean {
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) return false;
  try {
    return new URL(source).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Adds the decorators and the onRequest (authenticate, authorize) and preHandler (CSRF) hooks. */
export function registerAuthHooks(app: FastifyInstance, ctx: WebContext): void {
  app.decorateRequest("actor", null);
  app.decorateRequest("authKind", null);
  app.decorateRequest("sessionKey", null);
  app.decorateRequest("cspNonce", "");

  app.addHook("onRequest", async (req, reply) => {
    req.cspNonce = randomBytes(16).toString("base64");
    const auth = req.headers.authorization;
    if (auth && /^Bearer\s+/i.test(auth)) {
      req.actor = await resolveApiToken(ctx.accounts, auth.replace(/^Bearer\s+/i, "").trim());
      req.authKind = req.actor ? "token" : null;
      if (!req.actor) return refuse(req, reply, 401, "UNAUTHENTICATED", "invalid or revoked API token");
    } else {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) {
        req.actor = await resolveSession(ctx.accounts, cookie);
        if (req.actor) {
          req.authKind = "session";
          req.sessionKey = secretHash(cookie);
        }
      }
    }
    if (req.routeOptions.config?.public === true) return;
    if (!req.actor) return refuse(req, reply, 401, "UNAUTHENTICATED", "log in first");
    if (req.url.startsWith("/admin") && req.actor.role !== "admin") return refuse(req, reply, 403, "FORBIDDEN", "administrators only");
  });

  app.addHook("preHandler", (req, reply, done) => {
    if (SAFE.has(req.method) || req.authKind === "token") return done();
    // bull-board's single-page app calls its API with fetch and no token: accept same-origin requests there
    if (req.url.startsWith("/admin/queues")) {
      if (sameOrigin(req) && req.headers["sec-fetch-site"] !== "cross-site") return done();
      refuse(req, reply, 403, "CSRF", "cross-site request refused");
      return;
    }
    app.csrfProtection(req, reply, done);
  });
}

/** Whether cookies set on this response get the Secure flag (WEB_COOKIE_SECURE, "auto" = request came over HTTPS). */
export function secureCookies(ctx: WebContext, req: FastifyRequest): boolean {
  return ctx.config.WEB_COOKIE_SECURE === "auto" ? req.protocol === "https" : ctx.config.WEB_COOKIE_SECURE === "true";
}

/** The CSRF token for forms on this response (bound to the session; "anon" before login). */
export function csrfToken(ctx: WebContext, req: FastifyRequest, reply: FastifyReply): string {
  return reply.generateCsrf({ userInfo: req.sessionKey ?? "anon", secure: secureCookies(ctx, req) } as never);
}

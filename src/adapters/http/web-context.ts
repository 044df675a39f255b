// What the HTTP routes share: settings, stores, use-case dependencies, views and metrics. Built once by
// buildWebApp (web-app.ts); routes receive it instead of reaching for globals.
import type { Redis } from "ioredis";
import type { Config } from "../../config/config.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../log/logger.js";
import type { Queues } from "../queue/queues.js";
import type { AccountStore, PasswordHasher } from "../../app/accounts.js";
import type { ReviewDeps } from "../../app/review.js";
import type { Actor } from "../../app/review-ports.js";
import type { Views } from "./views.js";
import type { WebMetrics } from "./metrics.js";

export interface WebContext {
  config: Config;
  log: Logger;
  db: Db;
  redis: Redis;
  queues: Queues;
  accounts: AccountStore;
  hasher: PasswordHasher;
  review: ReviewDeps;
  views: Views;
  metrics: WebMetrics;
  /** review SLA, ms */
  slaMs: number;
  /** session lifetime, ms */
  sessionMs: number;
}

export const SESSION_COOKIE = "casedesk_session";

declare module "fastify" {
  interface FastifyRequest {
    /** the authenticated user, null when anonymous */
    actor: Actor | null;
    /** how the actor was authenticated */
    authKind: "session" | "token" | null;
    /** SHA-256 of the session cookie (binds CSRF tokens to the session), null without a session */
    sessionKey: string | null;
    /** per-response CSP nonce for the inlined style and script */
    cspNonce: string;
  }
  interface FastifyContextConfig {
    /** reachable without authentication (login, health, metrics) */
    public?: boolean;
  }
}

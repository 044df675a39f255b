// Builds the real pipeline for an integration test: own Redis, Dovecot and SMTP sink, a fresh SQLite file or
// PostgreSQL database, migrations applied, the catalogue snapshot from the global setup, real workers + poller.
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { createDatabase } from "../../src/adapters/servers/postgres-server.js";
import { inject } from "vitest";
import { loadConfig, type Config } from "../../src/config/config.js";
import { startStack, openDeliverer, type Deliverer, type Stack } from "../../src/adapters/servers/stack.js";
import { migrateDatabase } from "../../src/adapters/db/migrate.js";
import { buildPoller, closeCore, composeCore, startWorkers, type Core, type RunningWorkers } from "../../src/composition.js";
import { loadCatalogue } from "../../src/adapters/catalogue/snapshot-store.js";
import { createLogger } from "../../src/adapters/log/logger.js";
import type { Poller } from "../../src/adapters/imap/poller.js";
import type { Catalogue } from "../../src/domain/catalogue/types.js";

export type DbKind = "sqlite" | "postgres";

let catalogueCache: Promise<Catalogue> | null = null;
/** The catalogue snapshot imported by the global setup, loaded once per test file. */
export function testCatalogue(): Promise<Catalogue> {
  catalogueCache ??= loadCatalogue(inject("catalogueDir"));
  return catalogueCache;
}

/** A fresh database URL of the given kind (a new PostgreSQL database, or a new SQLite file under `dir`). */
export async function freshDatabaseUrl(kind: DbKind, dir: string): Promise<string> {
  if (kind === "sqlite") return `file:${join(dir, `t-${randomUUID()}.db`)}`;
  const admin = inject("postgresAdminUrl");
  if (!admin) throw new Error(inject("postgresSkipReason") ?? "no PostgreSQL");
  return createDatabase(admin, `casedesk_${randomUUID().replace(/-/g, "")}`);
}

export interface Harness {
  stack: Stack;
  config: Config;
  core: Core;
  workers: RunningWorkers;
  poller: Poller;
  deliverer: Deliverer;
  /** a second poller process-equivalent (own lease token), e.g. to test restarts */
  newPoller(): Poller;
  stop(): Promise<void>;
}

/**
 * Starts everything; `env` overrides settings (e.g. CASEDESK_ROUTING). `options.logDestination`: the root
 * logger writes there (at env LOG_LEVEL) instead of being silent, e.g. to grep the lines in a privacy test.
 */
export async function startHarness(kind: DbKind, env: Record<string, string> = {}, options: { logDestination?: NodeJS.WritableStream } = {}): Promise<Harness> {
  const stack = await startStack();
  try {
    const databaseUrl = await freshDatabaseUrl(kind, stack.dir);
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      REDIS_URL: stack.redisUrl,
      CASEDESK_QUEUE_PREFIX: `t${randomUUID().slice(0, 8)}`,
      IMAP_HOST: stack.imap.host,
      IMAP_PORT: String(stack.imap.port),
      IMAP_USER: stack.imap.user,
      IMAP_PASSWORD: stack.imap.password,
      IMAP_TLS_CA: stack.imap.caFile ?? "",
      IMAP_RECONCILE_SECONDS: "1",
      CASEDESK_RECONCILE_SECONDS: "2",
      IMAP_IDLE_DELAY_MS: "100",
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(stack.sink.port),
      SMTP_FROM: "casedesk <support@example.test>",
      LOG_LEVEL: "silent",
      CASEDESK_CONCURRENCY: "4",
      ...env,
    });
    await migrateDatabase(config.DATABASE_URL);
    const core = await composeCore(config, options.logDestination ? createLogger(config.LOG_LEVEL, options.logDestination) : undefined);
    const workers = await startWorkers(core, { catalogue: await testCatalogue() });
    const poller = buildPoller(core);
    poller.start();
    const deliverer = await openDeliverer(stack);
    const extra: Poller[] = [];
    return {
      stack, config, core, workers, poller, deliverer,
      newPoller() {
        const p = buildPoller(core);
        extra.push(p);
        return p;
      },
      async stop() {
        // teardown after fault tests: each step is bounded, so one hanging close cannot eat the hook timeout
        const bounded = (p: Promise<unknown>) => Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, 20_000).unref())]);
        await bounded(deliverer.close());
        for (const p of [poller, ...extra]) await bounded(p.stop());
        await bounded(workers.close({ force: true }));
        await bounded(closeCore(core));
        await stack.stop();
      },
    };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}

/**
 * Environment for `casedesk poller|worker` child processes that join a harness's pipeline (same database,
 * Redis, queue prefix, mailbox and SMTP sink); `extra` overrides.
 */
export function processEnv(h: Harness, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const c = h.config;
  return {
    PATH: process.env.PATH, HOME: process.env.HOME,
    DATABASE_URL: c.DATABASE_URL, REDIS_URL: c.REDIS_URL, CASEDESK_QUEUE_PREFIX: c.CASEDESK_QUEUE_PREFIX,
    CASEDESK_CATALOGUE_DIR: inject("catalogueDir"), CASEDESK_ROUTING: c.CASEDESK_ROUTING,
    IMAP_HOST: c.IMAP_HOST, IMAP_PORT: String(c.IMAP_PORT), IMAP_USER: c.IMAP_USER, IMAP_PASSWORD: c.IMAP_PASSWORD,
    IMAP_TLS_CA: c.IMAP_TLS_CA, IMAP_RECONCILE_SECONDS: "1", CASEDESK_RECONCILE_SECONDS: "2", IMAP_IDLE_DELAY_MS: "100",
    SMTP_HOST: c.SMTP_HOST, SMTP_PORT: String(c.SMTP_PORT), SMTP_FROM: c.SMTP_FROM, LOG_LEVEL: "info",
    ...extra,
  };
}

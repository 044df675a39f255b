// Composition root: the only place that constructs adapters and wires them into use cases and processors.
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Config } from "./config/config.js";
import { fromAddress } from "./config/config.js";
import { createDb, type Db } from "./adapters/db/client.js";
import { createCaseStore } from "./adapters/db/case-store.js";
import { createLogger, type Logger } from "./adapters/log/logger.js";
import { createMailParser } from "./adapters/mail/mail-parser.js";
import { createMailAuthenticator } from "./adapters/mail/mail-auth.js";
import { createSenderStore } from "./adapters/db/sender-store.js";
import { createNoticeRenderer } from "./adapters/render/notice-renderer.js";
import { createSenderGate } from "./app/sender-gate.js";
import { withSenderRouting } from "./app/sender-routing.js";
import { createMailer } from "./adapters/smtp/mailer.js";
import { createQueues, createRedis, createWorker, queuePrefix, type Queues, type RedisSettings } from "./adapters/queue/queues.js";
import { createMailboxLock } from "./adapters/queue/mailbox-lock.js";
import { createPoller, mailboxKey, type Poller } from "./adapters/imap/poller.js";
import { loadCatalogue } from "./adapters/catalogue/snapshot-store.js";
import { createReplyRenderer } from "./adapters/render/reply-renderer.js";
import { intakeProcessor } from "./jobs/intake.processor.js";
import { analyseProcessor } from "./jobs/analyse.processor.js";
import { sendProcessor } from "./jobs/send.processor.js";
import { createSendStore } from "./adapters/db/send-store.js";
import { createReconcileStore } from "./adapters/db/reconcile-store.js";
import { createJobControl } from "./adapters/queue/job-control.js";
import { createReconciler, type Reconciler } from "./app/reconcile.js";
import { DEFAULT_SEND_LEASE_MS } from "./app/send.js";
import type { CaseStore, MailParser } from "./app/ports.js";
import type { Catalogue } from "./domain/catalogue/types.js";

export interface Core {
  config: Config;
  log: Logger;
  db: Db;
  store: CaseStore;
  redis: Redis;
  queues: Queues;
  parser: MailParser;
}

/** The Redis connection settings of `config` (REDIS_URL, REDIS_SENTINELS/REDIS_SENTINEL_NAME, REDIS_CLUSTER_NODES, REDIS_TLS_CA). */
export function redisSettings(config: Config): RedisSettings {
  return { url: config.REDIS_URL, sentinels: config.REDIS_SENTINELS, sentinelName: config.REDIS_SENTINEL_NAME, clusterNodes: config.REDIS_CLUSTER_NODES,
    tlsCa: config.REDIS_TLS_CA };
}

/** Opens the database, Redis and the queues. */
export async function composeCore(config: Config, log: Logger = createLogger(config.LOG_LEVEL)): Promise<Core> {
  const db = await createDb(config.DATABASE_URL, { poolSize: Math.max(4, config.CASEDESK_CONCURRENCY * 2) });
  const redis = createRedis(redisSettings(config));
  // connection errors are retried by ioredis (and logged here once per error), never printed raw to stderr
  redis.on("error", (err: Error) => log.warn({ err: err.message }, "redis connection error"));
  const prefix = queuePrefix(config.CASEDESK_QUEUE_PREFIX, Boolean(config.REDIS_CLUSTER_NODES));
  return { config, log, db, store: createCaseStore(db), redis, queues: createQueues(redis, prefix), parser: createMailParser({
    maxBytes: config.CASEDESK_MAX_MESSAGE_BYTES, maxMimeDepth: config.CASEDESK_MAX_MIME_DEPTH, maxMimeParts: config.CASEDESK_MAX_MIME_PARTS,
    maxHtmlChars: config.CASEDESK_MAX_HTML_CHARS, maxCodeTokens: config.CASEDESK_MAX_CODE_TOKENS,
  }) };
}

export interface RunningWorkers {
  workers: Worker[];
  catalogue: Catalogue;
  /** the periodic sweep that re-schedules unfinished work whose job is gone */
  reconciler: Reconciler;
  /** stops taking jobs; waits for running jobs unless `force` (tests' teardown: jobs are retried elsewhere) */
  close(options?: { force?: boolean }): Promise<void>;
}

/** Loads the catalogue snapshot and starts the intake, analyse and send workers. */
export async function startWorkers(core: Core, options: { catalogue?: Catalogue } = {}): Promise<RunningWorkers> {
  const { config, log, store, queues, parser } = core;
  const catalogue = options.catalogue ?? (await loadCatalogue(config.CASEDESK_CATALOGUE_DIR));
  const renderer = createReplyRenderer();
  const mailer = createMailer({
    host: config.SMTP_HOST, port: config.SMTP_PORT, secure: config.SMTP_SECURE, user: config.SMTP_USER,
    password: config.SMTP_PASSWORD, rejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED,
  });
  const own = [fromAddress(config), config.IMAP_USER.toLowerCase(), ...config.CASEDESK_OWN_ADDRESSES];
  // sender policy, SPF/DKIM/DMARC and the unregistered notice (issue 7)
  const senderStore = createSenderStore(core.db);
  const messageIdDomain = fromAddress(config).split("@")[1] ?? "casedesk.invalid";
  const senders = createSenderGate({
    store: senderStore,
    authenticator: config.CASEDESK_MAIL_AUTH ? createMailAuthenticator({ dnsTimeoutMs: config.CASEDESK_AUTH_DNS_TIMEOUT_MS, mta: messageIdDomain }) : null,
    notices: createNoticeRenderer(),
    queue: queues,
    settings: {
      policy: config.CASEDESK_SENDER_POLICY, unregistered: config.CASEDESK_UNREGISTERED_NOTICE, requireAuthForDetails: config.CASEDESK_REQUIRE_AUTH_FOR_DETAILS, messageIdDomain,
      rateLimit: config.CASEDESK_SENDER_RATE_MAX > 0 ? { max: config.CASEDESK_SENDER_RATE_MAX, windowMinutes: config.CASEDESK_SENDER_RATE_WINDOW_MINUTES } : null,
    },
  });
  const workerConnection = core.redis.duplicate();
  workerConnection.on("error", (err: Error) => log.warn({ err: err.message }, "redis connection error (workers)"));
  const opts = { connection: workerConnection, prefix: queuePrefix(config.CASEDESK_QUEUE_PREFIX, Boolean(config.REDIS_CLUSTER_NODES)), concurrency: config.CASEDESK_CONCURRENCY };
  const workers: Worker[] = [
    createWorker("intake", intakeProcessor({ store, parser, queue: queues, log, referencePrefix: config.CASEDESK_REFERENCE_PREFIX, ownAddresses: own, senders }), opts),
    createWorker("analyse", analyseProcessor({
      store: withSenderRouting(store), parser, catalogue, renderer, queue: queues, log, routing: config.CASEDESK_ROUTING,
      referencePrefix: config.CASEDESK_REFERENCE_PREFIX,
      messageIdDomain: fromAddress(config).split("@")[1] ?? "casedesk.invalid",
    }), opts),
    createWorker("send", sendProcessor({ store: createSendStore(core.db), mailer, from: config.SMTP_FROM, log }), opts),
  ];
  for (const w of workers) w.on("error", (err) => log.warn({ queue: w.name, err: err.message }, "worker error"));
  // re-schedules work the database says is unfinished but whose job is gone (e.g. Redis restarted)
  const reconciler = createReconciler(
    { store: createReconcileStore(core.db, store), jobs: createJobControl(queues.queues), graceMs: 10_000, sendLeaseMs: DEFAULT_SEND_LEASE_MS, lookbackMs: 24 * 3600_000 },
    config.CASEDESK_RECONCILE_SECONDS * 1000,
    { onResult: (r) => r.actions.length && log.info({ nudged: r.actions.length }, "reconciler re-scheduled work"), onError: (err) => log.warn({ err: err.message }, "reconcile sweep failed") },
  );
  reconciler.start();
  return {
    workers,
    catalogue,
    reconciler,
    async close(options: { force?: boolean } = {}) {
      await reconciler.stop();
      await Promise.all(workers.map((w) => w.close(options.force ?? false)));
      mailer.close();
      opts.connection.disconnect();
    },
  };
}

/** Builds the IMAP poller for the configured mailbox, guarded by a Redis lease. */
export function buildPoller(core: Core): Poller {
  const { config } = core;
  const imap = {
    host: config.IMAP_HOST, port: config.IMAP_PORT, secure: config.IMAP_SECURE, startTls: config.IMAP_STARTTLS, user: config.IMAP_USER,
    password: config.IMAP_PASSWORD, tlsCa: config.IMAP_TLS_CA, rejectUnauthorized: config.IMAP_TLS_REJECT_UNAUTHORIZED,
  };
  const lockTtlMs = 30_000;
  return createPoller({
    imap,
    mailbox: config.IMAP_MAILBOX,
    processedMailbox: config.IMAP_PROCESSED_MAILBOX,
    reconcileMs: config.IMAP_RECONCILE_SECONDS * 1000,
    idleDelayMs: config.IMAP_IDLE_DELAY_MS,
    store: core.store,
    queue: core.queues,
    lock: createMailboxLock(core.redis, `${config.CASEDESK_QUEUE_PREFIX}:poller-lease:${mailboxKey(imap, config.IMAP_MAILBOX)}`, lockTtlMs),
    lockTtlMs,
    log: core.log,
  });
}

/** Closes what composeCore opened: queues, Redis, database. */
export async function closeCore(core: Core): Promise<void> {
  await core.queues.close();
  core.redis.disconnect();
  await core.db.$disconnect();
}

/**
 * Ordered shutdown on SIGTERM/SIGINT (house rule 6): `stop` runs once and exits 0; a force-exit timer ends the
 * process with code 1 when it takes longer than `deadlineMs` (a stop that fails exits 1 at once).
 */
export function onShutdown(log: Logger, deadlineMs: number, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    // not unref'd: a stop() stuck on a server that is gone may leave nothing else keeping the event loop alive,
    // and the process would then end with code 0 and no word, as if the shutdown had finished
    setTimeout(() => {
      log.error({ deadlineMs }, "shutdown deadline passed, exiting");
      process.exit(1);
    }, deadlineMs);
    stop().then(
      () => process.exit(0),
      (err: Error) => {
        log.error({ err: err.message }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => handler("SIGTERM"));
  process.once("SIGINT", () => handler("SIGINT"));
}

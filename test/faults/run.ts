// `npm run test:faults`: drives N emails (default 500) through the real stack — Dovecot (LMTP in, IMAP out),
// Redis, PostgreSQL (SQLite with FAULTS_DB=sqlite or without PostgreSQL binaries), an SMTP sink in this process — with the poller and two
// workers as separate OS processes (`node bin/casedesk.mjs poller|worker`), while it kills them with SIGKILL at
// random moments and restarts them, restarts Redis (without persistence: every queued job is lost, the
// reconciler must re-schedule from the database), takes the SMTP sink down for a while (and, on PostgreSQL,
// restarts the database). Then it reads the sink and the database and prints exactly one line
//   faults: N emails, A answered, D duplicates, L lost, P parked
// and exits non-zero unless D = 0, L = 0 and A + P = N. Details go to stderr (among them the resends: the same
// answer, same Message-ID, delivered twice because a worker died between the SMTP 250 and the database write —
// see tally.ts and src/app/send.ts); FAULTS_SEED reproduces a schedule.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { startRedis, type RunningServer } from "../../src/adapters/servers/redis-server.js";
import { startDovecot } from "../../src/adapters/servers/dovecot-server.js";
import { findBinary } from "../../src/adapters/servers/binaries.js";
import { freePort } from "../../src/adapters/servers/free-port.js";
import { migrateDatabase } from "../../src/adapters/db/migrate.js";
import { createDb, type Db } from "../../src/adapters/db/client.js";
import { createQueues, createRedis } from "../../src/adapters/queue/queues.js";
import { importCatalogue } from "../../src/adapters/catalogue/import.js";
import { PROJECT_ROOT, resolveDataDir } from "../../src/cli/project-paths.js";
import { startCountingSmtp } from "./counting-smtp.js";
import { buildCorpus } from "./emails.js";
import { processSet } from "./processes.js";
import { answerHeaders, faultsLine, faultsPassed, tally, type Tally } from "./tally.js";
import { createDatabase, startPostgres, type RunningPostgres } from "../../src/adapters/servers/postgres-server.js";

const env = process.env;
const N = Number(env.FAULTS_EMAILS ?? 500);
const DELIVER_MS = Number(env.FAULTS_DELIVER_SECONDS ?? 50) * 1000;
const SETTLE_MS = Number(env.FAULTS_TIMEOUT_SECONDS ?? 180) * 1000;
// PostgreSQL by default (several processes write at once, as in compose.yaml); SQLite with FAULTS_DB=sqlite
const DB_KIND = env.FAULTS_DB === "sqlite" || (env.FAULTS_DB !== "postgres" && !findBinary("initdb")) ? "sqlite" : "postgres";
let seed = Number(env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SEED = seed;

/** mulberry32: a small seeded PRNG so a failing schedule can be replayed with FAULTS_SEED */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (lo: number, hi: number) => Math.round(lo + random() * (hi - lo));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const say = (msg: string) => process.stderr.write(`[faults +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);

type Fault = { at: number; kind: "kill-worker-1" | "kill-worker-2" | "kill-poller" | "restart-redis" | "smtp-down" | "restart-postgres" };

/** At least: each worker killed twice, the poller twice, one Redis restart, one SMTP outage (+ one PostgreSQL restart). */
function schedule(windowMs: number): Fault[] {
  const kinds: Fault["kind"][] = ["kill-worker-1", "kill-worker-2", "kill-worker-1", "kill-worker-2", "kill-poller", "kill-poller", "restart-redis", "smtp-down"];
  if (DB_KIND === "postgres") kinds.push("restart-postgres");
  return kinds.map((kind) => ({ kind, at: between(3000, windowMs) })).sort((a, b) => a.at - b.at);
}

async function parkedIds(db: Db): Promise<Set<string>> {
  const [msgs, drafts] = await Promise.all([
    db.message.findMany({ where: { direction: "in", status: "parked" }, select: { messageId: true } }),
    db.replyDraft.findMany({ where: { status: "failed" }, select: { inbound: { select: { messageId: true } } } }),
  ]);
  return new Set([...msgs.map((m) => m.messageId ?? ""), ...drafts.map((d) => d.inbound.messageId ?? "")]);
}

async function unsettled(db: Db): Promise<number> {
  const [received, drafts] = await Promise.all([
    db.message.count({ where: { direction: "in", status: "received" } }),
    db.replyDraft.count({ where: { status: { in: ["approved", "sending"] } } }),
  ]);
  return received + drafts;
}

/** For the report when something is lost: what the database and the queues say about those emails. */
async function diagnose(db: Db, redisUrl: string, ids: string[]): Promise<string[]> {
  const redis = createRedis(redisUrl);
  const queues = createQueues(redis, "faults");
  const lines: string[] = [];
  try {
    for (const id of ids) {
      const msgs = await db.message.findMany({ where: { direction: "in", messageId: id }, select: { id: true, status: true, parkReason: true, createdAt: true } });
      if (msgs.length === 0) lines.push(`${id}: no message row (never taken in from IMAP)`);
      for (const m of msgs) {
        const d = await db.replyDraft.findUnique({ where: { inboundMessageId: m.id }, select: { id: true, status: true, attempts: true, error: true, updatedAt: true } });
        const jobs = await Promise.all([
          queues.queues.intake.getJob(`intake-${m.id}`).then((j) => j?.getState() ?? "missing"),
          queues.queues.analyse.getJob(`analyse-${m.id}`).then((j) => j?.getState() ?? "missing"),
          d ? queues.queues.send.getJob(`send-${d.id}`).then((j) => j?.getState() ?? "missing") : "-",
        ]);
        lines.push(`${id}: message ${m.id} ${m.status} created ${m.createdAt.toISOString()} draft ${d ? JSON.stringify(d) : "none"} jobs intake/analyse/send ${jobs.join("/")}`);
      }
    }
  } finally {
    await queues.close().catch(() => undefined);
    redis.disconnect();
  }
  return lines;
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "casedesk-faults-"));
  chmodSync(dir, 0o755);
  const logDir = join(dir, "logs");
  mkdirSync(logDir);
  const cleanups: Array<() => Promise<unknown>> = [];
  let result: Tally | null = null;
  try {
    say(`seed ${SEED}, ${N} emails, ${DB_KIND}, work dir ${dir}`);
    const redisPort = await freePort();
    let redis: RunningServer = await startRedis(join(dir, "redis"), redisPort);
    cleanups.push(() => redis.stop());
    const dovecot = await startDovecot(join(dir, "dovecot"));
    cleanups.push(() => dovecot.stop());
    const smtp = await startCountingSmtp();
    cleanups.push(() => smtp.stop());

    let pgServer: RunningPostgres | null = null;
    let databaseUrl = `file:${join(dir, "faults.db")}`;
    if (DB_KIND === "postgres") {
      if (!findBinary("initdb")) throw new Error("FAULTS_DB=postgres needs PostgreSQL (apt-get install postgresql)");
      pgServer = await startPostgres(join(dir, "pg"));
      cleanups.push(() => pgServer!.stop());
      databaseUrl = await createDatabase(pgServer.adminUrl, "casedesk_faults");
    }
    await migrateDatabase(databaseUrl);
    await importCatalogue({ dataDir: resolveDataDir(env.CASEDESK_DATA_DIR), outDir: join(dir, "catalogue") });
    const db = await createDb(databaseUrl);
    cleanups.push(() => db.$disconnect());

    const childEnv: NodeJS.ProcessEnv = {
      PATH: env.PATH, HOME: env.HOME, NODE_OPTIONS: env.NODE_OPTIONS,
      DATABASE_URL: databaseUrl, REDIS_URL: `redis://127.0.0.1:${redisPort}`, CASEDESK_QUEUE_PREFIX: "faults",
      CASEDESK_CATALOGUE_DIR: join(dir, "catalogue"), CASEDESK_ROUTING: "auto", CASEDESK_CONCURRENCY: "4",
      IMAP_HOST: "127.0.0.1", IMAP_PORT: String(dovecot.imapPort), IMAP_USER: "support@example.test", IMAP_PASSWORD: "support-pass",
      IMAP_TLS_CA: dovecot.caFile, IMAP_RECONCILE_SECONDS: "2", CASEDESK_RECONCILE_SECONDS: "2", IMAP_IDLE_DELAY_MS: "200",
      SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), SMTP_FROM: "casedesk <support@example.test>",
      LOG_LEVEL: env.FAULTS_LOG_LEVEL ?? "warn", SHUTDOWN_DEADLINE_MS: "5000",
    };
    const procs = processSet(PROJECT_ROOT, childEnv, logDir);
    cleanups.push(() => procs.stopAll());
    for (const [name, role] of [["poller", "poller"], ["worker-1", "worker"], ["worker-2", "worker"]] as const) procs.start(name, role);

    const corpus = await buildCorpus(join(PROJECT_ROOT, "samples"), join(PROJECT_ROOT, "test", "fixtures", "mail", "malformed-broken-boundary.eml"), N, `${SEED}.${Date.now()}`);
    const ids = corpus.map((e) => e.messageId);
    const lmtp = nodemailer.createTransport({ host: "127.0.0.1", port: dovecot.lmtpPort, lmtp: true, secure: false, ignoreTLS: true } as never);
    const tStart = Date.now();
    say(`servers up; delivering over ${DELIVER_MS / 1000}s with faults`);

    const delivering = (async () => {
      for (let i = 0; i < corpus.length; i++) {
        const due = tStart + (i * DELIVER_MS) / corpus.length;
        if (due > Date.now()) await sleep(due - Date.now());
        await lmtp.sendMail({ envelope: { from: "sender@faults.example.org", to: ["support@example.test"] }, raw: corpus[i]!.raw });
      }
      say(`delivered ${corpus.length}`);
    })();

    const faults = schedule(DELIVER_MS + 10_000);
    const injecting = (async () => {
      for (const f of faults) {
        const wait = tStart + f.at - Date.now();
        if (wait > 0) await sleep(wait);
        if (f.kind.startsWith("kill-")) {
          const name = f.kind.slice(5);
          await procs.kill(name);
          const down = between(100, 2000);
          say(`SIGKILL ${name}, restart in ${down} ms`);
          await sleep(down);
          procs.start(name, name === "poller" ? "poller" : "worker");
        } else if (f.kind === "restart-redis") {
          await redis.stop();
          const down = between(500, 3000);
          say(`Redis stopped (all queued jobs lost), restart in ${down} ms`);
          await sleep(down);
          redis = await startRedis(join(dir, "redis"), redisPort);
        } else if (f.kind === "smtp-down") {
          await smtp.down();
          const down = between(5000, 15_000);
          say(`SMTP sink down for ${down} ms`);
          await sleep(down);
          await smtp.up();
        } else if (f.kind === "restart-postgres") {
          await pgServer!.stop();
          const down = between(500, 3000);
          say(`PostgreSQL stopped, restart in ${down} ms`);
          await sleep(down);
          await pgServer!.start();
        }
      }
      say("fault injection over");
    })();
    await Promise.all([delivering, injecting]);
    lmtp.close();

    const settleBy = Date.now() + SETTLE_MS;
    let last = "";
    for (;;) {
      const answers = smtp.accepted.map(answerHeaders);
      const t = tally(ids, answers, await parkedIds(db).catch(() => new Set<string>()));
      const open = await unsettled(db).catch(() => -1);
      const line = `${faultsLine(t)} (${open} unsettled in the database)`;
      if (line !== last) say(line);
      last = line;
      result = t;
      if (t.answered + t.parked === t.n && open === 0) break;
      if (Date.now() > settleBy) {
        say(`not settled after ${SETTLE_MS / 1000}s`);
        break;
      }
      await sleep(1000);
    }
    await sleep(3000); // late duplicates would show up now
    result = tally(ids, smtp.accepted.map(answerHeaders), await parkedIds(db));
    if (procs.crashes.length) say(`unexpected exits: ${procs.crashes.join("; ")}`);
    if (result.lostIds.length) for (const l of await diagnose(db, `redis://127.0.0.1:${redisPort}`, result.lostIds)) say(`lost: ${l}`);
    if (result.duplicateIds.length) say(`answered more than once: ${JSON.stringify(result.duplicateIds.slice(0, 10))}`);
    const retried = [...smtp.attempts.values()].filter((n) => n > 1).length;
    say(`SMTP: ${smtp.accepted.length} accepted, ${retried} answers took more than one DATA attempt; ${result.resends} resends of an answer already accepted (same Message-ID: a worker killed between the 250 and the database write)`);
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    if (result && faultsPassed(result) && !env.FAULTS_KEEP) rmSync(dir, { recursive: true, force: true });
    else say(`work dir kept: ${dir} (logs in ${logDir})`);
  }
  say(`run time ${((Date.now() - t0) / 1000).toFixed(0)}s`);
  console.log(faultsLine(result!));
  return faultsPassed(result!) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    say(`fault run failed: ${err.stack ?? err.message}`);
    console.log(`faults: ${N} emails, 0 answered, 0 duplicates, ${N} lost, 0 parked`);
    process.exit(2);
  },
);

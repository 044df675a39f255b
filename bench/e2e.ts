// End-to-end benchmark run: casedesk as real OS processes (`casedesk serve`, or one `poller` + k `worker`s)
// against real Dovecot, Redis, SQLite/PostgreSQL and an SMTP sink; emails delivered over LMTP while it runs.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import nodemailer from "nodemailer";
import { createDatabase } from "../src/adapters/servers/postgres-server.js";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { Stack } from "../src/adapters/servers/stack.js";
import { migrateDatabase } from "../src/adapters/db/migrate.js";
import { QUEUE_NAMES } from "../src/adapters/queue/queues.js";
import { createDb } from "../src/adapters/db/client.js";
import { buildCorpus } from "./corpus.js";
import { quantile } from "./stats.js";

const BIN = fileURLToPath(new URL("../bin/casedesk.mjs", import.meta.url));

export interface E2eOptions {
  stack: Stack;
  postgresAdminUrl: string | null;
  catalogueDir: string;
  db: "sqlite" | "postgres";
  concurrency: number;
  /** 0 = one `casedesk serve` process; k ≥ 1 = one `casedesk poller` + k `casedesk worker` processes */
  workerProcesses: number;
  emails: number;
  /** deliver at this steady rate (emails/s) instead of as fast as LMTP takes them: latency without a backlog */
  ratePerSecond?: number;
}

export interface E2eRun {
  db: string;
  concurrency: number;
  processes: string;
  emails: number;
  answered: number;
  duplicates: number;
  lost: number;
  seconds: number;
  casesPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p95DraftMs: number;
  /** CPU time (user + system) of the casedesk processes per email, ms (cpuByRole.casedesk): robust on a shared machine */
  cpuMsPerEmail: number;
  /** busy CPU of the whole machine per email, ms: casedesk plus Dovecot, Redis, the database, the sink and the delivering benchmark */
  machineCpuMsPerEmail: number;
  /** CPU ms per email by process role (casedesk, postgres, redis, dovecot, bench, other) */
  cpuByRole: Record<string, number>;
  /** pipeline steps (case opened, analysis, send recorded) done more than once for one email, from the audit trail */
  stepsTwice: number;
  /** per queue: median and p95 of the wait in the queue and of the processing time, ms (from BullMQ's job timestamps) */
  stages: Array<{ queue: string; jobs: number; waitP50Ms: number; waitP95Ms: number; runP50Ms: number; runP95Ms: number }>;
}

/** Wait (added → taken) and run (taken → finished) times of the completed jobs of each pipeline queue. */
async function stageTimes(redisUrl: string, prefix: string): Promise<E2eRun["stages"]> {
  const conn = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    const out: E2eRun["stages"] = [];
    for (const name of QUEUE_NAMES) {
      const q = new Queue(name, { connection: conn, prefix });
      const jobs = await q.getJobs(["completed"], 0, -1);
      await q.close();
      const wait = jobs.map((j) => (j.processedOn ?? 0) - j.timestamp);
      const run = jobs.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0));
      out.push({ queue: name, jobs: jobs.length, waitP50Ms: quantile(wait, 0.5), waitP95Ms: quantile(wait, 0.95), runP50Ms: quantile(run, 0.5), runP95Ms: quantile(run, 0.95) });
    }
    return out;
  } finally {
    conn.disconnect();
  }
}

/** busy CPU ms of the whole machine (all cores, every process), from /proc/stat (Linux); 0 elsewhere. */
export function machineCpuMs(): number {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0); // idle + iowait
    return ((f.reduce((a, b) => a + b, 0) - idle) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** /proc/<pid>/stat: command name and user + system CPU ms of the process and its reaped children; null if gone. */
function procStat(pid: string): { comm: string; ms: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ms = (i: number) => (Number(f[i]) * 1000) / 100; // clock ticks (USER_HZ = 100)
    return { comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), ms: ms(11) + ms(12) + ms(13) + ms(14) };
  } catch {
    return null; // the process ended meanwhile, or not Linux
  }
}

/** CPU ms (own + reaped children) of every process, by pid, with its command name; empty off Linux. */
function processCpuTable(): Map<number, { comm: string; ms: number }> {
  const out = new Map<number, { comm: string; ms: number }>();
  let pids: string[] = [];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    const s = procStat(pid);
    if (s) out.set(Number(pid), s);
  }
  return out;
}

/** Groups the CPU used between two snapshots: casedesk (`ours`), the benchmark process, and servers by name. */
function cpuByRole(before: Map<number, { comm: string; ms: number }>, after: Map<number, { comm: string; ms: number }>, ours: Set<number>): Record<string, number> {
  const role = (pid: number, comm: string) =>
    ours.has(pid) ? "casedesk" : pid === process.pid ? "bench (delivery, SMTP sink)"
      : /^postgres/.test(comm) ? "postgres" : /^redis/.test(comm) ? "redis" : /^(dovecot|imap|lmtp|auth|anvil|log|config|stats)/.test(comm) ? "dovecot" : "other";
  const out: Record<string, number> = {};
  for (const [pid, a] of after) {
    const d = a.ms - (before.get(pid)?.comm === a.comm ? before.get(pid)!.ms : 0);
    if (d > 0) out[role(pid, a.comm)] = (out[role(pid, a.comm)] ?? 0) + d;
  }
  return out;
}

async function databaseUrl(o: E2eOptions): Promise<string> {
  if (o.db === "sqlite") return `file:${join(o.stack.dir, `bench-${randomUUID()}.db`)}`;
  if (!o.postgresAdminUrl) throw new Error("no PostgreSQL for the benchmark");
  return createDatabase(o.postgresAdminUrl, `bench_${randomUUID().replace(/-/g, "")}`);
}

function startProcess(role: string, env: NodeJS.ProcessEnv): ChildProcess {
  const nodeArgs = (env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean); // e.g. "--cpu-prof --cpu-prof-dir=DIR"
  const child = spawn(process.execPath, [...nodeArgs, BIN, role], { env, stdio: ["ignore", "ignore", "pipe"] });
  child.stderr!.on("data", (d: Buffer) => {
    const s = d.toString();
    if (/"level":(50|60)/.test(s) || /Error/.test(s)) process.stderr.write(`[${role}] ${s.slice(0, 500)}`);
  });
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([done, new Promise((r) => setTimeout(r, 8000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** Waits until `n` BullMQ workers listen on the analyse queue. */
async function waitForWorkers(redisUrl: string, prefix: string, n: number): Promise<void> {
  const conn = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const q = new Queue("analyse", { connection: conn, prefix });
  const until = Date.now() + 60_000;
  try {
    while ((await q.getWorkersCount()) < n) {
      if (Date.now() > until) throw new Error(`only ${await q.getWorkersCount()} of ${n} workers came up`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await q.close();
    conn.disconnect();
  }
}

/** One measured run. Throughput = emails / (last reply − first arrival). */
export async function runE2e(o: E2eOptions): Promise<E2eRun> {
  const url = await databaseUrl(o);
  await migrateDatabase(url);
  const prefix = `bench${randomUUID().slice(0, 8)}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    REDIS_URL: o.stack.redisUrl,
    CASEDESK_QUEUE_PREFIX: prefix,
    CASEDESK_CONCURRENCY: String(o.concurrency),
    CASEDESK_CATALOGUE_DIR: o.catalogueDir,
    CASEDESK_ROUTING: "auto",
    CASEDESK_SENDER_RATE_MAX: "0", // the corpus reuses 16 senders: no per-sender rate limit in the benchmark
    IMAP_HOST: o.stack.imap.host,
    IMAP_PORT: String(o.stack.imap.port),
    IMAP_USER: o.stack.imap.user,
    IMAP_PASSWORD: o.stack.imap.password,
    IMAP_TLS_CA: o.stack.imap.caFile ?? "",
    IMAP_RECONCILE_SECONDS: "1",
    IMAP_IDLE_DELAY_MS: "50",
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(o.stack.sink.port),
    SMTP_FROM: "casedesk <support@example.test>",
    LOG_LEVEL: "warn",
  };
  const children: ChildProcess[] = [];
  const sinkStart = o.stack.sink.messages.length;
  try {
    if (o.workerProcesses === 0) children.push(startProcess("serve", env));
    else {
      children.push(startProcess("poller", env));
      for (let i = 0; i < o.workerProcesses; i++) children.push(startProcess("worker", env));
    }
    await waitForWorkers(o.stack.redisUrl, prefix, Math.max(1, o.workerProcesses));
    await new Promise((r) => setTimeout(r, 500)); // poller login + IDLE
    const machineBefore = machineCpuMs();
    const tableBefore = processCpuTable();

    const corpus = buildCorpus(o.emails, prefix);
    const arrival = new Map<string, number>();
    const lmtp = nodemailer.createTransport({ host: "127.0.0.1", port: o.stack.lmtpPort!, lmtp: true, pool: true, maxConnections: 4, ignoreTLS: true } as never);
    let next = 0;
    const start = Date.now();
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < corpus.length) {
        const i = next++;
        const e = corpus[i]!;
        if (o.ratePerSecond) {
          const due = start + (i * 1000) / o.ratePerSecond;
          if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        }
        await lmtp.sendMail({ envelope: { from: "bench@bench.example.com", to: [o.stack.imap.user] }, raw: e.raw });
        arrival.set(e.messageId, Date.now());
      }
    }));
    lmtp.close();

    const until = Date.now() + 10 * 60_000;
    const wanted = new Set(corpus.map((e) => e.messageId));
    const replies = new Map<string, number[]>();
    let seen = sinkStart;
    while (Date.now() < until) {
      const msgs = o.stack.sink.messages;
      for (; seen < msgs.length; seen++) {
        const m = msgs[seen]!;
        const head = m.raw.subarray(0, 4096).toString("latin1");
        const id = /^In-Reply-To:\s*<([^>]+)>/im.exec(head)?.[1];
        if (id && wanted.has(id)) replies.set(id, [...(replies.get(id) ?? []), m.receivedAt.getTime()]);
      }
      if (replies.size >= wanted.size) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const machine = machineCpuMs() - machineBefore;
    const byRole = cpuByRole(tableBefore, processCpuTable(), new Set(children.map((c) => c.pid!)));
    await new Promise((r) => setTimeout(r, 300)); // late duplicates would show here

    const stages = await stageTimes(o.stack.redisUrl, prefix);
    const db = await createDb(url);
    const drafts = await db.replyDraft.findMany({ select: { createdAt: true, inbound: { select: { messageId: true } } } });
    // a step done twice leaves two audit events for one subject: a case opened twice for one message, two
    // analyses of one message, one draft recorded as sent twice
    const events = await db.auditEvent.findMany({ where: { action: { in: ["case.opened", "draft.created", "draft.sent"] } }, select: { action: true, detail: true } });
    await db.$disconnect();
    const subjects = events.map((e) => { const d = JSON.parse(e.detail ?? "{}") as { messageId?: number; draftId?: number }; return `${e.action} ${d.messageId ?? d.draftId}`; });
    const stepsTwice = subjects.length - new Set(subjects).size;
    const draftLatency = drafts.flatMap((d) => (d.inbound.messageId && arrival.has(d.inbound.messageId) ? [d.createdAt.getTime() - arrival.get(d.inbound.messageId)!] : []));
    const latencies: number[] = [];
    let last = 0;
    let duplicates = 0;
    for (const [id, times] of replies) {
      duplicates += times.length - 1;
      latencies.push(times[0]! - arrival.get(id)!);
      last = Math.max(last, times[0]!);
    }
    const first = Math.min(...arrival.values());
    const seconds = (last - first) / 1000;
    return {
      db: o.db,
      concurrency: o.concurrency,
      processes: o.workerProcesses === 0 ? "serve" : `poller + ${o.workerProcesses} worker`,
      emails: o.emails,
      answered: replies.size,
      duplicates,
      lost: o.emails - replies.size,
      seconds,
      casesPerSecond: replies.size / seconds,
      p50Ms: quantile(latencies, 0.5),
      p95Ms: quantile(latencies, 0.95),
      p95DraftMs: quantile(draftLatency, 0.95),
      cpuMsPerEmail: (byRole.casedesk ?? 0) / o.emails,
      machineCpuMsPerEmail: machine / o.emails,
      stepsTwice,
      cpuByRole: Object.fromEntries(Object.entries(byRole).map(([k, v]) => [k, Math.round((v / o.emails) * 10) / 10])),
      stages,
    };
  } finally {
    await Promise.all(children.map(stopProcess));
  }
}

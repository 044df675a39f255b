// End-to-end benchmark run: casedesk as real OS processes (`casedesk serve`, or one `poller` + k `worker`s)
// against real Dovecot, Redis, SQLite/PostgreSQL and an SMTP sink; emails delivered over LMTP while it runs.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import nodemailer from "nodemailer";
import { createDatabase } from "../src/adapters/servers/postgres-server.js";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { Stack } from "../src/adapters/servers/stack.js";
import { migrateDatabase } from "../src/adapters/db/migrate.js";
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
  /** CPU time (user + system) of the casedesk processes per email, ms: robust on a shared machine */
  cpuMsPerEmail: number;
}

/** user + system CPU ms of a live process, from /proc (Linux); 0 elsewhere. */
function cpuMs(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
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
    const cpuBefore = children.reduce((a, c) => a + cpuMs(c.pid), 0);

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
    await new Promise((r) => setTimeout(r, 300)); // late duplicates would show here
    const cpu = children.reduce((a, c) => a + cpuMs(c.pid), 0) - cpuBefore;

    const db = await createDb(url);
    const drafts = await db.replyDraft.findMany({ select: { createdAt: true, inbound: { select: { messageId: true } } } });
    await db.$disconnect();
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
      cpuMsPerEmail: cpu / o.emails,
    };
  } finally {
    await Promise.all(children.map(stopProcess));
  }
}

// Graceful shutdown of real processes (`node bin/casedesk.mjs worker|poller`): SIGTERM stops intake, lets the
// running jobs finish, closes the connections and exits 0 within SHUTDOWN_DEADLINE_MS; nothing in flight is
// lost (a new worker finishes the rest exactly once); the poller gives its mailbox lease back; a shutdown that
// cannot finish (Redis gone) ends by the deadline with exit code 1.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../support/pipeline-harness.js";
import { reportProcessesOnFailure, startProcessHarness, type ProcessHarness } from "../support/process-harness.js";
import type { ProcessSet } from "../faults/processes.js";
import { answerHeaders } from "../faults/tally.js";
import { mailboxKey } from "../../src/adapters/imap/poller.js";
import { until } from "../support/wait.js";

const SAMPLES = join(import.meta.dirname, "..", "..", "samples");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


describe("graceful shutdown of worker and poller processes", () => {
  let ph: ProcessHarness;
  let h: Harness;
  let procs: ProcessSet;
  const log = (name: string) => ph.log(name);

  beforeAll(async () => {
    ph = await startProcessHarness({ tmpPrefix: "casedesk-shutdown-", keepWorkers: false, env: { CASEDESK_CONCURRENCY: "2", SHUTDOWN_DEADLINE_MS: "8000" } });
    ({ h, procs } = ph);
  });
  reportProcessesOnFailure(() => ph);
  afterAll(async () => {
    await ph?.stop();
  });

  it("worker: SIGTERM mid-batch exits 0 in time; a new worker answers the rest exactly once", async () => {
    procs.start("poller", "poller");
    procs.start("worker-a", "worker");
    await until("worker ready", async () => (await log("worker-a")).includes("workers started"), 30_000);
    const files = (await readdir(SAMPLES)).filter((f) => f.endsWith(".eml")).sort();
    for (const f of files) await h.deliverer.deliver(await readFile(join(SAMPLES, f)));
    await until("first answer", () => h.stack.sink.messages.length >= 1, 60_000);
    const t = Date.now();
    const code = await procs.terminate("worker-a", 20_000);
    expect(code).toBe(0);
    expect(Date.now() - t).toBeLessThan(8000);
    expect(await log("worker-a")).toContain('"signal":"SIGTERM"');
    procs.start("worker-b", "worker");
    await until("all answered", () => h.stack.sink.messages.length >= files.length, 90_000);
    await sleep(2000);
    const per = new Map<string, number>();
    for (const m of h.stack.sink.messages) {
      const id = answerHeaders(m.raw).inReplyTo ?? "";
      per.set(id, (per.get(id) ?? 0) + 1);
    }
    expect(per.size).toBe(files.length);
    expect([...per.values()].every((n) => n === 1)).toBe(true);
  }, 210_000); // above the sum of its waits, so a slow machine fails on the wait that stalled, by name

  it("poller: SIGTERM exits 0 and gives the mailbox lease back at once", async () => {
    const c = h.config;
    const lease = `${c.CASEDESK_QUEUE_PREFIX}:poller-lease:${mailboxKey({ host: c.IMAP_HOST, port: c.IMAP_PORT, user: c.IMAP_USER, password: "", secure: false, startTls: true, rejectUnauthorized: true }, c.IMAP_MAILBOX)}`;
    expect(await h.core.redis.exists(lease)).toBe(1);
    expect(await procs.terminate("poller", 20_000)).toBe(0);
    expect(await h.core.redis.exists(lease)).toBe(0);
  });

  it("a shutdown that cannot finish ends by the deadline with exit code 1", async () => {
    await procs.terminate("worker-b", 20_000);
    const redis = h.stack.redis!;
    procs.start("worker-c", "worker");
    await until("worker ready", async () => (await log("worker-c")).includes("workers started"), 30_000);
    await redis.stop(); // closing the workers now waits for a Redis that is gone
    const t = Date.now();
    const code = await procs.terminate("worker-c", 30_000);
    const took = Date.now() - t;
    const { startRedis } = await import("../../src/adapters/servers/redis-server.js");
    const again = await startRedis(join(h.stack.dir, "redis"), redis.port);
    Object.assign(redis, { stop: again.stop });
    expect(await log("worker-c")).toContain("shutdown deadline passed");
    expect(took).toBeLessThan(12_000);
    expect(code).toBe(1); // the force-exit timer of onShutdown, SHUTDOWN_DEADLINE_MS = 8000
    expect(took).toBeGreaterThanOrEqual(7500);
  });
});

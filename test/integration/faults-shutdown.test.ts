// Graceful shutdown of real processes (`node bin/casedesk.mjs worker|poller`): SIGTERM stops intake, lets the
// running jobs finish, closes the connections and exits 0 within SHUTDOWN_DEADLINE_MS; nothing in flight is
// lost (a new worker finishes the rest exactly once); the poller gives its mailbox lease back; a shutdown that
// cannot finish (a send stuck on a relay that never answers) ends by the deadline with exit code 1.
import { readFile, readdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../support/pipeline-harness.js";
import { reportProcessesOnFailure, startProcessHarness, type ProcessHarness } from "../support/process-harness.js";
import type { ProcessSet } from "../faults/processes.js";
import { answerHeaders } from "../faults/tally.js";
import { mailboxKey } from "../../src/adapters/imap/poller.js";
import { until } from "../support/wait.js";

const SAMPLES = join(import.meta.dirname, "..", "..", "samples");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sampleFiles = async () => (await readdir(SAMPLES)).filter((f) => f.endsWith(".eml")).sort();


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
    const files = await sampleFiles();
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
    // An SMTP relay that takes the message and never answers: the send job stays in flight, and closing the
    // workers waits for it (nodemailer's socket timeout, 30 s, is far beyond the 8 s deadline). An idle worker
    // is not this case: it needs nothing from Redis or the relay to stop, and rightly exits 0 at once.
    let inFlight = false;
    const silent = new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream) {
        stream.resume(); // read the message, never reply
        inFlight = true;
      },
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    try {
      procs.start("poller-2", "poller");
      procs.start("worker-c", "worker", { SMTP_PORT: String((silent.server.address() as AddressInfo).port) });
      await until("worker ready", async () => (await log("worker-c")).includes("workers started"), 30_000);
      const first = (await sampleFiles())[0]!;
      const fresh = (await readFile(join(SAMPLES, first), "latin1")).replace(/^Message-ID:.*$/im, "Message-ID: <stuck-send@shutdown.test>");
      await h.deliverer.deliver(Buffer.from(fresh, "latin1")); // a new email: test 1 answered the sample itself
      await until("a send in flight to the silent relay", () => inFlight, 60_000);
      const t = Date.now();
      const code = await procs.terminate("worker-c", 30_000);
      const took = Date.now() - t;
      expect(await log("worker-c")).toContain("shutdown deadline passed");
      expect(code).toBe(1); // the force-exit timer of onShutdown, SHUTDOWN_DEADLINE_MS = 8000
      expect(took).toBeGreaterThanOrEqual(7500);
      expect(took).toBeLessThan(12_000);
    } finally {
      await new Promise<void>((r) => silent.close(() => r()));
    }
  }, 150_000);
});

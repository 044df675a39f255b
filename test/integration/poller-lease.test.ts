// One poller per mailbox (issue 8): two `casedesk poller` processes on the same mailbox; only the lease holder
// fetches, the standby takes over when the holder dies (SIGKILL: no release, the lease simply expires), and
// no email is filed or answered twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../support/pipeline-harness.js";
import { reportProcessesOnFailure, startProcessHarness, type ProcessHarness } from "../support/process-harness.js";
import type { ProcessSet } from "../faults/processes.js";
import { until as waitUntil } from "../support/wait.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const until = (what: string, fn: () => Promise<boolean> | boolean) => waitUntil(what, fn, 90_000);

function email(i: number): Buffer {
  return Buffer.from(
    `Message-ID: <lease.${i}.${Date.now()}@clinic.example.com>\r\nDate: ${new Date().toUTCString()}\r\nFrom: Coder ${i} <coder${i}@clinic.example.com>\r\n` +
      `To: support@example.test\r\nSubject: lease test ${i}: 99213-25 with 20610-RT?\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n` +
      `Can I bill 99213-25 with 20610-RT for M17.11? DOS 11/02/2026\r\n`,
  );
}

describe("one active poller per mailbox", () => {
  let ph: ProcessHarness;
  let h: Harness;
  let procs: ProcessSet;
  const log = (name: string) => ph.log(name);

  beforeAll(async () => {
    ph = await startProcessHarness({ tmpPrefix: "casedesk-lease-", keepWorkers: true });
    ({ h, procs } = ph);
  });
  reportProcessesOnFailure(() => ph);
  afterAll(async () => {
    await ph?.stop();
  });

  it("only the lease holder fetches; the standby takes over after the holder is killed; nothing twice", async () => {
    procs.start("a", "poller");
    await until("poller a holds the lease", async () => (await log("a")).includes("mailbox lease acquired"));
    procs.start("b", "poller");
    await until("poller b started", async () => (await log("b")).includes("poller started"));

    for (let i = 0; i < 5; i++) await h.deliverer.deliver(email(i));
    await until("5 answers", () => h.stack.sink.messages.length >= 5);
    expect(await log("b")).not.toContain("mailbox lease acquired"); // b stood by

    await procs.kill("a"); // SIGKILL: the lease is not released, it expires
    for (let i = 5; i < 10; i++) await h.deliverer.deliver(email(i));
    await until("b takes over", async () => (await log("b")).includes("mailbox lease acquired"));
    await until("10 answers", () => h.stack.sink.messages.length >= 10);
    await sleep(2000);

    const inbound = await h.core.db.message.count({ where: { direction: "in" } });
    const drafts = await h.core.db.replyDraft.count();
    expect(inbound).toBe(10);
    expect(drafts).toBe(10);
    const answered = new Set(h.stack.sink.messages.map((m) => /^In-Reply-To:\s*(\S+)/im.exec(m.raw.toString("latin1"))?.[1]));
    expect(answered.size).toBe(h.stack.sink.messages.length); // one answer per email
    expect(h.stack.sink.messages).toHaveLength(10);
  }, 180_000); // the takeover alone waits out the 30 s lease; each wait above has its own limit and name
});

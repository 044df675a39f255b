// Exactly-once sending on the real pipeline (Dovecot → poller → BullMQ → SQLite → SMTP): transient SMTP failures
// (RFC 5321 4yz, connection refused) are retried until exactly one reply is accepted; a permanent one (5yz)
// parks the case with its reason after exactly one attempt; redelivered send jobs, concurrent attempts and
// takeovers of a dead sender's claim never produce a second SMTP transaction while the first one's lease lives.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/pipeline-harness.js";
import { startCountingSmtp, type CountingSmtp } from "../faults/counting-smtp.js";
import { sendDraft, SendInProgressError, type SendDeps } from "../../src/app/send.js";
import { createSendStore } from "../../src/adapters/db/send-store.js";
import type { Mailer } from "../../src/app/ports.js";
import { until } from "../support/wait.js";

const SAMPLE = join(import.meta.dirname, "..", "..", "samples", "01-vats-sympathectomy-bilateral.eml");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let seq = 0;
/** the sample with a fresh Message-ID, so each test has its own case */
async function freshEmail(): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = `send-test.${Date.now()}.${++seq}@northridge-billing.example.com`;
  const raw = (await readFile(SAMPLE)).toString("latin1").replace(/^Message-ID:.*$/im, `Message-ID: <${messageId}>`);
  return { raw: Buffer.from(raw, "latin1"), messageId };
}


describe("exactly-once sending", () => {
  let h: Harness;
  let smtp: CountingSmtp;

  beforeAll(async () => {
    smtp = await startCountingSmtp();
    h = await startHarness("sqlite", { CASEDESK_ROUTING: "auto", SMTP_PORT: String(smtp.port) });
  });
  afterAll(async () => {
    await h?.stop();
    await smtp?.stop();
  });

  async function draftFor(inboundMessageId: string) {
    return until("draft", async () => {
      const m = await h.core.db.message.findFirst({ where: { direction: "in", messageId: inboundMessageId }, select: { id: true } });
      return m ? h.core.db.replyDraft.findUnique({ where: { inboundMessageId: m.id } }) : null;
    });
  }

  const answersTo = (inbound: string) => smtp.accepted.filter((raw) => raw.toString("latin1").includes(`In-Reply-To: <${inbound}>`)).length;

  it("retries SMTP 451 until accepted: one reply, the retries audited", async () => {
    smtp.refuse(451, 3);
    const { raw, messageId } = await freshEmail();
    await h.deliverer.deliver(raw);
    const draft = await draftFor(messageId);
    await until("sent", async () => (await h.core.db.replyDraft.findUnique({ where: { id: draft.id } }))?.status === "sent", 60_000);
    await sleep(1500);
    expect(smtp.attempts.get(draft.outboundMessageId)).toBe(4);
    expect(answersTo(messageId)).toBe(1);
    const retries = await h.core.db.auditEvent.count({ where: { caseId: draft.caseId, action: "draft.retry" } });
    expect(retries).toBe(3);
  });

  it("retries while the relay is down (connection refused) and sends once it is back", async () => {
    await smtp.down();
    const { raw, messageId } = await freshEmail();
    await h.deliverer.deliver(raw);
    const draft = await draftFor(messageId);
    await until("a refused attempt", async () => (await h.core.db.replyDraft.findUnique({ where: { id: draft.id } }))!.attempts >= 2);
    const d = await h.core.db.replyDraft.findUnique({ where: { id: draft.id } });
    expect(d!.error).toMatch(/^SMTP_CONNECTION/);
    await smtp.up();
    await until("sent", async () => (await h.core.db.replyDraft.findUnique({ where: { id: draft.id } }))?.status === "sent");
    await sleep(1000);
    expect(answersTo(messageId)).toBe(1);
    expect(smtp.attempts.get(draft.outboundMessageId)).toBe(1);
  });

  it("parks the case on SMTP 550 after exactly one attempt and never retries it", async () => {
    smtp.refuse(550);
    const { raw, messageId } = await freshEmail();
    await h.deliverer.deliver(raw);
    const draft = await draftFor(messageId);
    await until("failed", async () => (await h.core.db.replyDraft.findUnique({ where: { id: draft.id } }))?.status === "failed");
    smtp.accept();
    const job = await h.core.queues.queues.send.getJob(`send-${draft.id}`);
    await until("job failed", async () => (await job!.getState()) === "failed");
    expect((await h.core.queues.queues.send.getJob(`send-${draft.id}`))!.attemptsMade).toBe(1);
    // a reconcile sweep and a redelivered job leave a failed draft alone
    await h.workers.reconciler.sweep();
    await h.core.queues.queues.send.add("send", { draftId: draft.id }, { jobId: `redelivered-${draft.id}` });
    await sleep(2500);
    expect(smtp.attempts.get(draft.outboundMessageId)).toBe(1);
    expect(answersTo(messageId)).toBe(0);
    const c = await h.core.db.case.findUnique({ where: { id: draft.caseId } });
    expect(c!.status).toBe("parked");
    expect(c!.parkReason).toMatch(/^SMTP_5XX: SMTP 550/);
  });

  it("treats a redelivered send job as a no-op", async () => {
    const { raw, messageId } = await freshEmail();
    await h.deliverer.deliver(raw);
    const draft = await draftFor(messageId);
    await until("sent", async () => (await h.core.db.replyDraft.findUnique({ where: { id: draft.id } }))?.status === "sent");
    for (let i = 0; i < 3; i++) await h.core.queues.queues.send.add("send", { draftId: draft.id }, { jobId: `again-${draft.id}-${i}` });
    await until("drained", async () => (await h.core.queues.queues.send.getJobCounts("waiting", "active", "delayed")).waiting === 0);
    await sleep(1000);
    const results = await Promise.all([0, 1, 2].map(async (i) => (await h.core.queues.queues.send.getJob(`again-${draft.id}-${i}`))!.returnvalue));
    expect(results).toEqual(["skipped", "skipped", "skipped"]);
    expect(smtp.attempts.get(draft.outboundMessageId)).toBe(1);
    expect(answersTo(messageId)).toBe(1);
  });

  it("lets one of two concurrent attempts send; takes over a dead sender's claim only after its lease", async () => {
    const { raw, messageId } = await freshEmail();
    await h.deliverer.deliver(raw);
    const draft = await draftFor(messageId);
    await until("sent", async () => (await h.core.db.replyDraft.findUnique({ where: { id: draft.id } }))?.status === "sent");
    // from here on the draft is driven by hand: approved again, with no job (the reconciler's grace is 10 s)
    await h.core.db.replyDraft.update({ where: { id: draft.id }, data: { status: "approved" } });

    let sends = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowMailer: Mailer = { async send() { sends++; await gate; }, close() {} };
    const store = createSendStore(h.core.db);
    const deps: SendDeps = { store, mailer: slowMailer, from: "casedesk <support@example.test>", leaseMs: 600 };
    const first = sendDraft(deps, draft.id);
    await until("claimed", async () => sends === 1);
    // a second attempt during the live (heart-beaten) lease must not send and must not complete
    await sleep(1500);
    await expect(sendDraft(deps, draft.id)).rejects.toBeInstanceOf(SendInProgressError);
    release();
    await expect(first).resolves.toEqual({ kind: "sent", draftId: draft.id });
    expect(sends).toBe(1);
    await expect(sendDraft(deps, draft.id)).resolves.toMatchObject({ kind: "skipped", status: "sent" });

    // a sender that dies after its claim (no heartbeat, no outcome): taken over once the lease expired
    await h.core.db.replyDraft.update({ where: { id: draft.id }, data: { status: "sending" } });
    const noHeartbeat = { ...h.core.store };
    await expect(sendDraft({ ...deps, store: noHeartbeat, leaseMs: 60_000 }, draft.id)).rejects.toBeInstanceOf(SendInProgressError);
    await sleep(700);
    const okMailer: Mailer = { async send() { sends++; }, close() {} };
    await expect(sendDraft({ ...deps, mailer: okMailer }, draft.id)).resolves.toMatchObject({ kind: "sent" });
    expect(sends).toBe(2);
    expect(await h.core.db.auditEvent.count({ where: { caseId: draft.caseId, action: "draft.takeover" } })).toBe(1);
    // markSent is idempotent: one outbound row for the answer's Message-ID
    expect(await h.core.db.message.count({ where: { direction: "out", messageId: draft.outboundMessageId } })).toBe(1);
  });
});

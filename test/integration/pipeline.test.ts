// The main job end to end on real servers: emails delivered to Dovecot over LMTP, fetched by the IMAP poller,
// queued in Redis (BullMQ), stored in SQLite / PostgreSQL, answered over SMTP to a real smtp-server sink.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { simpleParser, type ParsedMail } from "mailparser";
import { startHarness, type DbKind, type Harness } from "../support/pipeline-harness.js";
import { waitForSettled, readProgress } from "../../src/adapters/db/progress.js";

const SAMPLES = join(import.meta.dirname, "..", "..", "samples");
const FIXTURES = join(import.meta.dirname, "..", "fixtures", "mail");

async function samples(): Promise<Array<{ file: string; raw: Buffer; parsed: ParsedMail }>> {
  const files = (await readdir(SAMPLES)).filter((f) => f.endsWith(".eml")).sort();
  return Promise.all(files.map(async (file) => {
    const raw = await readFile(join(SAMPLES, file));
    return { file, raw, parsed: await simpleParser(raw) };
  }));
}

const bare = (id: string | undefined) => (id ?? "").replace(/^<|>$/g, "");

function followUp(to: ParsedMail, answer: ParsedMail, body: string, extra: Record<string, string> = {}): Buffer {
  const headers = {
    "Message-ID": `<followup.${Date.now()}.${Math.random().toString(36).slice(2)}@northridge-billing.example.com>`,
    Date: new Date().toUTCString(),
    From: to.from!.text,
    To: "Case Desk <support@example.test>",
    Subject: answer.subject ?? "",
    "In-Reply-To": answer.messageId ?? "",
    References: [...(Array.isArray(answer.references) ? answer.references : answer.references ? [answer.references] : []), answer.messageId].join(" "),
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=us-ascii",
    ...extra,
  };
  const lines = Object.entries(headers).filter(([, v]) => v !== "").map(([k, v]) => `${k}: ${v}`);
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n${body.replace(/\n/g, "\r\n")}\r\n`);
}

const kinds: DbKind[] = ["sqlite", "postgres"];

describe.each(kinds)("main job end to end on %s", (kind) => {
  const skip = kind === "postgres" ? inject("postgresSkipReason") : null;
  let h: Harness;
  let mails: Awaited<ReturnType<typeof samples>>;
  const sentBy = new Map<string, ParsedMail>(); // inbound Message-ID → answer

  beforeAll(async () => {
    if (skip) return;
    mails = await samples();
    h = await startHarness(kind, { CASEDESK_ROUTING: "auto" });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it.skipIf(skip)("answers N delivered emails with N replies in the sender's thread", async () => {
    for (const m of mails) await h.deliverer.deliver(m.raw);
    const p = await waitForSettled(h.core.db, mails.length, 90_000);
    expect(p.inbound).toBe(mails.length);
    expect(p.parked).toBe(0);
    await h.stack.sink.waitFor(mails.length, 30_000);
    expect(h.stack.sink.messages).toHaveLength(mails.length);
    for (const s of h.stack.sink.messages) {
      const answer = await simpleParser(s.raw);
      sentBy.set(bare(answer.inReplyTo), answer);
    }
    for (const m of mails) {
      const id = bare(m.parsed.messageId);
      const answer = sentBy.get(id);
      expect(answer, `answer for ${m.file}`).toBeDefined();
      const refs = Array.isArray(answer!.references) ? answer!.references : [answer!.references ?? ""];
      expect(refs.map(bare)).toContain(id);
      expect(answer!.subject).toMatch(/^Re: \[CD-\d{4}-\d{6}\] /);
      expect(answer!.headers.get("auto-submitted")).toBe("auto-replied");
      const replyTo = m.parsed.replyTo?.value[0]?.address ?? m.parsed.from!.value[0]!.address!;
      expect(answer!.to && !Array.isArray(answer!.to) ? answer!.to.value[0]!.address : "").toBe(replyTo.toLowerCase());
    }
  });

  it.skipIf(skip)("names the codes the sender asked about", async () => {
    const vats = mails.find((m) => m.file.startsWith("01-"))!;
    const text = sentBy.get(bare(vats.parsed.messageId))!.text ?? "";
    for (const code of ["32664", "L74.510", "R91.1"]) expect(text).toContain(code);
    const fractures = mails.find((m) => m.file.startsWith("08-"))!;
    const t8 = sentBy.get(bare(fractures.parsed.messageId))!.text ?? "";
    for (const code of ["S72.001A", "S52.521D"]) expect(t8).toContain(code);
    const rows = await h.core.db.codeMention.findMany({ where: { code: "L74.510" } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.status).toBe("active");
  });

  it.skipIf(skip)("files a reply to casedesk's answer into the same case and answers it in the thread", async () => {
    const first = mails[0]!;
    const answer = sentBy.get(bare(first.parsed.messageId))!;
    const before = await readProgress(h.core.db);
    const raw = followUp(first.parsed, answer, "Thanks. And if it was 32663 instead, same answer?\n");
    const followId = bare(/Message-ID: (<[^>]+>)/.exec(raw.toString())![1]);
    await h.deliverer.deliver(raw);
    const p = await waitForSettled(h.core.db, before.inbound + 1, 60_000);
    expect(p.cases).toBe(before.cases);
    const msg = await h.core.db.message.findFirst({ where: { messageId: followId } });
    const original = await h.core.db.message.findFirst({ where: { messageId: bare(first.parsed.messageId) } });
    expect(msg!.caseId).toBe(original!.caseId);
    const sinkMsgs = await h.stack.sink.waitFor(before.sent + 1, 30_000);
    const second = await simpleParser(sinkMsgs[sinkMsgs.length - 1]!.raw);
    expect(bare(second.inReplyTo)).toBe(followId);
    expect(second.subject).toBe(answer.subject);
  });

  it.skipIf(skip)("falls back to the case reference in the subject, only for the same sender", async () => {
    const first = mails[0]!;
    const answer = sentBy.get(bare(first.parsed.messageId))!;
    const reference = /\[(CD-\d{4}-\d{6})\]/.exec(answer.subject!)![1]!;
    const original = await h.core.db.message.findFirst({ where: { messageId: bare(first.parsed.messageId) } });
    const before = await readProgress(h.core.db);
    const sameSender = followUp(first.parsed, answer, "One more on this case: 32665?\n", { "In-Reply-To": "", References: "", Subject: `Question about ${reference}` });
    const stranger = followUp(first.parsed, answer, "Is this my case?\n", { "In-Reply-To": "", References: "", Subject: `About ${reference}`, From: "Someone Else <other@elsewhere.example.org>" });
    await h.deliverer.deliver(sameSender);
    await h.deliverer.deliver(stranger);
    const p = await waitForSettled(h.core.db, before.inbound + 2, 60_000);
    expect(p.cases).toBe(before.cases + 1);
    const a = await h.core.db.message.findFirst({ where: { messageId: bare(/Message-ID: (<[^>]+>)/.exec(sameSender.toString())![1]) } });
    const b = await h.core.db.message.findFirst({ where: { messageId: bare(/Message-ID: (<[^>]+>)/.exec(stranger.toString())![1]) } });
    expect(a!.caseId).toBe(original!.caseId);
    expect(b!.caseId).not.toBe(original!.caseId);
  });

  it.skipIf(skip)("answers nothing twice when the poller restarts or intake jobs are redelivered", async () => {
    await h.stack.sink.waitFor((await readProgress(h.core.db)).sent, 30_000);
    const sentBefore = h.stack.sink.messages.length;
    await h.poller.stop();
    const again = h.newPoller();
    again.start();
    // a fresh poller with the stored checkpoint, plus every intake job enqueued again under new job ids
    const inbound = await h.core.db.message.findMany({ where: { direction: "in" }, select: { id: true } });
    for (const m of inbound) await h.core.queues.queues.intake.add("intake", { messageId: m.id }, { jobId: `redelivered-${m.id}` });
    for (const m of inbound) await h.core.queues.queues.analyse.add("analyse", { messageId: m.id }, { jobId: `redelivered-${m.id}` });
    await new Promise((r) => setTimeout(r, 3000));
    const drained = await Promise.all(["intake", "analyse", "send"].map((q) => h.core.queues.queues[q as "intake"].getJobCounts("waiting", "active", "delayed")));
    for (const c of drained) expect((c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0)).toBe(0);
    expect(h.stack.sink.messages.length).toBe(sentBefore);
    const drafts = await h.core.db.replyDraft.count();
    const accepted = await h.core.db.message.count({ where: { direction: "in", status: "accepted" } });
    expect(drafts).toBe(accepted);
  });

  it.skipIf(skip)("parks a malformed email with a reason instead of dropping it", async () => {
    const before = await readProgress(h.core.db);
    await h.deliverer.deliver(await readFile(join(FIXTURES, "malformed-broken-boundary.eml")));
    await h.deliverer.deliver(Buffer.from("this is not an email at all\r\n\r\n"));
    const p = await waitForSettled(h.core.db, before.inbound + 2, 60_000);
    expect(p.parked).toBeGreaterThanOrEqual(before.parked + 1);
    const parked = await h.core.db.case.findMany({ where: { status: "parked" } });
    for (const c of parked) expect(c.parkReason).toMatch(/\w+: /);
    const rows = await h.core.db.message.findMany({ where: { direction: "in" }, orderBy: { id: "desc" }, take: 2 });
    for (const r of rows) expect(["parked", "accepted"]).toContain(r.status);
    expect(rows.every((r) => r.rawSha256)).toBe(true);
  });
});

// Issue 7 on the real stack: automatic mail is never answered (an out-of-office reply to a case is attached
// without reopening it, a fresh bounce or list mail is parked); stored authentication verdicts; the raw-message
// retention purge.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { startHarness, type DbKind, type Harness } from "../support/pipeline-harness.js";
import { createRetentionStore } from "../../src/adapters/db/sender-store.js";
import { runRetention } from "../../src/app/retention.js";
import { draftOf, filed, fixture, quiet, SAMPLES } from "./safety-support.js";

const kinds: DbKind[] = ["sqlite", "postgres"];

describe.each(kinds)("automatic mail and retention on %s", (kind) => {
  const skip = kind === "postgres" ? inject("postgresSkipReason") : null;
  let h: Harness;
  let caseId: number;
  let answerId: string;

  beforeAll(async () => {
    if (skip) return;
    h = await startHarness(kind, { CASEDESK_ROUTING: "auto" });
    const raw = await readFile(join(SAMPLES, "01-vats-sympathectomy-bilateral.eml"));
    const id = (await simpleParser(raw)).messageId!.replace(/^<|>$/g, "");
    await h.deliverer.deliver(raw);
    const m = await filed(h, id);
    const d = await draftOf(h, m.id, ["sent"], 60_000);
    caseId = m.caseId!;
    answerId = d.outboundMessageId;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it.skipIf(skip)("an out-of-office reply to casedesk's answer joins the case, does not reopen it, gets no answer", async () => {
    const sentBefore = h.stack.sink.messages.length;
    const ooo = (await fixture("auto-reply-out-of-office.eml")).toString("latin1").replaceAll("casedesk-reply-placeholder@example.test", answerId);
    await h.deliverer.deliver(Buffer.from(ooo, "latin1"));
    const m = await filed(h, "ooo-7f3a@riverbend-ortho.example.com");
    expect(m).toMatchObject({ status: "accepted", caseId });
    await quiet(h);
    const c = await h.core.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c.status).toBe("sent");
    expect(await h.core.db.replyDraft.count({ where: { inboundMessageId: m.id } })).toBe(0);
    expect(h.stack.sink.messages.length).toBe(sentBefore);
  });

  it.skipIf(skip)("a fresh bounce and a list digest are parked with the rule, never answered", async () => {
    const sentBefore = h.stack.sink.messages.length;
    await h.deliverer.deliver(await fixture("bounce-delivery-status.eml"));
    await h.deliverer.deliver(await fixture("mailing-list-digest.eml"));
    const bounce = await filed(h, "20261021193102.1A2B3C4D5E@mx.riverbend-ortho.example.com");
    const digest = await filed(h, "digest-2026-11-02.4471@lists.coding-forum.example.org");
    for (const [m, rule] of [[bounce, "null-return-path"], [digest, "precedence"]] as const) {
      expect(m.status).toBe("parked");
      expect(m.parkReason).toMatch(new RegExp(`^AUTOMATIC: ${rule}:`));
      expect(m.caseId).not.toBe(caseId);
      const c = await h.core.db.case.findUniqueOrThrow({ where: { id: m.caseId! } });
      expect(c.status).toBe("parked");
    }
    await quiet(h);
    expect(h.stack.sink.messages.length).toBe(sentBefore);
  });

  it.skipIf(skip)("stores SPF/DKIM/DMARC verdicts with every parsed inbound message", async () => {
    const rows = await h.core.db.message.findMany({ where: { direction: "in", status: { in: ["accepted", "parked"] } } });
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) {
      expect(r.authSpf, `message ${r.id}`).not.toBeNull();
      expect(r.authDkim).not.toBeNull();
      expect(r.authenticated).not.toBe(true); // test mail is unsigned and DNS has no records for it
    }
  });

  it.skipIf(skip)("retention purges raw bytes older than N days, keeps cases and answers, and is idempotent", async () => {
    const store = createRetentionStore(h.core.db);
    expect(await runRetention(store, 0, new Date())).toEqual({ cutoff: null, purged: 0, bytes: 0 });
    expect((await runRetention(store, 30, new Date())).purged).toBe(0); // all of today's
    const later = new Date(Date.now() + 31 * 86_400_000);
    const total = await h.core.db.rawMessage.count();
    const r = await runRetention(store, 30, later);
    expect(r.purged).toBe(total);
    expect(r.bytes).toBeGreaterThan(0);
    const raws = await h.core.db.rawMessage.findMany();
    for (const raw of raws) {
      expect(Buffer.from(raw.bytes).length).toBe(0);
      expect(raw.purgedAt).not.toBeNull();
      expect(raw.size).toBeGreaterThan(0);
    }
    expect((await runRetention(store, 30, later)).purged).toBe(0);
    const c = await h.core.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { drafts: true } });
    expect(c.drafts[0]?.status).toBe("sent");
  });
});

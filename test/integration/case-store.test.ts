// The pipeline's CaseStore on both providers: the per-email hot path is raw SQL (one text for SQLite and
// PostgreSQL), so each write is checked here for what it leaves in the database and for idempotency.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrateDatabase } from "../../src/adapters/db/migrate.js";
import { createDb, type Db } from "../../src/adapters/db/client.js";
import { createCaseStore } from "../../src/adapters/db/case-store.js";
import { DuplicateInboundError, type AnalysisRecord, type CaseStore, type ParsedEmail } from "../../src/app/ports.js";
import { intakeMessage } from "../../src/app/intake.js";
import { createMailParser } from "../../src/adapters/mail/mail-parser.js";
import type { Answer } from "../../src/domain/answer/types.js";
import { freshDatabaseUrl } from "../support/pipeline-harness.js";

const RAW = Buffer.from("From: Coder <coder@clinic.example.com>\r\nSubject: 32664-50 with L74.510?\r\nMessage-ID: <q1@clinic.example.com>\r\n\r\nCan I bill 32664-50?\r\n");

function parsed(over: Partial<ParsedEmail> = {}): ParsedEmail {
  return {
    messageId: "q1@clinic.example.com", inReplyTo: null, references: [], from: { address: "Coder@Clinic.example.com", name: "Coder" }, replyTo: null,
    to: ["support@example.test"], subject: "32664-50 with L74.510?", date: null, headers: {}, contentType: "text/plain", text: "", html: null,
    emailText: { segments: [] } as unknown as ParsedEmail["emailText"], ...over,
  };
}

function analysis(messageId: number, caseId: number, route: "auto" | "review" = "auto"): AnalysisRecord {
  const mention = (code: string, system: string, start: number) => ({
    system, code, modifiers: system === "CPT" ? ["50"] : [], units: system === "CPT" ? 1 : null, location: "body", start, end: start + code.length,
    text: code, confidence: 0.97, lookup: { status: "active", title: system === "CPT" ? null : "Primary focal hyperhidrosis, axilla" },
  });
  const answer = {
    dateOfService: "2026-11-05", dateOfServiceSource: "email", route, confidence: 0.9, reply: {},
    mentions: [mention("32664", "CPT", 11), mention("L74.510", "ICD10CM", 25)],
    findings: [{ code: "MODIFIER_50_BILATERAL", severity: "info", subject: ["32664", "50"], message: "bilateral procedure", source: "PFS indicators CY2024", release: "2024" }],
  } as unknown as Answer;
  return {
    inboundMessageId: messageId, inboundText: "Can I bill 32664-50?", inboundHtml: null, inboundSender: { policy: null, detailsAllowed: null }, caseId, answer, rendered: { text: "answer text", html: "<p>answer</p>" },
    toAddress: "coder@clinic.example.com", subject: "Re: [CD-2026-000001] 32664-50 with L74.510?", outboundMessageId: `a${messageId}@example.test`,
    inReplyTo: "q1@clinic.example.com", references: ["q1@clinic.example.com"], route,
  };
}

describe.each(["sqlite", "postgres"] as const)("CaseStore hot path on %s", (kind) => {
  const skip = kind === "postgres" && Boolean(inject("postgresSkipReason"));
  let db: Db;
  let store: CaseStore;

  beforeAll(async () => {
    if (skip) return;
    const url = await freshDatabaseUrl(kind, mkdtempSync(join(tmpdir(), "casedesk-store-")));
    await migrateDatabase(url);
    db = await createDb(url);
    store = createCaseStore(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it.skipIf(skip)("stores an inbound message once per (mailbox, UIDVALIDITY, UID) and its bytes once per content", async () => {
    const at = new Date("2026-11-05T15:00:00Z");
    const a = await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid: 1n, receivedAt: at }, RAW);
    const again = await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid: 1n, receivedAt: at }, RAW);
    const copy = await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid: 2n, receivedAt: at }, RAW);
    expect(again).toEqual({ id: a.id, created: false });
    expect(a.created && copy.created && copy.id !== a.id).toBe(true);
    expect(await db.rawMessage.count()).toBe(1);
    const loaded = await store.loadInbound(a.id);
    expect(loaded).toMatchObject({ id: a.id, status: "received", caseId: null, receivedAt: at });
    expect(loaded!.raw.equals(RAW)).toBe(true);
    const row = await db.message.findUniqueOrThrow({ where: { id: a.id } });
    expect(row).toMatchObject({ direction: "in", uidValidity: 9n, uid: 1n, receivedAt: at });
    expect(row.createdAt.getTime()).toBeGreaterThan(at.getTime());
  });

  it.skipIf(skip)("stores the bytes again when the same content arrives after the retention purge emptied them", async () => {
    const body = Buffer.from("Subject: resent after a year\r\n\r\n99214-25?\r\n");
    const first = await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid: 100n, receivedAt: new Date() }, body);
    const sha256 = (await db.message.findUniqueOrThrow({ where: { id: first.id } })).rawSha256!;
    await db.rawMessage.update({ where: { sha256 }, data: { bytes: new Uint8Array(), purgedAt: new Date() } });
    const again = await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid: 101n, receivedAt: new Date() }, body);
    expect((await store.loadInbound(again.id))!.raw.equals(body)).toBe(true);
    expect(await db.rawMessage.findUniqueOrThrow({ where: { sha256 } })).toMatchObject({ purgedAt: null, size: body.length });
  });

  it.skipIf(skip)("accepts into a new case once; a repeat returns the same case and writes nothing", async () => {
    const { id } = await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid: 10n, receivedAt: new Date() }, RAW);
    const sender = { auth: { spf: "pass", dkim: "none", dmarc: "pass", authenticated: true, reason: "AUTH_PASS: DMARC pass" }, policy: "OPEN_POLICY: senders need not be registered", detailsAllowed: true };
    const c = await store.acceptInbound({ messageId: id, parsed: parsed(), caseId: null, referencePrefix: "CD", sender });
    expect(await db.message.findUniqueOrThrow({ where: { id }, select: { authSpf: true, authDkim: true, authDmarc: true, authenticated: true, senderPolicy: true, detailsAllowed: true } }))
      .toEqual({ authSpf: "pass", authDkim: "none", authDmarc: "pass", authenticated: true, senderPolicy: "OPEN_POLICY: senders need not be registered", detailsAllowed: true });
    expect(c).toMatchObject({ reference: `CD-${new Date().getUTCFullYear()}-${String(id).padStart(6, "0")}`, status: "open", requester: "coder@clinic.example.com", requesterName: "Coder" });
    expect(await store.acceptInbound({ messageId: id, parsed: parsed(), caseId: null, referencePrefix: "CD" })).toEqual(c);
    const m = await db.message.findUniqueOrThrow({ where: { id } });
    expect(m).toMatchObject({ status: "accepted", caseId: c.id, messageId: "q1@clinic.example.com", fromAddress: "coder@clinic.example.com", subject: "32664-50 with L74.510?" });
    expect(await db.auditEvent.count({ where: { caseId: c.id, action: "case.opened" } })).toBe(1);
    expect(await db.case.count({ where: { reference: c.reference } })).toBe(1);
    expect(await store.isDuplicate(id + 1000, "q1@clinic.example.com", m.rawSha256)).toBe(true);
    expect(await store.isDuplicate(id, "q1@clinic.example.com", m.rawSha256)).toBe(false);
    expect(await store.isDuplicate(id + 1000, "other@clinic.example.com", m.rawSha256)).toBe(false);
    expect(await store.findCaseByMessageIds(["unknown@x", "q1@clinic.example.com"])).toBe(c.id);

    // a follow-up joins the case and reopens it; an automatic message attaches quietly
    await db.case.update({ where: { id: c.id }, data: { status: "parked", parkReason: "x" } });
    const { id: follow } = await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid: 11n, receivedAt: new Date() }, Buffer.from("follow-up"));
    expect(await store.acceptInbound({ messageId: follow, parsed: parsed({ messageId: "q2@clinic.example.com" }), caseId: c.id, referencePrefix: "CD" })).toMatchObject({ id: c.id, status: "open" });
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "open", parkReason: null });
    // a retried intake that now takes the new-case path finds the message filed: no second case is left behind
    expect(await store.acceptInbound({ messageId: follow, parsed: parsed({ messageId: "q2@clinic.example.com" }), caseId: null, referencePrefix: "CD" })).toMatchObject({ id: c.id });
    expect(await db.case.count({ where: { reference: { endsWith: `-${String(follow).padStart(6, "0")}` } } })).toBe(0);
    await db.case.update({ where: { id: c.id }, data: { status: "sent" } });
    const { id: auto } = await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid: 12n, receivedAt: new Date() }, Buffer.from("auto-reply"));
    expect(await store.acceptInbound({ messageId: auto, parsed: parsed({ messageId: "q3@clinic.example.com" }), caseId: c.id, referencePrefix: "CD", quiet: true })).toMatchObject({ id: c.id, status: "sent" });
    expect((await db.auditEvent.findMany({ where: { caseId: c.id }, orderBy: { id: "asc" } })).map((e) => e.action)).toEqual(["case.opened", "case.follow-up", "message.attached"]);
  });

  it.skipIf(skip)("two copies of one email accepted at the same time: one case, the other copy is refused", async () => {
    const copy = Buffer.from("From: a@clinic.example.com\r\nMessage-ID: <twice@clinic.example.com>\r\nSubject: 20610?\r\n\r\n20610 twice\r\n");
    const ids = await Promise.all([40n, 41n].map(async (uid) => (await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid, receivedAt: new Date() }, copy)).id));
    const p = parsed({ messageId: "twice@clinic.example.com" });
    const results = await Promise.allSettled(ids.map((messageId) => store.acceptInbound({ messageId, parsed: p, caseId: null, referencePrefix: "CD" })));
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateInboundError);
    expect(await db.message.count({ where: { messageId: "twice@clinic.example.com", status: "accepted" } })).toBe(1);
    expect(await db.case.count({ where: { messages: { some: { messageId: "twice@clinic.example.com" } } } })).toBe(1);
  });

  it.skipIf(skip)("intake of two simultaneous copies opens one case and marks the other duplicate", async () => {
    const copy = Buffer.from("From: Coder <coder@clinic.example.com>\r\nTo: support@example.test\r\nMessage-ID: <copy2@clinic.example.com>\r\nSubject: 64804 or 32664?\r\n\r\nWhich one?\r\n");
    const ids = await Promise.all([50n, 51n, 52n].map(async (uid) => (await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid, receivedAt: new Date() }, copy)).id));
    const deps = { store, parser: createMailParser(), referencePrefix: "CD", ownAddresses: ["support@example.test"] };
    const outcomes = await Promise.all(ids.map((id) => intakeMessage(deps, id)));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["analyse", "duplicate", "duplicate"]);
    const rows = await db.message.findMany({ where: { id: { in: ids } }, select: { status: true, caseId: true } });
    expect(rows.map((r) => r.status).sort()).toEqual(["accepted", "duplicate", "duplicate"]);
    expect(new Set(rows.map((r) => r.caseId).filter((c) => c !== null)).size).toBe(1);
  });

  it.skipIf(skip)("saves one analysis per inbound message, claims it once, and records the send once", async () => {
    const { id } = await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid: 20n, receivedAt: new Date() }, Buffer.from("analysis case"));
    const c = await store.acceptInbound({ messageId: id, parsed: parsed({ messageId: "q20@clinic.example.com" }), caseId: null, referencePrefix: "CD" });
    const before = await store.loadForAnalysis(id);
    expect(before).toMatchObject({ inbound: { id, status: "accepted", caseId: c.id }, case: c, draft: null });

    const draft = await store.saveAnalysis(analysis(id, c.id));
    expect(draft).toMatchObject({ caseId: c.id, reference: c.reference, status: "approved", route: "auto", attempts: 0, references: ["q1@clinic.example.com"] });
    const repeat = await store.saveAnalysis({ ...analysis(id, c.id), rendered: { text: "a second text", html: "" } });
    expect(repeat).toMatchObject({ id: draft.id, text: "answer text", status: "approved" });
    expect(await db.codeMention.findMany({ where: { caseId: c.id }, select: { system: true, code: true, modifiers: true, units: true, start: true, end: true, title: true } })).toEqual([
      { system: "CPT", code: "32664", modifiers: "50", units: 1, start: 11, end: 16, title: null },
      { system: "ICD10CM", code: "L74.510", modifiers: "", units: null, start: 25, end: 32, title: "Primary focal hyperhidrosis, axilla" },
    ]);
    expect(await db.finding.count({ where: { caseId: c.id } })).toBe(1);
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "sending", dateOfService: new Date("2026-11-05T00:00:00Z") });
    expect((await store.loadForAnalysis(id))!.draft).toMatchObject({ id: draft.id, reference: c.reference, status: "approved" });

    const claimed = await store.claimDraftForSend(draft.id, 30_000);
    expect(claimed).toMatchObject({ id: draft.id, status: "sending", attempts: 1, reference: c.reference, outboundMessageId: `a${id}@example.test` });
    expect(await store.claimDraftForSend(draft.id, 30_000)).toBeNull(); // a live lease is not taken over

    const sentAt = new Date("2026-11-05T15:01:00Z");
    await store.markSent(draft.id, sentAt);
    await store.markSent(draft.id, sentAt);
    expect(await db.replyDraft.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ status: "sent", sentAt, error: null });
    const out = await db.message.findMany({ where: { direction: "out", caseId: c.id } });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ status: "accepted", messageId: `a${id}@example.test`, inReplyTo: "q1@clinic.example.com", newText: "answer text", receivedAt: sentAt });
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "sent" });
    expect(await db.auditEvent.count({ where: { caseId: c.id, action: "draft.sent" } })).toBe(1);

    // a crash between the draft's `sent` and the bookkeeping: calling markSent again (the reconciler) completes it
    await db.message.deleteMany({ where: { direction: "out", caseId: c.id } });
    await store.markSent(draft.id, new Date("2026-11-06T00:00:00Z"));
    expect(await db.message.findMany({ where: { direction: "out", caseId: c.id }, select: { messageId: true, receivedAt: true } })).toEqual([{ messageId: `a${id}@example.test`, receivedAt: sentAt }]);
    await expect(store.markSent(999_999, sentAt)).rejects.toThrow(/not found/);
  });

  it.skipIf(skip)("leaves the case open for review while another draft of it is pending", async () => {
    const { id } = await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid: 30n, receivedAt: new Date() }, Buffer.from("first"));
    const c = await store.acceptInbound({ messageId: id, parsed: parsed({ messageId: "q30@clinic.example.com" }), caseId: null, referencePrefix: "CD" });
    const first = await store.saveAnalysis(analysis(id, c.id));
    const { id: second } = await store.saveInbound({ mailbox: "desk@imap/INBOX", uidValidity: 9n, uid: 31n, receivedAt: new Date() }, Buffer.from("second"));
    await store.acceptInbound({ messageId: second, parsed: parsed({ messageId: "q31@clinic.example.com" }), caseId: c.id, referencePrefix: "CD" });
    await store.saveAnalysis(analysis(second, c.id, "review"));
    expect(await store.claimDraftForSend(first.id, 30_000)).not.toBeNull();
    await store.markSent(first.id, new Date());
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "review" });
  });
});

// Recovery from broken infrastructure on the real pipeline: a Redis restart that loses every queued job (the
// reconciler re-schedules from the database), a PostgreSQL restart mid-flight, an IMAP server restart (the
// poller reconnects with backoff) and a UIDVALIDITY change (full resync; copies already taken in are
// recognised by Message-ID + content hash). After each, every email is answered exactly once.
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/pipeline-harness.js";
import { startRedis } from "../../src/adapters/servers/redis-server.js";
import { findBinary } from "../../src/adapters/servers/binaries.js";
import { createDatabase, startPostgres, type RunningPostgres } from "../../src/adapters/servers/postgres-server.js";
import { restartDovecot } from "../faults/dovecot.js";
import { answerHeaders } from "../faults/tally.js";
import { until } from "../support/wait.js";

const SAMPLES = join(import.meta.dirname, "..", "..", "samples");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let seq = 0;
async function emails(n: number, tag: string): Promise<Array<{ raw: Buffer; messageId: string }>> {
  const files = (await readdir(SAMPLES)).filter((f) => f.endsWith(".eml")).sort();
  const out = [];
  for (let i = 0; i < n; i++) {
    const messageId = `recovery.${tag}.${Date.now()}.${++seq}@faults.example.org`;
    const raw = (await readFile(join(SAMPLES, files[i % files.length]!))).toString("latin1").replace(/^Message-ID:.*$/im, `Message-ID: <${messageId}>`);
    out.push({ raw: Buffer.from(raw, "latin1"), messageId });
  }
  return out;
}


/** answers per inbound Message-ID in the sink */
function answers(h: Harness): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of h.stack.sink.messages) {
    const id = answerHeaders(s.raw).inReplyTo ?? "";
    m.set(id, (m.get(id) ?? 0) + 1);
  }
  return m;
}

async function expectAnsweredOnce(h: Harness, ids: string[], timeoutMs = 90_000): Promise<void> {
  await until(`${ids.length} answers`, () => ids.every((id) => (answers(h).get(id) ?? 0) >= 1), timeoutMs);
  await sleep(1500);
  const a = answers(h);
  for (const id of ids) expect(a.get(id), id).toBe(1);
}

describe("recovery from infrastructure faults", () => {
  let h: Harness;
  let pgServer: RunningPostgres | null = null;
  let pgDir = "";
  const skip = !findBinary("initdb") ? "PostgreSQL binaries not installed" : null;

  beforeAll(async () => {
    if (skip) return;
    pgDir = await mkdtemp(join(tmpdir(), "casedesk-recovery-pg-"));
    pgServer = await startPostgres(pgDir);
    h = await startHarness("sqlite", { CASEDESK_ROUTING: "auto", DATABASE_URL: await createDatabase(pgServer.adminUrl, "recovery") });
  });
  afterAll(async () => {
    await h?.stop();
    await pgServer?.stop();
    if (pgDir) await rm(pgDir, { recursive: true, force: true });
  });

  it.skipIf(skip)("re-schedules every unfinished email after Redis restarts without its data", async () => {
    h.stack.sink.failWith(451); // answers pile up as approved drafts whose jobs wait in Redis
    const batch = await emails(6, "redis");
    for (const e of batch) await h.deliverer.deliver(e.raw);
    await until("drafts", async () => (await h.core.db.replyDraft.count({ where: { inbound: { messageId: { in: batch.map((e) => e.messageId) } } } })) === 6);
    const redis = h.stack.redis!;
    await redis.stop();
    await sleep(500);
    const again = await startRedis(join(h.stack.dir, "redis"), redis.port);
    h.stack.sink.failWith(null);
    try {
      await expectAnsweredOnce(h, batch.map((e) => e.messageId));
    } finally {
      Object.assign(h.stack.redis!, { stop: again.stop });
    }
  });

  it.skipIf(skip)("answers every email once across a PostgreSQL restart", async () => {
    const batch = await emails(8, "pg");
    for (const e of batch.slice(0, 4)) await h.deliverer.deliver(e.raw);
    await sleep(300);
    await pgServer!.stop();
    for (const e of batch.slice(4)) await h.deliverer.deliver(e.raw);
    await sleep(2000);
    await pgServer!.start();
    await expectAnsweredOnce(h, batch.map((e) => e.messageId));
  });

  it.skipIf(skip)("reconnects to a restarted IMAP server and takes in what arrived meanwhile", async () => {
    const dovecot = h.stack.dovecot!;
    const first = await emails(2, "imap1");
    for (const e of first) await h.deliverer.deliver(e.raw);
    await expectAnsweredOnce(h, first.map((e) => e.messageId));
    await dovecot.stop();
    await sleep(1500);
    const restarted = await restartDovecot(dovecot.dir, dovecot.imapPort);
    Object.assign(dovecot, { stop: restarted.stop });
    await h.deliverer.close();
    const { openDeliverer } = await import("../../src/adapters/servers/stack.js");
    h.deliverer = await openDeliverer(h.stack);
    const second = await emails(3, "imap2");
    for (const e of second) await h.deliverer.deliver(e.raw);
    await expectAnsweredOnce(h, second.map((e) => e.messageId));
  });

  it.skipIf(skip)("resyncs fully after a UIDVALIDITY change without answering anything twice", async () => {
    const old = await emails(4, "uv-old");
    for (const e of old) await h.deliverer.deliver(e.raw);
    await expectAnsweredOnce(h, old.map((e) => e.messageId));
    const key = (await h.core.db.mailboxCheckpoint.findFirst())!;
    await h.poller.stop();
    // the already processed mail comes back into INBOX (a restore), new mail arrives, and the mailbox's UID
    // list is lost: the server assigns a new UIDVALIDITY and new UIDs to everything
    const imap = new ImapFlow({ host: h.stack.imap.host, port: h.stack.imap.port, secure: false, auth: { user: h.stack.imap.user, pass: h.stack.imap.password }, tls: { rejectUnauthorized: false }, logger: false });
    await imap.connect();
    await imap.mailboxOpen("Processed");
    const status = await imap.status("Processed", { messages: true });
    const restored = status ? (status.messages ?? 0) : 0;
    await imap.messageMove("1:*", "INBOX");
    await imap.logout();
    const fresh = await emails(3, "uv-new");
    for (const e of fresh) await h.deliverer.deliver(e.raw);
    // UID list and indexes of INBOX gone (dovecot-uidvalidity stays, so the next UIDVALIDITY differs)
    const maildir = join(h.stack.dovecot!.dir, "mail", h.stack.imap.user, "Maildir");
    for (const f of await readdir(maildir)) if (/^dovecot(-uidlist|\.index|\.list\.index)/.test(f)) await rm(join(maildir, f));
    const sentBefore = h.stack.sink.messages.length;
    const poller = h.newPoller();
    poller.start();
    await expectAnsweredOnce(h, fresh.map((e) => e.messageId));
    await sleep(3000);
    const after = (await h.core.db.mailboxCheckpoint.findFirst())!;
    expect(after.uidValidity).not.toBe(key.uidValidity);
    expect(h.stack.sink.messages.length).toBe(sentBefore + fresh.length);
    for (const e of old) expect(answers(h).get(e.messageId)).toBe(1);
    // every restored copy was taken in again under the new UIDVALIDITY and recognised (a duplicate row keeps
    // no headers of its own: it only points at the stored bytes)
    const copies = await h.core.db.message.count({ where: { direction: "in", uidValidity: after.uidValidity, status: "duplicate" } });
    expect(copies).toBe(restored);
  });
});

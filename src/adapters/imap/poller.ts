// IMAP intake: IDLE for new mail plus a reconciliation poll (IDLE can miss), checkpointed by UIDVALIDITY + UID.
// Order per message: raw bytes stored → intake job queued (deterministic jobId) → moved to the Processed folder.
// A crash anywhere in between repeats the step idempotently; nothing is lost and nothing is filed twice.
import { readFileSync } from "node:fs";
import { ImapFlow } from "imapflow";
import type { CaseStore, JobQueue } from "../../app/ports.js";
import type { MailboxLock } from "../queue/mailbox-lock.js";
import type { Logger } from "../log/logger.js";

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  startTls: boolean;
  user: string;
  password: string;
  tlsCa?: string | undefined;
  rejectUnauthorized: boolean;
}

export interface PollerOptions {
  imap: ImapSettings;
  mailbox: string;
  /** folder processed messages are moved to; "" = leave them and rely on the checkpoint */
  processedMailbox: string;
  reconcileMs: number;
  idleDelayMs: number;
  store: CaseStore;
  queue: JobQueue;
  lock: MailboxLock;
  lockTtlMs: number;
  log: Logger;
  /** messages fetched per IMAP round trip */
  batchSize?: number;
  /** reconnect backoff after a dropped or failed IMAP session (default 500 ms doubling to 30 s) */
  reconnect?: { initialMs: number; maxMs: number };
}

export interface Poller {
  start(): void;
  /** stops after the current batch; resolves when the connection is closed and the lease released */
  stop(): Promise<void>;
  /** runs one sync now (used by tests and the demo); resolves with the number of messages taken in */
  syncNow(): Promise<number>;
  /** messages taken in since start */
  readonly received: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Delay before reconnect attempt `failures` (0 = the first after a healthy session): exponential from
 * `initialMs`, capped at `maxMs`, with "equal jitter" (half fixed, half random) so that many pollers dropped
 * by one server restart do not reconnect in lockstep (AWS Architecture Blog, "Exponential Backoff and Jitter").
 */
export function reconnectDelay(failures: number, o: { initialMs: number; maxMs: number } = { initialMs: 500, maxMs: 30_000 }, random = Math.random): number {
  const base = Math.min(o.maxMs, o.initialMs * 2 ** Math.min(failures, 30));
  return Math.round(base / 2 + random() * (base / 2));
}

/** Key of a mailbox in checkpoints and locks: "user@host:port/INBOX". */
export function mailboxKey(imap: ImapSettings, mailbox: string): string {
  return `${imap.user}@${imap.host}:${imap.port}/${mailbox}`;
}

export function createPoller(o: PollerOptions): Poller {
  const key = mailboxKey(o.imap, o.mailbox);
  const batchSize = o.batchSize ?? 50;
  let client: ImapFlow | null = null;
  let stopped = false;
  let running: Promise<void> | null = null;
  let syncing: Promise<number> | null = null;
  let wake: (() => void) | null = null;
  let received = 0;
  let holding = false;

  const tls = { rejectUnauthorized: o.imap.rejectUnauthorized, ...(o.imap.tlsCa ? { ca: readFileSync(o.imap.tlsCa) } : {}) };

  function newClient(): ImapFlow {
    return new ImapFlow({
      host: o.imap.host,
      port: o.imap.port,
      secure: o.imap.secure,
      doSTARTTLS: o.imap.secure ? undefined : o.imap.startTls ? undefined : false,
      auth: { user: o.imap.user, pass: o.imap.password },
      tls,
      logger: false,
      autoIdleDelay: o.idleDelayMs,
      emitLogs: false,
    } as ConstructorParameters<typeof ImapFlow>[0]);
  }

  async function syncOnce(c: ImapFlow): Promise<number> {
    const box = c.mailbox;
    if (!box) return 0;
    const uidValidity = BigInt(box.uidValidity);
    const cp = await o.store.getCheckpoint(key);
    let lastUid = cp && cp.uidValidity === uidValidity ? cp.lastUid : 0n;
    if (cp && cp.uidValidity !== uidValidity) o.log.warn({ mailbox: o.mailbox }, "UIDVALIDITY changed: full resync");
    const found = (await c.search({ uid: `${lastUid + 1n}:*` }, { uid: true })) || [];
    const uids = found.map((u) => BigInt(u)).filter((u) => u > lastUid).sort((a, b) => (a < b ? -1 : 1));
    let taken = 0;
    for (let i = 0; i < uids.length && !stopped; i += batchSize) {
      if (!(await o.lock.renew())) throw new Error("mailbox lease lost");
      const chunk = uids.slice(i, i + batchSize);
      const range = chunk.join(",");
      const messages = await c.fetchAll(range, { uid: true, source: true, internalDate: true }, { uid: true });
      for (const m of messages) {
        if (!m.source) continue;
        const internal = m.internalDate instanceof Date ? m.internalDate : m.internalDate ? new Date(m.internalDate) : new Date();
        const saved = await o.store.saveInbound({ mailbox: key, uidValidity, uid: BigInt(m.uid), receivedAt: internal }, m.source);
        await o.queue.enqueueIntake(saved.id);
        taken++;
      }
      if (o.processedMailbox) await c.messageMove(range, o.processedMailbox, { uid: true });
      else await c.messageFlagsAdd(range, ["\\Seen"], { uid: true });
      lastUid = chunk[chunk.length - 1]!;
      await o.store.setCheckpoint(key, uidValidity, lastUid);
    }
    if (!cp || cp.uidValidity !== uidValidity) await o.store.setCheckpoint(key, uidValidity, lastUid);
    received += taken;
    return taken;
  }

  function syncSerial(c: ImapFlow): Promise<number> {
    const next = (syncing ?? Promise.resolve(0)).catch(() => 0).then(() => syncOnce(c));
    syncing = next;
    return next;
  }

  async function session(opened: () => void): Promise<void> {
    const c = newClient();
    client = c;
    const closed = new Promise<void>((resolve) => c.once("close", () => resolve()));
    c.on("error", (err: Error) => o.log.warn({ err: err.message }, "imap error"));
    await c.connect();
    if (o.processedMailbox) {
      try {
        await c.mailboxCreate(o.processedMailbox);
      } catch (err) {
        if (!/ALREADYEXISTS|already exists/i.test(String((err as { responseText?: string }).responseText ?? (err as Error).message))) throw err;
      }
    }
    await c.mailboxOpen(o.mailbox);
    c.on("exists", () => wake?.());
    opened();
    o.log.info({ mailbox: o.mailbox }, "poller connected");
    while (!stopped && c.usable) {
      await syncSerial(c);
      if (!(await o.lock.renew())) throw new Error("mailbox lease lost");
      await Promise.race([
        new Promise<void>((r) => {
          wake = r;
        }),
        sleep(Math.min(o.reconcileMs, o.lockTtlMs / 3)),
        closed,
        stopRequested,
      ]);
      wake = null;
    }
    await c.logout().catch(() => undefined);
  }

  let signalStop: () => void = () => undefined;
  const stopRequested = new Promise<void>((r) => (signalStop = r));
  /** a wait that stop() cuts short */
  const pause = (ms: number) => Promise.race([sleep(ms), stopRequested]);

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopped) {
      if (!holding) {
        holding = await o.lock.acquire().catch(() => false);
        if (!holding) {
          await pause(Math.min(1000, o.lockTtlMs / 3));
          continue;
        }
        o.log.info({ mailbox: o.mailbox }, "mailbox lease acquired");
      }
      let reason = "connection closed";
      try {
        await session(() => {
          failures = 0; // the mailbox opened: the connection is healthy again
        });
      } catch (err) {
        reason = (err as Error).message;
        if (/lease lost/.test(reason)) holding = false;
      } finally {
        client?.close();
        client = null;
      }
      if (stopped) break;
      const waitMs = reconnectDelay(failures++, o.reconnect);
      o.log.warn({ err: reason, backoffMs: waitMs }, "imap session ended, reconnecting");
      await pause(waitMs);
    }
  }

  return {
    get received() {
      return received;
    },
    start() {
      if (!running) running = loop();
    },
    async stop() {
      stopped = true;
      signalStop();
      wake?.();
      client?.close(); // aborts a command waiting on a dead server (imapflow's socket timeout is minutes)
      await syncing?.catch(() => 0);
      await running;
      if (holding) await o.lock.release().catch(() => undefined);
      holding = false;
    },
    async syncNow() {
      if (!client || !client.usable) return 0;
      return syncSerial(client);
    },
  };
}

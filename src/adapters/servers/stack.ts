// A complete throw-away mail stack on loopback: Redis, Dovecot (IMAP + LMTP) and an SMTP sink.
// Used by `casedesk demo`, the integration tests and the benchmarks; external servers can be given instead.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { ImapFlow } from "imapflow";
import { startRedis, type RunningServer } from "./redis-server.js";
import { DEFAULT_USERS, startDovecot, type RunningDovecot } from "./dovecot-server.js";
import { startSmtpSink, type SmtpSink } from "../smtp/smtp-sink.js";

export interface ImapEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
  caFile: string | null;
}

export interface Stack {
  dir: string;
  redisUrl: string;
  imap: ImapEndpoint;
  /** LMTP port of our own Dovecot, null when an external IMAP server is used (delivery by APPEND) */
  lmtpPort: number | null;
  sink: SmtpSink;
  redis: RunningServer | null;
  dovecot: RunningDovecot | null;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** use this Redis instead of starting one */
  redisUrl?: string | undefined;
  /** use this IMAP account instead of starting Dovecot */
  imap?: ImapEndpoint | undefined;
  /** keep the temp directory after stop */
  keepDir?: boolean;
}

/** Starts what is not given. The temp directory is mode 0755 (Dovecot's unprivileged processes traverse it). */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), "casedesk-"));
  chmodSync(dir, 0o755);
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    const redis = opts.redisUrl ? null : await startRedis(join(dir, "redis"));
    if (redis) started.push(redis);
    const dovecot = opts.imap ? null : await startDovecot(join(dir, "dovecot"));
    if (dovecot) started.push(dovecot);
    const sink = await startSmtpSink();
    started.push(sink);
    const user = DEFAULT_USERS[0]!;
    return {
      dir,
      redisUrl: opts.redisUrl ?? redis!.url,
      imap: opts.imap ?? { host: "127.0.0.1", port: dovecot!.imapPort, user: user.user, password: user.password, caFile: dovecot!.caFile },
      lmtpPort: dovecot?.lmtpPort ?? null,
      sink,
      redis,
      dovecot,
      async stop() {
        for (const s of started.reverse()) await s.stop().catch(() => undefined);
        if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface Deliverer {
  /** delivers one raw message to the stack's mailbox (LMTP when available, else IMAP APPEND) */
  deliver(raw: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** Opens one delivery channel to `stack`'s IMAP user. */
export async function openDeliverer(stack: Stack, mailbox = "INBOX"): Promise<Deliverer> {
  if (stack.lmtpPort !== null) {
    const lmtp = nodemailer.createTransport({ host: "127.0.0.1", port: stack.lmtpPort, lmtp: true, secure: false, ignoreTLS: true, pool: false } as never);
    return {
      async deliver(raw) {
        await lmtp.sendMail({ envelope: { from: "sender@example.com", to: [stack.imap.user] }, raw });
      },
      async close() {
        lmtp.close();
      },
    };
  }
  const client = new ImapFlow({ host: stack.imap.host, port: stack.imap.port, secure: false, auth: { user: stack.imap.user, pass: stack.imap.password },
    tls: { rejectUnauthorized: false }, logger: false });
  await client.connect();
  return {
    async deliver(raw) {
      await client.append(mailbox, raw);
    },
    async close() {
      await client.logout().catch(() => undefined);
    },
  };
}

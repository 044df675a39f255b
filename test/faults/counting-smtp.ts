// An SMTP server for the send tests that counts every DATA attempt (accepted or refused) per Message-ID, can
// refuse with a given code for the next n attempts, and can be closed and reopened on the same port.
import { SMTPServer } from "smtp-server";
import { freePort } from "../../src/adapters/servers/free-port.js";

export interface CountingSmtp {
  port: number;
  /** DATA attempts per Message-ID (without angle brackets), refused ones included */
  attempts: Map<string, number>;
  /** accepted messages, raw */
  accepted: Buffer[];
  /** refuse the next `times` DATA commands with `code` (Infinity = until told otherwise) */
  refuse(code: number, times?: number): void;
  accept(): void;
  /** closes the listener and drops open connections (a crash of the relay) */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

function messageIdOf(raw: Buffer): string {
  const head = raw.subarray(0, Math.max(0, raw.indexOf("\r\n\r\n"))).toString("latin1");
  return (/^Message-ID:\s*<([^>]+)>/im.exec(head)?.[1] ?? "").trim();
}

/** Starts the server on a free loopback port. */
export async function startCountingSmtp(): Promise<CountingSmtp> {
  const attempts = new Map<string, number>();
  const accepted: Buffer[] = [];
  let refusal: { code: number; left: number } | null = null;
  const port = await freePort();
  let server: SMTPServer | null = null;
  const open = new Set<import("node:net").Socket>();

  async function up(): Promise<void> {
    const s = new SMTPServer({
      secure: false,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onConnect(session, cb) {
        cb();
      },
      onData(stream, _session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          const id = messageIdOf(raw);
          attempts.set(id, (attempts.get(id) ?? 0) + 1);
          if (refusal && refusal.left > 0) {
            refusal.left--;
            const err = Object.assign(new Error(refusal.code >= 500 ? "Mailbox unavailable" : "Try again later"), { responseCode: refusal.code });
            if (refusal.left <= 0) refusal = null;
            return cb(err);
          }
          accepted.push(raw);
          cb();
        });
      },
    });
    s.on("error", () => undefined);
    s.server.on("connection", (sock: import("node:net").Socket) => {
      open.add(sock);
      sock.once("close", () => open.delete(sock));
    });
    await new Promise<void>((resolve, reject) => {
      s.server.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
    });
    server = s;
  }

  async function down(): Promise<void> {
    const s = server;
    server = null;
    if (!s) return;
    const closed = new Promise<void>((r) => s.server.close(() => r()));
    for (const sock of open) sock.destroy();
    await closed;
  }

  await up();
  return {
    port,
    attempts,
    accepted,
    refuse(code, times = Infinity) {
      refusal = { code, left: times };
    },
    accept() {
      refusal = null;
    },
    down,
    up,
    stop: down,
  };
}

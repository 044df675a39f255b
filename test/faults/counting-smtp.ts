// An SMTP server for the send tests and the fault run that counts every DATA attempt (accepted or refused) per
// Message-ID, can refuse with a given code for the next n attempts, and can be stopped and started again on the
// same port. Stopping is what a relay's orderly shutdown does: no new connections, DATA refused with 421, open
// connections closed with 421 after every reply was written. (Cutting a connection between the server's
// acceptance and the client's reading of the 250 would duplicate the mail: RFC 1047, inherent in SMTP.)
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
  /** orderly stop: refuses DATA with 421, closes the listener, then the open connections (after their replies) */
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
  let stopping = false;

  async function up(): Promise<void> {
    const s = new SMTPServer({
      secure: false,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      closeTimeout: 300,
      onData(stream, _session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          const id = messageIdOf(raw);
          attempts.set(id, (attempts.get(id) ?? 0) + 1);
          if (stopping) return cb(Object.assign(new Error("Service shutting down"), { responseCode: 421 }));
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
    await new Promise<void>((resolve, reject) => {
      s.server.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
    });
    server = s;
    stopping = false;
  }

  async function down(): Promise<void> {
    const s = server;
    server = null;
    if (!s) return;
    stopping = true;
    await new Promise<void>((r) => s.close(() => r()));
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

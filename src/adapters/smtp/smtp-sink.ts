// An in-process SMTP server (smtp-server) that keeps what it receives: the demo's and the tests' mail sink.
// It can be told to refuse mail (4xx or 5xx) to exercise retry and parking.
import { SMTPServer } from "smtp-server";
import { freePort } from "../servers/free-port.js";

export interface SinkMessage {
  from: string;
  to: string[];
  raw: Buffer;
  receivedAt: Date;
}

export interface SmtpSink {
  port: number;
  messages: SinkMessage[];
  /** from now on answer every DATA with this SMTP code (e.g. 451 or 550); null = accept */
  failWith(code: number | null): void;
  /** resolves when at least n messages have arrived; rejects after timeoutMs */
  waitFor(n: number, timeoutMs?: number): Promise<SinkMessage[]>;
  stop(): Promise<void>;
}

/** Starts the sink on a free loopback port (or `port`). No TLS, no auth. */
export async function startSmtpSink(port?: number): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  let failure: number | null = null;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (failure !== null) {
          const err = new Error(failure >= 500 ? "Mailbox unavailable" : "Try again later") as Error & { responseCode: number };
          err.responseCode = failure;
          return callback(err);
        }
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          receivedAt: new Date(),
        });
        for (const w of waiters.splice(0)) if (messages.length >= w.n) w.resolve();
        else waiters.push(w);
        callback();
      });
    },
  });
  const p = port ?? (await freePort());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(p, "127.0.0.1", () => resolve());
  });
  return {
    port: p,
    messages,
    failWith(code) {
      failure = code;
    },
    waitFor(n, timeoutMs = 30_000) {
      if (messages.length >= n) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`SMTP sink: ${messages.length} of ${n} messages after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve(messages)) });
      });
    },
    stop() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

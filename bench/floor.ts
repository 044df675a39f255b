// Transport floor, measured in the same run: the same emails fetched with imapflow, parsed with mailparser
// and sent with nodemailer, with no other work. casedesk's throughput is reported as a ratio to this.
import nodemailer from "nodemailer";
import { ImapFlow } from "imapflow";
import { simpleParser } from "mailparser";
import type { Stack } from "../src/adapters/servers/stack.js";
import { DEFAULT_USERS } from "../src/adapters/servers/dovecot-server.js";
import { buildCorpus } from "./corpus.js";
import { machineCpuMs } from "./e2e.js";

export interface FloorRun {
  emails: number;
  seconds: number;
  casesPerSecond: number;
  /** busy CPU of the whole machine per email during the timed part, ms */
  machineCpuMsPerEmail: number;
}

/** Delivers `n` emails to the second Dovecot user, then times fetch + parse + send of all of them. */
export async function runFloor(stack: Stack, n: number, concurrency = 16): Promise<FloorRun> {
  const user = DEFAULT_USERS[1]!;
  const corpus = buildCorpus(n, `floor${Date.now()}`);
  const lmtp = nodemailer.createTransport({ host: "127.0.0.1", port: stack.lmtpPort!, lmtp: true, pool: true, maxConnections: 4, ignoreTLS: true } as never);
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < corpus.length) await lmtp.sendMail({ envelope: { from: "bench@bench.example.com", to: [user.user] }, raw: corpus[next++]!.raw });
  }));
  lmtp.close();

  const smtp = nodemailer.createTransport({ host: "127.0.0.1", port: stack.sink.port, pool: true, maxConnections: 4, ignoreTLS: true });
  const client = new ImapFlow({ host: "127.0.0.1", port: stack.imap.port, secure: false, auth: { user: user.user, pass: user.password }, tls: { rejectUnauthorized: false }, logger: false });
  const t0 = performance.now();
  const cpu0 = machineCpuMs();
  await client.connect();
  await client.mailboxOpen("INBOX");
  const uids = (await client.search({ all: true }, { uid: true })) || [];
  let done = 0;
  for (let i = 0; i < uids.length; i += 100) {
    const batch = await client.fetchAll(uids.slice(i, i + 100).join(","), { uid: true, source: true }, { uid: true });
    let k = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (k < batch.length) {
        const m = batch[k++]!;
        const parsed = await simpleParser(m.source!);
        await smtp.sendMail({
          from: "support@example.test", to: parsed.from?.value[0]?.address ?? "x@example.com", subject: `Re: ${parsed.subject ?? ""}`,
          text: parsed.text ?? "", inReplyTo: parsed.messageId, references: parsed.messageId ? [parsed.messageId] : [],
        });
        done++;
      }
    }));
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = machineCpuMs() - cpu0;
  await client.logout();
  smtp.close();
  return { emails: done, seconds, casesPerSecond: done / seconds, machineCpuMsPerEmail: cpu / done };
}

// Helpers for the safety-*.test.ts integration tests: build and deliver mail, wait for intake to file it.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Harness } from "../support/pipeline-harness.js";

export const SAMPLES = join(import.meta.dirname, "..", "..", "samples");
export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "mail");

let seq = 0;
/** A plain question from `from`; returns the raw bytes and the bare Message-ID. */
export function question(from: string, body = "Is 99214-25 billable with 20610-RT on the same day?", extra: Record<string, string> = {}): { raw: Buffer; id: string } {
  const id = `safety.${Date.now()}.${++seq}@${/@([^>\s]+)/.exec(from)?.[1] ?? "example.org"}`;
  const headers: Record<string, string> = {
    "Message-ID": `<${id}>`, Date: new Date().toUTCString(), From: from, To: "Case Desk <support@example.test>",
    Subject: "Coding question", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=us-ascii", ...extra,
  };
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n");
  return { raw: Buffer.from(`${head}\r\n\r\n${body}\r\n`), id };
}

export async function fixture(name: string): Promise<Buffer> {
  return readFile(join(FIXTURES, name));
}

/** Waits until the inbound message with this Message-ID has left `received`; returns its row. */
export async function filed(h: Harness, messageId: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = await h.core.db.message.findFirst({ where: { direction: "in", messageId, status: { not: "received" } } });
    if (m) return m;
    if (Date.now() > until) throw new Error(`message ${messageId} not filed after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the draft for this inbound row reaches one of `statuses`. */
export async function draftOf(h: Harness, inboundMessageId: number, statuses: string[], timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const d = await h.core.db.replyDraft.findUnique({ where: { inboundMessageId } });
    if (d && statuses.includes(d.status)) return d;
    if (Date.now() > until) throw new Error(`draft of message ${inboundMessageId} not in ${statuses.join("/")} after ${timeoutMs} ms (${d?.status ?? "none"})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Lets in-flight jobs finish: the queues are empty and stay so for `quietMs`. */
export async function quiet(h: Harness, quietMs = 1500): Promise<void> {
  const q = h.core.queues.queues;
  let since = Date.now();
  for (const until = Date.now() + 30_000; Date.now() < until; ) {
    const counts = await Promise.all([q.intake, q.analyse, q.send].map((x) => x.getJobCounts("waiting", "active", "delayed")));
    const busy = counts.some((c) => (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) > 0);
    if (busy) since = Date.now();
    else if (Date.now() - since >= quietMs) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Read model of pipeline progress: how many inbound emails have reached a resting state. Used by the demo,
// the end-to-end tests and the benchmark to know when the pipeline is done.
import type { Db } from "./client.js";

export interface Progress {
  inbound: number;
  cases: number;
  sent: number;
  review: number;
  parked: number;
  failed: number;
  duplicates: number;
  /** inbound emails that are sent, waiting for review, parked, failed or duplicate */
  settled: number;
}

/** Counts over the whole database (the demo and tests use a database of their own). */
export async function readProgress(db: Db): Promise<Progress> {
  const [inbound, cases, sent, review, failed, parkedMsgs, duplicates] = await Promise.all([
    db.message.count({ where: { direction: "in" } }),
    db.case.count(),
    db.replyDraft.count({ where: { status: "sent" } }),
    db.replyDraft.count({ where: { status: "review" } }),
    db.replyDraft.count({ where: { status: { in: ["failed", "rejected"] } } }),
    db.message.count({ where: { direction: "in", status: "parked" } }),
    db.message.count({ where: { direction: "in", status: "duplicate" } }),
  ]);
  return { inbound, cases, sent, review, parked: parkedMsgs, failed, duplicates, settled: sent + review + failed + parkedMsgs + duplicates };
}

/** Polls until `expected` inbound emails are settled; rejects after `timeoutMs` with the last counts. */
export async function waitForSettled(db: Db, expected: number, timeoutMs: number, intervalMs = 100): Promise<Progress> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const p = await readProgress(db);
    if (p.inbound >= expected && p.settled >= expected) return p;
    if (Date.now() > until) throw Object.assign(new Error(`pipeline not settled after ${timeoutMs} ms: ${JSON.stringify(p)}`), { progress: p });
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

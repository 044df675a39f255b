// The pure rules behind recovery: what the reconciler does for each combination of database status and job
// state, the poller's reconnect backoff, and how the fault run counts answers. Nothing running.
import { describe, expect, it } from "vitest";
import { draftAction, inboundAction, type JobState } from "../../src/app/reconcile.js";
import { reconnectDelay } from "../../src/adapters/imap/poller.js";
import { faultsLine, faultsPassed, tally } from "../faults/tally.js";

const ALL: JobState[] = ["missing", "waiting", "active", "delayed", "prioritized", "waiting-children", "completed", "failed"];

describe("reconciler rules", () => {
  it("revives the intake of a received message whose job is gone, failed or (oddly) completed", () => {
    expect(inboundAction(7, "received", "missing", "missing")).toEqual({ queue: "intake", id: 7, nudge: "add" });
    expect(inboundAction(7, "received", "failed", "missing")).toEqual({ queue: "intake", id: 7, nudge: "retry" });
    expect(inboundAction(7, "received", "completed", "missing")).toEqual({ queue: "intake", id: 7, nudge: "replace" });
    for (const s of ["waiting", "active", "delayed", "prioritized"] as JobState[]) expect(inboundAction(7, "received", s, "missing")).toBeNull();
  });

  it("never queues analysis by itself for an accepted message intake chose not to analyse (automatic mail)", () => {
    expect(inboundAction(7, "accepted", "completed", "missing")).toBeNull();
    // after a Redis loss both jobs are gone: intake decides again
    expect(inboundAction(7, "accepted", "missing", "missing")).toEqual({ queue: "intake", id: 7, nudge: "add" });
    expect(inboundAction(7, "accepted", "failed", "missing")).toEqual({ queue: "intake", id: 7, nudge: "retry" });
  });

  it("revives the analysis intake queued when that job failed or vanished after completing", () => {
    for (const intake of ALL) {
      expect(inboundAction(7, "accepted", intake, "failed")).toEqual({ queue: "analyse", id: 7, nudge: "retry" });
      expect(inboundAction(7, "accepted", intake, "completed")).toEqual({ queue: "analyse", id: 7, nudge: "replace" });
      expect(inboundAction(7, "accepted", intake, "delayed")).toBeNull();
    }
  });

  it("revives the send job of an approved draft or one whose sender's lease expired", () => {
    expect(draftAction(3, "missing")).toEqual({ queue: "send", id: 3, nudge: "add" });
    expect(draftAction(3, "failed")).toEqual({ queue: "send", id: 3, nudge: "retry" });
    expect(draftAction(3, "completed")).toEqual({ queue: "send", id: 3, nudge: "replace" });
    expect(draftAction(3, "active")).toBeNull(); // a stalled job is BullMQ's stalled checker's
  });
});

describe("poller reconnect backoff", () => {
  it("doubles from 500 ms to a 30 s cap with equal jitter", () => {
    expect(reconnectDelay(0, undefined, () => 0)).toBe(250);
    expect(reconnectDelay(0, undefined, () => 1)).toBe(500);
    expect(reconnectDelay(3, undefined, () => 1)).toBe(4000);
    expect(reconnectDelay(50, undefined, () => 0)).toBe(15_000);
    expect(reconnectDelay(50, undefined, () => 1)).toBe(30_000);
  });
});

describe("fault run tally", () => {
  const a = (inReplyTo: string, messageId: string) => ({ inReplyTo, messageId });
  it("counts answered, duplicates, lost and parked", () => {
    const t = tally(["a", "b", "c", "d"], [a("a", "x1"), a("a", "x5"), a("b", "x2"), a("b", "x2"), a("zzz", "x9")], new Set(["c"]));
    // a: two different answers (duplicate); b: the same answer twice (resend); zzz: answer to nothing sent in
    expect(t).toMatchObject({ n: 4, answered: 2, duplicates: 2, resends: 1, lost: 1, parked: 1, lostIds: ["d"] });
    expect(t.duplicateIds).toEqual([{ id: "a", answers: 2, distinctAnswerIds: 2 }, { id: "b", answers: 2, distinctAnswerIds: 1 }]);
    expect(faultsLine(t)).toBe("faults: 4 emails, 2 answered, 2 duplicates, 1 lost, 1 parked");
    expect(faultsPassed(t)).toBe(false);
    expect(faultsPassed(tally(["a", "c"], [a("a", "x1")], new Set(["c"])))).toBe(true);
  });
});

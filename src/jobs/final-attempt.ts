// What a pipeline job does when its last attempt fails: the message is parked for a consultant with the reason,
// so an email that keeps failing (a defect, not bad input) is seen and answered by hand instead of sitting in
// the queue's failed set while the reconciler revives it again and again.
import type { Job } from "bullmq";
import type { CaseStore } from "../app/ports.js";
import type { Logger } from "../adapters/log/logger.js";

/** true when this attempt is the job's last one (BullMQ: attemptsMade counts the attempts before this one). */
export function isFinalAttempt(job: Pick<Job, "attemptsMade" | "opts">): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Park reason for a step that failed on every attempt: `PROCESSING_FAILED: <step> failed N times (Name[, code])`.
 * Only the error's name and code go in (its message may quote content).
 */
export function processingFailedReason(step: "intake" | "analysis", attempts: number, err: unknown): string {
  const e = err as { name?: string; code?: string | number } | null;
  const what = [e?.name ?? "Error", e?.code === undefined ? null : String(e.code)].filter(Boolean).join(", ");
  return `PROCESSING_FAILED: ${step} failed ${attempts} time${attempts === 1 ? "" : "s"} (${what}); answer it by hand`;
}

/**
 * Runs one attempt of a step for inbound message `job.data.messageId`. When it throws on the job's final
 * attempt, the message is parked (into its case, or a new parked case) with processingFailedReason and
 * "parked" is returned; earlier attempts rethrow for BullMQ's retry with backoff.
 * @throws the step's error before the final attempt; the store's error when parking fails too (database
 *   unreachable: the job fails and the reconciler revives it later)
 */
export async function parkOnFinalFailure<T>(
  job: Pick<Job<{ messageId: number }>, "attemptsMade" | "opts" | "id" | "data">,
  step: "intake" | "analysis",
  deps: { store: Pick<CaseStore, "parkInbound">; log: Logger; referencePrefix: string },
  attempt: () => Promise<T>,
): Promise<T | "parked"> {
  try {
    return await attempt();
  } catch (err) {
    if (!isFinalAttempt(job)) throw err;
    await deps.store.parkInbound(job.data.messageId, processingFailedReason(step, job.attemptsMade + 1, err), null, deps.referencePrefix);
    deps.log.error({ step, jobId: job.id, messageId: job.data.messageId, err: (err as Error)?.name }, "step failed on every attempt, message parked for a consultant");
    return "parked";
  }
}

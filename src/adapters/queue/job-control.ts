// BullMQ side of the reconciler: the state of a pipeline job by its deterministic id, and the nudges
// (add a missing job, retry a failed one, replace a completed one) under that same id.
import type { Queue } from "bullmq";
import { jobIdFor, type QueueName } from "./queues.js";
import type { Action, JobControl, JobState } from "../../app/reconcile.js";

const KNOWN: ReadonlySet<string> = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children", "completed", "failed"]);

/** @param queues the pipeline queues by name (createQueues().queues) */
export function createJobControl(queues: Record<QueueName, Queue>): JobControl {
  return {
    async state(queue, id) {
      // one script call on the job id, no job hash read and deserialised ("unknown" when there is no job)
      const s = await queues[queue].getJobState(jobIdFor(queue, id));
      return (KNOWN.has(s) ? s : "missing") as JobState;
    },
    async apply(a: Action) {
      const q = queues[a.queue];
      const jobId = jobIdFor(a.queue, a.id);
      const data = a.queue === "send" ? { draftId: a.id } : { messageId: a.id };
      if (a.nudge === "retry") {
        const job = await q.getJob(jobId);
        if (job && (await job.getState()) === "failed") {
          await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
          return;
        }
      }
      if (a.nudge === "replace") {
        const job = await q.getJob(jobId);
        if (job && (await job.getState()) === "completed") await job.remove();
      }
      await q.add(a.queue, data, { jobId });
    },
  };
}

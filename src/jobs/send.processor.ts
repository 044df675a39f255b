// Send queue processor: exactly-once SMTP delivery; permanent failures become UnrecoverableError (no retry).
import { UnrecoverableError, type Job } from "bullmq";
import { PermanentSendError, sendDraft, type SendDeps } from "../app/send.js";
import type { Logger } from "../adapters/log/logger.js";

export interface SendJobData {
  draftId: number;
}

/** Returns the processor for the send queue; logs at error level only on the final attempt (house rule 3). */
export function sendProcessor(deps: SendDeps & { log: Logger }) {
  return async (job: Job<SendJobData>): Promise<string> => {
    try {
      const outcome = await sendDraft(deps, job.data.draftId);
      deps.log.info({ queue: "send", jobId: job.id, draftId: job.data.draftId, outcome: outcome.kind }, "send done");
      return outcome.kind;
    } catch (err) {
      if (err instanceof PermanentSendError) {
        deps.log.error({ queue: "send", jobId: job.id, draftId: job.data.draftId, code: err.info.code }, "permanent send failure, case parked");
        throw new UnrecoverableError(`${err.info.code}: ${err.info.reason}`);
      }
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      deps.log[final ? "error" : "warn"]({ queue: "send", jobId: job.id, draftId: job.data.draftId, code: (err as { code?: string }).code }, "send attempt failed");
      throw err;
    }
  };
}

// Intake queue processor: files the message into a case, then queues its analysis.
import type { Job } from "bullmq";
import type { JobQueue } from "../app/ports.js";
import { intakeMessage, type IntakeDeps, type IntakeOutcome } from "../app/intake.js";
import type { Logger } from "../adapters/log/logger.js";

export interface IntakeJobData {
  messageId: number;
}

/** Returns the processor for the intake queue. The next job is queued after the case is committed. */
export function intakeProcessor(deps: IntakeDeps & { queue: JobQueue; log: Logger }) {
  return async (job: Job<IntakeJobData>): Promise<IntakeOutcome["kind"]> => {
    const outcome = await intakeMessage(deps, job.data.messageId);
    if (outcome.kind === "analyse") await deps.queue.enqueueAnalyse(job.data.messageId);
    deps.log.info({ queue: "intake", jobId: job.id, caseId: "caseId" in outcome ? outcome.caseId : null, outcome: outcome.kind }, "intake done");
    return outcome.kind;
  };
}

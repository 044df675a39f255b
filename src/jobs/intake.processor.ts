// Intake queue processor: files the message into a case, then queues its analysis.
import type { Job } from "bullmq";
import type { JobQueue } from "../app/ports.js";
import { intakeMessage, type IntakeDeps, type IntakeOutcome } from "../app/intake.js";
import type { Logger } from "../adapters/log/logger.js";
import { parkOnFinalFailure } from "./final-attempt.js";

export interface IntakeJobData {
  messageId: number;
}

/**
 * Returns the processor for the intake queue. The next job is queued after the case is committed. A message
 * whose intake fails on every attempt is parked with a PROCESSING_FAILED reason (see parkOnFinalFailure).
 */
export function intakeProcessor(deps: IntakeDeps & { queue: JobQueue; log: Logger }) {
  return async (job: Job<IntakeJobData>): Promise<IntakeOutcome["kind"]> => {
    const outcome = await parkOnFinalFailure(job, "intake", deps, () => intakeMessage(deps, job.data.messageId));
    if (outcome === "parked") return "parked";
    if (outcome.kind === "analyse") await deps.queue.enqueueAnalyse(job.data.messageId);
    deps.log.info({ queue: "intake", jobId: job.id, caseId: "caseId" in outcome ? outcome.caseId : null, outcome: outcome.kind }, "intake done");
    return outcome.kind;
  };
}

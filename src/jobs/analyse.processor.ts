// Analyse queue processor: drafts the answer, then queues the send when the route is auto.
import type { Job } from "bullmq";
import type { JobQueue } from "../app/ports.js";
import { analyseMessage, type AnalyseDeps } from "../app/analyse.js";
import type { Logger } from "../adapters/log/logger.js";
import { parkOnFinalFailure } from "./final-attempt.js";

export interface AnalyseJobData {
  messageId: number;
}

/**
 * Returns the processor for the analyse queue. A message whose analysis fails on every attempt is parked with a
 * PROCESSING_FAILED reason (see parkOnFinalFailure).
 */
export function analyseProcessor(deps: AnalyseDeps & { queue: JobQueue; log: Logger }) {
  return async (job: Job<AnalyseJobData>): Promise<string> => {
    const draft = await parkOnFinalFailure(job, "analysis", deps, () => analyseMessage(deps, job.data.messageId));
    if (draft === "parked") return "parked";
    if (!draft) return "skipped";
    if (draft.status === "approved") await deps.queue.enqueueSend(draft.id);
    deps.log.info({ queue: "analyse", jobId: job.id, caseId: draft.caseId, draftId: draft.id, route: draft.route }, "draft ready");
    return draft.route;
  };
}

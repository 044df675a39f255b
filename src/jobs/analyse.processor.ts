// Analyse queue processor: drafts the answer, then queues the send when the route is auto.
import type { Job } from "bullmq";
import type { JobQueue } from "../app/ports.js";
import { analyseMessage, type AnalyseDeps } from "../app/analyse.js";
import type { Logger } from "../adapters/log/logger.js";

export interface AnalyseJobData {
  messageId: number;
}

/** Returns the processor for the analyse queue. */
export function analyseProcessor(deps: AnalyseDeps & { queue: JobQueue; log: Logger }) {
  return async (job: Job<AnalyseJobData>): Promise<string> => {
    const draft = await analyseMessage(deps, job.data.messageId);
    if (!draft) return "skipped";
    if (draft.status === "approved") await deps.queue.enqueueSend(draft.id);
    deps.log.info({ queue: "analyse", jobId: job.id, caseId: draft.caseId, draftId: draft.id, route: draft.route }, "draft ready");
    return draft.route;
  };
}

// Routes a draft to consultant review when its reply would repeat case details to a sender the policy did not
// clear for them (CASEDESK_REQUIRE_AUTH_FOR_DETAILS and an unauthenticated From). Wraps the analyse step's
// store, so the analysis itself stays unaware of sender policy.
import type { CaseStore } from "./ports.js";

/**
 * The store with `saveAnalysis` changed: an `auto` draft whose inbound message was recorded with
 * `detailsAllowed === false` (see SenderGate.screen; carried in `record.inboundSender`) is saved with route
 * `review` instead, and the reason is audited. Every other method is the wrapped store's.
 */
export function withSenderRouting(store: CaseStore): CaseStore {
  return {
    ...store,
    async saveAnalysis(record) {
      if (record.route !== "auto" || record.inboundSender.detailsAllowed !== false) return store.saveAnalysis(record);
      const draft = await store.saveAnalysis({ ...record, route: "review" });
      await store.audit(record.caseId, "system:analyse", "draft.review-required", { draftId: draft.id, reason: record.inboundSender.policy });
      return draft;
    },
  };
}

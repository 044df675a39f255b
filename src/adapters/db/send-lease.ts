// Heartbeat of the send claim: a `sending` draft's lease is its updatedAt; the sender renews it while the SMTP
// transaction runs, so a takeover (claimDraftForSend with an expired lease) only happens when the sender died.
import type { Db } from "./client.js";

export interface SendLease {
  /**
   * Touches updatedAt of draft `draftId` if it is still `sending` under fencing token `token` (its `attempts`).
   * @returns false when the claim was lost (taken over, or the draft left `sending`)
   */
  renewSendLease(draftId: number, token: number): Promise<boolean>;
}

/** Creates the lease renewer over an open Prisma client (updatedAt is Prisma's @updatedAt, set on every update). */
export function createSendLease(db: Db): SendLease {
  return {
    async renewSendLease(draftId, token) {
      const { count } = await db.replyDraft.updateMany({ where: { id: draftId, status: "sending", attempts: token }, data: { attempts: token } });
      return count === 1;
    },
  };
}

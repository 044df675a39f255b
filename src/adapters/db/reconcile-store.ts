// Prisma queries of the reconciler: which work the database says is unfinished. Read-only apart from markSent,
// which is CaseStore's idempotent one.
import type { Db } from "./client.js";
import type { ReconcileStore } from "../../app/reconcile.js";
import type { CaseStore } from "../../app/ports.js";

/** Creates the reconciler's store over an open Prisma client and the pipeline's CaseStore. */
export function createReconcileStore(db: Db, store: Pick<CaseStore, "markSent">): ReconcileStore {
  return {
    async unsettledInbound(before, since, limit) {
      const rows = await db.message.findMany({
        where: {
          direction: "in",
          createdAt: { lt: before, gte: since },
          OR: [{ status: "received" }, { status: "accepted", drafts: { none: {} } }],
        },
        select: { id: true, status: true },
        orderBy: { id: "asc" },
        take: limit,
      });
      return rows.map((r) => ({ id: r.id, status: r.status === "received" ? "received" : "accepted" }));
    },

    async unsentDrafts(approvedBefore, sendingBefore, limit) {
      const rows = await db.replyDraft.findMany({
        where: { OR: [{ status: "approved", updatedAt: { lt: approvedBefore } }, { status: "sending", updatedAt: { lt: sendingBefore } }] },
        select: { id: true },
        orderBy: { id: "asc" },
        take: limit,
      });
      return rows.map((r) => r.id);
    },

    async sentWithoutRecord(before, since, limit) {
      const sent = await db.replyDraft.findMany({
        where: { status: "sent", sentAt: { lt: before, gte: since } },
        select: { id: true, outboundMessageId: true },
        orderBy: { id: "asc" },
        take: limit,
      });
      if (sent.length === 0) return [];
      const have = await db.message.findMany({
        where: { direction: "out", messageId: { in: sent.map((d) => d.outboundMessageId) } },
        select: { messageId: true },
      });
      const recorded = new Set(have.map((m) => m.messageId));
      return sent.filter((d) => !recorded.has(d.outboundMessageId)).map((d) => d.id);
    },

    markSent: (draftId, sentAt) => store.markSent(draftId, sentAt),
  };
}

// Prisma implementation of the send step's store (src/app/send.ts SendStore): the exactly-once claim with its
// lease heartbeat, and the recording of a delivery or a failure. Part of CaseStore; the send worker uses it alone.
import { Prisma } from "../../generated/sqlite/client.js";
import { directSqlOf, type Db } from "./client.js";
import type { SendStore } from "../../app/send.js";
import { auditInsert, DRAFT_COLUMNS, DRAFT_INCLUDE, draftRow, type DraftSql } from "./rows.js";

/** The delivered draft's fields the bookkeeping after a send copies into the outbound Message row. */
const SENT_DRAFT_COLUMNS = Prisma.sql`"caseId", "outboundMessageId", "inReplyTo", "references", "toAddress", "subject", "text", "html"`;
interface SentDraftSql {
  caseId: number; outboundMessageId: string; inReplyTo: string | null; references: string | null; toAddress: string; subject: string; text: string; html: string;
}

/** Creates the send store over an open Prisma client (`renewSendLease` included: the heartbeat is always on). */
export function createSendStore(db: Db): Required<SendStore> {
  const sql = directSqlOf(db); // the per-email statements, on the driver directly (direct-sql.ts)
  /**
   * The bookkeeping of a delivery, in one transaction: the outbound Message row unless one exists, the case
   * status `sent` when no other draft of the case is pending, the audit event.
   */
  async function recordDelivery(draftId: number, d: SentDraftSql, sentAt: Date): Promise<void> {
    const now = new Date();
    const caseId = Number(d.caseId);
    await sql.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO "Message" ("caseId", "direction", "status", "messageId", "inReplyTo", "references", "toAddress", "subject", "newText", "html", "receivedAt", "createdAt")
        SELECT ${caseId}, 'out', 'accepted', ${d.outboundMessageId}, ${d.inReplyTo}, ${d.references}, ${d.toAddress}, ${d.subject}, ${d.text}, ${d.html}, ${sentAt}, ${now}
        WHERE NOT EXISTS (SELECT 1 FROM "Message" WHERE "direction" = 'out' AND "messageId" = ${d.outboundMessageId})`;
      await tx.$executeRaw`UPDATE "Case" SET "status" = 'sent', "updatedAt" = ${now}
        WHERE "id" = ${caseId} AND NOT EXISTS (SELECT 1 FROM "ReplyDraft" WHERE "caseId" = ${caseId} AND "status" IN ('review', 'approved', 'sending'))`;
      await tx.$executeRaw(auditInsert(caseId, "system:send", "draft.sent", { draftId }, now));
    });
  }

  return {
    /**
     * approved → sending in one conditional UPDATE (the exactly-once guard), or else a takeover of a `sending`
     * draft whose lease (updatedAt, renewed by the sender's heartbeat) is older than `leaseMs` (audited: the
     * earlier attempt may have been accepted by the SMTP server). `attempts` is incremented: the fencing token.
     */
    async claimDraftForSend(draftId, leaseMs) {
      // the usual case in one statement: UPDATE … WHERE status = 'approved' RETURNING …
      const [claimed] = await sql.$queryRaw<Array<DraftSql & { reference: string | null }>>`UPDATE "ReplyDraft" SET "status" = 'sending', "attempts" = "attempts" + 1,
          "updatedAt" = ${new Date()}
        WHERE "id" = ${draftId} AND "status" = 'approved'
        RETURNING ${DRAFT_COLUMNS}, (SELECT c."reference" FROM "Case" c WHERE c."id" = "ReplyDraft"."caseId") AS "reference"`;
      if (claimed) return draftRow({ ...claimed, case: { reference: claimed.reference } });
      const staleBefore = new Date(Date.now() - leaseMs);
      const { count } = await db.replyDraft.updateMany({ where: { id: draftId, status: "sending", updatedAt: { lt: staleBefore } }, data: { status: "sending", attempts: { increment: 1 } } });
      if (count === 0) return null;
      const d = await db.replyDraft.findUniqueOrThrow({ where: { id: draftId }, include: DRAFT_INCLUDE });
      await db.auditEvent.create({ data: { caseId: d.caseId, actor: "system:send", action: "draft.takeover", detail: JSON.stringify({ draftId, attempt: d.attempts }) } });
      return draftRow(d);
    },

    async getDraft(draftId) {
      const d = await db.replyDraft.findUnique({ where: { id: draftId }, include: DRAFT_INCLUDE });
      return d ? draftRow(d) : null;
    },

    /**
     * Touches updatedAt of draft `draftId` if it is still `sending` under fencing token `token` (its `attempts`):
     * the heartbeat of the claim while the SMTP transaction runs, so a takeover only happens when the sender died.
     * @returns false when the claim was lost (taken over, or the draft left `sending`)
     */
    async renewSendLease(draftId, token) {
      const { count } = await db.replyDraft.updateMany({ where: { id: draftId, status: "sending", attempts: token }, data: { attempts: token } });
      return count === 1;
    },

    /**
     * Records a delivery the SMTP server accepted. First one conditional UPDATE … RETURNING (draft → sent,
     * committed on its own, so the at-least-once window after the SMTP 250 is one statement), then the
     * bookkeeping (recordDelivery). Idempotent: calling it again for a sent draft completes bookkeeping a crash
     * left undone (the reconciler does so after a crash between the two steps).
     * @throws Error when the draft does not exist
     */
    async markSent(draftId, sentAt) {
      const [first] = await sql.$queryRaw<SentDraftSql[]>`
        UPDATE "ReplyDraft" SET "status" = 'sent', "sentAt" = ${sentAt}, "error" = NULL, "updatedAt" = ${new Date()} WHERE "id" = ${draftId} AND "status" <> 'sent'
        RETURNING ${SENT_DRAFT_COLUMNS}`;
      if (first) return recordDelivery(draftId, first, sentAt);
      // already sent: complete the bookkeeping unless its outbound Message row shows it was done
      const [sent] = await sql.$queryRaw<Array<SentDraftSql & { sentAt: Date | null; recorded: boolean | number }>>`
        SELECT ${SENT_DRAFT_COLUMNS}, "sentAt",
          EXISTS (SELECT 1 FROM "Message" m WHERE m."direction" = 'out' AND m."messageId" = d."outboundMessageId") AS "recorded"
        FROM "ReplyDraft" d WHERE d."id" = ${draftId}`;
      if (!sent) throw new Error(`draft ${draftId} not found`);
      if (!sent.recorded) await recordDelivery(draftId, sent, sent.sentAt ?? sentAt);
    },

    /**
     * Only a draft still `sending` changes: a late failure report of an attempt that was taken over must not
     * turn a `sent` draft back to approved. Transient: back to approved. Permanent (RFC 5321 5yz): draft failed,
     * case parked with the reason (shown to consultants).
     */
    async markSendFailed(draftId, reason, permanent) {
      await db.$transaction(async (tx) => {
        const { count } = await tx.replyDraft.updateMany({ where: { id: draftId, status: "sending" }, data: { status: permanent ? "failed" : "approved", error: reason } });
        if (count === 0) return;
        const d = await tx.replyDraft.findUniqueOrThrow({ where: { id: draftId }, select: { caseId: true } });
        if (permanent) await tx.case.update({ where: { id: d.caseId }, data: { status: "parked", parkReason: reason } });
        await tx.auditEvent.create({ data: { caseId: d.caseId, actor: "system:send", action: permanent ? "draft.failed" : "draft.retry", detail: JSON.stringify({ draftId, reason }) } });
      });
    },
  };
}

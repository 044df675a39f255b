// Prisma implementations of the email-safety ports: the Sender registry, the SenderNotice ledger, the
// authentication verdict and policy decision stored with each inbound Message, and the raw-message retention
// purge. Returns plain objects.
import { directSqlOf, type Db } from "./client.js";
import { isUniqueViolation } from "./errors.js";
import type { NoticeDraftInput, RegisteredSender, SenderStore } from "../../app/sender-ports.js";
import type { SenderEntry } from "../../domain/email/sender-policy.js";
import type { RetentionStore } from "../../app/retention.js";


function row(s: { id: number; kind: string; value: string; note: string | null; createdAt: Date }): RegisteredSender {
  return { ...s, kind: s.kind === "domain" ? "domain" : "address" };
}

/** Creates the SenderStore over an open Prisma client. */
export function createSenderStore(db: Db): SenderStore {
  const sql = directSqlOf(db); // the per-email statements, on the driver directly (direct-sql.ts)
  return {
    async listSenders() {
      return (await db.sender.findMany({ orderBy: [{ kind: "asc" }, { value: "asc" }] })).map(row);
    },

    async addSender(entry: SenderEntry, note) {
      const have = await db.sender.findUnique({ where: { value: entry.value } });
      if (have) return { sender: row(have), created: false };
      try {
        return { sender: row(await db.sender.create({ data: { kind: entry.kind, value: entry.value, note } })), created: true };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        return { sender: row(await db.sender.findUniqueOrThrow({ where: { value: entry.value } })), created: false };
      }
    },

    async removeSender(value) {
      const { count } = await db.sender.deleteMany({ where: { value: value.trim().toLowerCase().replace(/^@/, "") } });
      return count > 0;
    },

    // countRecentFrom and decisionOf run for every email: raw SQL (see case-store.ts); the verdicts and the
    // decision are written by CaseStore.acceptInbound / parkInbound together with the message
    async countRecentFrom(address, since, until, messageId) {
      const [row] = await sql.$queryRaw<Array<{ n: number | bigint | string }>>`SELECT COUNT(*) AS "n" FROM "Message"
        WHERE "fromAddress" = ${address} AND "receivedAt" >= ${since} AND "receivedAt" <= ${until} AND "direction" = 'in' AND "id" <> ${messageId}
          AND "status" IN ('accepted', 'parked')`;
      return Number(row?.n ?? 0);
    },

    async lastNotice(address) {
      const n = await db.senderNotice.findUnique({ where: { address } });
      return n ? { at: n.lastNoticeAt, messageId: n.lastMessageId } : null;
    },

    async claimNotice(address, messageId, at, intervalMs) {
      const cutoff = new Date(at.getTime() - intervalMs);
      const { count } = await db.senderNotice.updateMany({
        where: { address, OR: [{ lastNoticeAt: { lte: cutoff } }, { lastMessageId: messageId }] },
        data: { lastNoticeAt: at, lastMessageId: messageId },
      });
      if (count > 0) return true;
      try {
        await db.senderNotice.create({ data: { address, lastNoticeAt: at, lastMessageId: messageId } });
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false; // a recent notice exists, or a concurrent claim won
        throw err;
      }
    },

    async decisionOf(messageId) {
      const [m] = await sql.$queryRaw<Array<{ senderPolicy: string | null; detailsAllowed: boolean | null }>>`SELECT "senderPolicy", "detailsAllowed" FROM "Message" WHERE "id" = ${messageId}`;
      return m?.senderPolicy ? { reason: m.senderPolicy, detailsAllowed: m.detailsAllowed } : null;
    },

    async noticeContext(messageId) {
      const m = await db.message.findUnique({
        where: { id: messageId },
        select: { caseId: true, fromAddress: true, messageId: true, inReplyTo: true, references: true, case: { select: { reference: true } }, drafts: { select: { id: true } } },
      });
      if (!m?.caseId || !m.fromAddress) return null;
      return {
        caseId: m.caseId,
        reference: m.case?.reference ?? "",
        toAddress: m.fromAddress,
        messageId: m.messageId,
        inReplyTo: m.inReplyTo,
        references: m.references ? m.references.split(" ") : [],
        draftId: m.drafts[0]?.id ?? null,
      };
    },

    async createNoticeDraft(d: NoticeDraftInput) {
      const have = await db.replyDraft.findUnique({ where: { inboundMessageId: d.inboundMessageId }, select: { id: true } });
      if (have) return { draftId: have.id, created: false };
      try {
        const created = await db.$transaction(async (tx) => {
          const draft = await tx.replyDraft.create({
            data: {
              caseId: d.caseId, inboundMessageId: d.inboundMessageId, status: "approved", route: "notice", confidence: 1,
              toAddress: d.toAddress, subject: d.subject, text: d.text, html: d.html, generatedText: d.text,
              outboundMessageId: d.outboundMessageId, inReplyTo: d.inReplyTo, references: d.references.join(" ") || null,
            },
            select: { id: true },
          });
          await tx.auditEvent.create({ data: { caseId: d.caseId, actor: "system:intake", action: "sender.notice", detail: JSON.stringify({ draftId: draft.id, messageId: d.inboundMessageId }) } });
          return draft;
        });
        return { draftId: created.id, created: true };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const again = await db.replyDraft.findUniqueOrThrow({ where: { inboundMessageId: d.inboundMessageId }, select: { id: true } });
        return { draftId: again.id, created: false };
      }
    },
  };
}

/** Prisma implementation of the retention port (src/app/retention.ts). */
export function createRetentionStore(db: Db): RetentionStore {
  return {
    async purgeRawBefore(cutoff, now) {
      const where = { createdAt: { lt: cutoff }, purgedAt: null, messages: { none: { status: "received" as const } } };
      const rows = await db.rawMessage.findMany({ where, select: { sha256: true, size: true } });
      let purged = 0;
      let bytes = 0;
      for (let i = 0; i < rows.length; i += 200) {
        const batch = rows.slice(i, i + 200);
        const { count } = await db.rawMessage.updateMany({ where: { ...where, sha256: { in: batch.map((r) => r.sha256) } }, data: { bytes: new Uint8Array(), purgedAt: now } });
        purged += count;
        bytes += batch.reduce((n, r) => n + r.size, 0);
      }
      return { purged, bytes };
    },
  };
}

// Prisma implementation of the review queue's ReviewStore: queue listings, the case view, claims and the
// conditional draft writes (claim held + version matches + still in review, in one transaction).
import type { Db } from "./client.js";
import type { AuditView, CaseListItem, ClaimResult, DraftChange, DraftChangeResult, QueueTab, ReviewCase, ReviewStore } from "../../app/review-ports.js";

/** Thrown inside a transaction to roll it back with a result. */
class Rollback extends Error {
  constructor(readonly result: DraftChangeResult) {
    super("rollback");
  }
}

function parseDetail(detail: string | null): unknown {
  if (detail === null) return null;
  try {
    return JSON.parse(detail);
  } catch {
    return detail;
  }
}

function tabWhere(tab: QueueTab, userId: number, now: Date) {
  const live = { claimExpiresAt: { gt: now } };
  switch (tab) {
    case "review":
      return { status: "review" as const };
    case "claimed":
      return { status: "review" as const, claimedById: { not: null }, ...live };
    case "mine":
      return { status: "review" as const, claimedById: userId, ...live };
    case "sent":
      return { status: { in: ["sent" as const, "sending" as const] } };
    case "parked":
      return { status: { in: ["parked" as const, "closed" as const] } };
  }
}

/** Creates the ReviewStore over an open Prisma client. */
export function createReviewStore(db: Db): ReviewStore {
  return {
    async listCases({ tab, userId, q, now, limit }) {
      const search = q
        ? { OR: [{ reference: { contains: q.toUpperCase() } }, { requester: { contains: q.toLowerCase() } }, { mentions: { some: { code: { startsWith: q.toUpperCase() } } } }] }
        : {};
      const rows = await db.case.findMany({
        where: { ...tabWhere(tab, userId, now), ...search },
        orderBy: [{ lastMessageAt: tab === "review" || tab === "claimed" || tab === "mine" ? "asc" : "desc" }, { id: "asc" }],
        take: limit,
        select: {
          id: true, reference: true, status: true, subject: true, requester: true, requesterName: true, lastMessageAt: true,
          claimExpiresAt: true, parkReason: true, claimedBy: { select: { email: true } },
        },
      });
      return rows.map((c): CaseListItem => {
        const live = c.claimExpiresAt !== null && c.claimExpiresAt > now;
        return {
          id: c.id, reference: c.reference ?? "", status: c.status, subject: c.subject, from: c.requester, fromName: c.requesterName,
          receivedAt: c.lastMessageAt, claimedBy: live ? (c.claimedBy?.email ?? null) : null, claimExpiresAt: live ? c.claimExpiresAt : null, parkReason: c.parkReason,
        };
      });
    },

    async getCase(caseId): Promise<ReviewCase | null> {
      const c = await db.case.findUnique({
        where: { id: caseId },
        include: {
          claimedBy: { select: { id: true, email: true } },
          messages: { orderBy: [{ receivedAt: "asc" }, { id: "asc" }] },
          mentions: { orderBy: [{ messageId: "asc" }, { start: "asc" }] },
          findings: { orderBy: { id: "asc" } },
          drafts: { orderBy: { id: "desc" }, take: 1 },
          auditEvents: { orderBy: { id: "asc" } },
        },
      });
      if (!c) return null;
      const d = c.drafts[0];
      return {
        id: c.id, reference: c.reference ?? "", status: c.status, subject: c.subject, requester: c.requester, requesterName: c.requesterName,
        parkReason: c.parkReason, dateOfService: c.dateOfService, createdAt: c.createdAt, lastMessageAt: c.lastMessageAt,
        claimedBy: c.claimedBy, claimExpiresAt: c.claimExpiresAt,
        messages: c.messages.map((m) => ({
          id: m.id, direction: m.direction, status: m.status, messageId: m.messageId, fromAddress: m.fromAddress, fromName: m.fromName,
          toAddress: m.toAddress, subject: m.subject, newText: m.newText, quotedText: m.quotedText, html: m.html, parkReason: m.parkReason,
          receivedAt: m.receivedAt, hasRaw: m.rawSha256 !== null,
        })),
        mentions: c.mentions.map((m) => ({
          messageId: m.messageId, system: m.system, code: m.code, modifiers: m.modifiers, units: m.units, location: m.location, text: m.text, status: m.status, title: m.title,
        })),
        findings: c.findings.map((f) => ({ code: f.code, severity: f.severity, subject: f.subject, message: f.message, source: f.source, release: f.release })),
        draft: d
          ? {
              id: d.id, status: d.status, route: d.route, toAddress: d.toAddress, subject: d.subject, text: d.text, html: d.html, generatedText: d.generatedText,
              version: d.version, error: d.error, inboundMessageId: d.inboundMessageId, updatedAt: d.updatedAt, sentAt: d.sentAt,
            }
          : null,
        audit: c.auditEvents.map((a) => ({ actor: a.actor, action: a.action, detail: parseDetail(a.detail), createdAt: a.createdAt })),
      };
    },

    async loadRaw(caseId, messageId) {
      const m = await db.message.findFirst({ where: { id: messageId, caseId }, include: { raw: true } });
      return m?.raw ? Buffer.from(m.raw.bytes) : null;
    },

    async claim(caseId, userId, now, expiresAt, actor): Promise<ClaimResult> {
      const { count } = await db.case.updateMany({
        where: { id: caseId, status: "review", OR: [{ claimedById: null }, { claimExpiresAt: null }, { claimExpiresAt: { lte: now } }, { claimedById: userId }] },
        data: { claimedById: userId, claimExpiresAt: expiresAt },
      });
      if (count === 1) {
        await db.auditEvent.create({ data: { caseId, actor, action: "case.claimed", detail: JSON.stringify({ expiresAt: expiresAt.toISOString() }) } });
        return { kind: "ok", expiresAt };
      }
      const c = await db.case.findUnique({ where: { id: caseId }, select: { status: true, claimExpiresAt: true, claimedBy: { select: { email: true } } } });
      if (!c) return { kind: "not-reviewable", status: "missing" };
      if (c.status !== "review") return { kind: "not-reviewable", status: c.status };
      return { kind: "held", holder: c.claimedBy?.email ?? "someone", expiresAt: c.claimExpiresAt ?? now };
    },

    async release(caseId, userId, force, actor) {
      const { count } = await db.case.updateMany({
        where: { id: caseId, claimedById: force ? { not: null } : userId },
        data: { claimedById: null, claimExpiresAt: null },
      });
      if (count === 1) await db.auditEvent.create({ data: { caseId, actor, action: "case.released" } });
      return count === 1;
    },

    async reassign(caseId, toUserId, expiresAt, actor, detail) {
      await db.$transaction(async (tx) => {
        await tx.case.update({ where: { id: caseId }, data: { claimedById: toUserId, claimExpiresAt: expiresAt } });
        await tx.auditEvent.create({ data: { caseId, actor, action: "case.reassigned", detail: JSON.stringify(detail) } });
      });
    },

    async applyDraftChange(ch: DraftChange): Promise<DraftChangeResult> {
      try {
        return await db.$transaction(async (tx) => {
          const caseData = ch.claimExpiresAt
            ? { claimExpiresAt: ch.claimExpiresAt }
            : { claimedById: null, claimExpiresAt: null, ...(ch.caseStatus ? { status: ch.caseStatus } : {}), ...(ch.parkReason ? { parkReason: ch.parkReason } : {}) };
          const held = await tx.case.updateMany({ where: { id: ch.caseId, status: "review", claimedById: ch.userId, claimExpiresAt: { gt: ch.now } }, data: caseData });
          if (held.count === 0) {
            const c = await tx.case.findUniqueOrThrow({ where: { id: ch.caseId }, select: { status: true, claimExpiresAt: true, claimedBy: { select: { email: true } } } });
            if (c.status !== "review") {
              const d = await tx.replyDraft.findUniqueOrThrow({ where: { id: ch.draftId }, select: { version: true, status: true, updatedAt: true } });
              return { kind: "stale", currentVersion: d.version, status: d.status, updatedAt: d.updatedAt } as const;
            }
            return { kind: "not-claimed", holder: c.claimedBy?.email ?? null, expiresAt: c.claimExpiresAt } as const;
          }
          const d = await tx.replyDraft.updateMany({
            where: { id: ch.draftId, caseId: ch.caseId, version: ch.expectedVersion, status: "review" },
            data: { text: ch.text, html: ch.html, status: ch.draftStatus, version: { increment: 1 } },
          });
          if (d.count === 0) {
            const cur = await tx.replyDraft.findUniqueOrThrow({ where: { id: ch.draftId }, select: { version: true, status: true, updatedAt: true } });
            throw new Rollback({ kind: "stale", currentVersion: cur.version, status: cur.status, updatedAt: cur.updatedAt });
          }
          await tx.auditEvent.create({ data: { caseId: ch.caseId, actor: ch.audit.actor, action: ch.audit.action, detail: JSON.stringify(ch.audit.detail) } });
          return { kind: "ok", version: ch.expectedVersion + 1 } as const;
        });
      } catch (err) {
        if (err instanceof Rollback) return err.result;
        throw err;
      }
    },

    async lastAudit(caseId, actions): Promise<AuditView | null> {
      const a = await db.auditEvent.findFirst({ where: { caseId, action: { in: actions } }, orderBy: { id: "desc" } });
      return a ? { actor: a.actor, action: a.action, detail: parseDetail(a.detail), createdAt: a.createdAt } : null;
    },

    async findUserByEmail(email) {
      return db.user.findUnique({ where: { email }, select: { id: true, email: true, role: true, disabled: true } });
    },

    async audit(caseId, actor, action, detail) {
      await db.auditEvent.create({ data: { caseId, actor, action, detail: detail === undefined ? null : JSON.stringify(detail) } });
    },
  };
}

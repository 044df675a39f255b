// Prisma implementation of the pipeline's CaseStore port: cases, messages, drafts, checkpoints, audit.
// Returns plain objects; every write is idempotent for its natural key.
import { createHash } from "node:crypto";
import type { Db } from "./client.js";
import type { AcceptInput, AnalysisRecord, CaseRow, CaseStore, DraftRow, InboundRef, ParsedEmail, StoredInbound } from "../../app/ports.js";
import { formatCaseReference } from "../../domain/email/threading.js";

const CASE_SELECT = { id: true, reference: true, status: true, requester: true, requesterName: true, subject: true } as const;

function caseRow(c: { id: number; reference: string | null; status: string; requester: string; requesterName: string | null; subject: string }): CaseRow {
  return { ...c, reference: c.reference ?? "" };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "P2002";
}

/** Prisma's "record to update not found" (a conditional update whose condition no longer holds). */
function isNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "P2025";
}

/** Creates the CaseStore over an open Prisma client. */
export function createCaseStore(db: Db): CaseStore {
  /**
   * Nested-create input for a new case opened by inbound message `messageId`. The reference's sequence is
   * that message's id: unique (a message opens at most one case), increasing, known before the insert, so
   * the case is created in the same statement as the message update.
   */
  function newCase(messageId: number, parsed: ParsedEmail | null, prefix: string, status: "open" | "parked", parkReason?: string) {
    return {
      reference: formatCaseReference(prefix, new Date().getUTCFullYear(), messageId),
      requester: parsed?.from?.address.toLowerCase() ?? "",
      requesterName: parsed?.from?.name ?? null,
      subject: (parsed?.subject ?? "").slice(0, 998),
      status,
      parkReason: parkReason ?? null,
      auditEvents: {
        create: { actor: "system:intake", action: status === "parked" ? "case.parked" : "case.opened", detail: JSON.stringify(parkReason ? { messageId, reason: parkReason } : { messageId }) },
      },
    };
  }

  /** Re-reads the case of a message an earlier attempt already filed (idempotent intake). */
  async function caseOfMessage(messageId: number): Promise<CaseRow> {
    const m = await db.message.findUniqueOrThrow({ where: { id: messageId }, select: { case: { select: CASE_SELECT } } });
    if (!m.case) throw new Error(`message ${messageId} was filed without a case`);
    return caseRow(m.case);
  }

  function headerFields(parsed: ParsedEmail) {
    return {
      messageId: parsed.messageId,
      inReplyTo: parsed.inReplyTo,
      references: parsed.references.join(" ") || null,
      fromAddress: parsed.from?.address.toLowerCase() ?? null,
      fromName: parsed.from?.name ?? null,
      toAddress: parsed.to.join(", ") || null,
      subject: parsed.subject.slice(0, 998),
      html: parsed.html,
      newText: parsed.text,
    };
  }

  function draftRow(d: {
    id: number; caseId: number; status: string; route: string; toAddress: string; subject: string; text: string; html: string;
    outboundMessageId: string; inReplyTo: string | null; references: string | null; attempts: number; case: { reference: string | null };
  }): DraftRow {
    const { case: c, references, ...rest } = d;
    return { ...rest, reference: c.reference ?? "", references: references ? references.split(" ") : [] };
  }
  const DRAFT_INCLUDE = { case: { select: { reference: true } } } as const;

  return {
    async saveInbound(ref: InboundRef, raw: Buffer) {
      const key = { mailbox: ref.mailbox, uidValidity: ref.uidValidity, uid: ref.uid };
      const sha256 = createHash("sha256").update(raw).digest("hex");
      try {
        const m = await db.message.create({
          data: {
            ...key, direction: "in", status: "received", receivedAt: ref.receivedAt,
            raw: { connectOrCreate: { where: { sha256 }, create: { sha256, size: raw.length, bytes: new Uint8Array(raw) } } },
          },
          select: { id: true },
        });
        return { id: m.id, created: true };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const again = await db.message.findUnique({ where: { mailbox_uidValidity_uid: key }, select: { id: true } });
        if (!again) throw err;
        return { id: again.id, created: false };
      }
    },

    async getCheckpoint(mailbox) {
      const c = await db.mailboxCheckpoint.findUnique({ where: { mailbox } });
      return c ? { uidValidity: c.uidValidity, lastUid: c.lastUid } : null;
    },

    async setCheckpoint(mailbox, uidValidity, lastUid) {
      await db.mailboxCheckpoint.upsert({ where: { mailbox }, create: { mailbox, uidValidity, lastUid }, update: { uidValidity, lastUid } });
    },

    async loadInbound(messageId): Promise<StoredInbound | null> {
      const m = await db.message.findUnique({ where: { id: messageId }, include: { raw: true } });
      if (!m || m.direction !== "in") return null;
      return { id: m.id, status: m.status, caseId: m.caseId, receivedAt: m.receivedAt, raw: Buffer.from(m.raw?.bytes ?? new Uint8Array()), rawSha256: m.rawSha256 };
    },

    async isDuplicate(messageId, headerMessageId, rawSha256) {
      if (!headerMessageId) return false;
      const other = await db.message.findFirst({
        where: { id: { not: messageId }, direction: "in", messageId: headerMessageId, rawSha256, status: { in: ["accepted", "parked"] } },
        select: { id: true },
      });
      return other !== null;
    },

    async markDuplicate(messageId) {
      await db.message.update({ where: { id: messageId }, data: { status: "duplicate" } });
    },

    async findCaseByMessageIds(ids) {
      for (const id of ids) {
        const m = await db.message.findFirst({ where: { messageId: id, caseId: { not: null } }, select: { caseId: true } });
        if (m?.caseId) return m.caseId;
        const d = await db.replyDraft.findUnique({ where: { outboundMessageId: id }, select: { caseId: true } });
        if (d) return d.caseId;
      }
      return null;
    },

    async findCaseByReference(reference, requester) {
      const c = await db.case.findFirst({ where: { reference, requester: requester.toLowerCase() }, select: { id: true } });
      return c?.id ?? null;
    },

    /**
     * Files the message (status received → accepted, guarded so a repeat is a no-op) with a new case in the
     * same statement, or into an existing case together with that case's follow-up bookkeeping (one batch).
     */
    async acceptInbound({ messageId, parsed, caseId, referencePrefix, quiet }: AcceptInput) {
      const where = { id: messageId, status: "received" as const };
      try {
        if (!caseId) {
          const m = await db.message.update({
            where,
            data: { ...headerFields(parsed), status: "accepted", case: { create: newCase(messageId, parsed, referencePrefix, "open") } },
            select: { case: { select: CASE_SELECT } },
          });
          return caseRow(m.case!);
        }
        const [, c] = await db.$transaction([
          db.message.update({ where, data: { ...headerFields(parsed), status: "accepted", caseId }, select: { id: true } }),
          db.case.update({
            where: { id: caseId },
            data: {
              lastMessageAt: new Date(),
              ...(quiet ? {} : { status: "open" as const, parkReason: null }),
              auditEvents: { create: { actor: "system:intake", action: quiet ? "message.attached" : "case.follow-up", detail: JSON.stringify({ messageId }) } },
            },
            select: CASE_SELECT,
          }),
        ]);
        return caseRow(c);
      } catch (err) {
        // filed by an earlier attempt: the guard fails (P2025), or first the nested case insert meets the
        // case that attempt opened under the same reference (P2002); either way the whole write rolled back
        if (!isNotFound(err) && !isUniqueViolation(err)) throw err;
        return caseOfMessage(messageId);
      }
    },

    /** Parks the message with its reason: into its case if it has one, else a new case in status parked. */
    async parkInbound(messageId, reason, parsed, referencePrefix) {
      const m = await db.message.findUniqueOrThrow({ where: { id: messageId }, select: { caseId: true, status: true } });
      if (m.status === "parked" && m.caseId) return caseOfMessage(messageId);
      const caseData = m.caseId
        ? { update: { status: "parked" as const, parkReason: reason, auditEvents: { create: { actor: "system:intake", action: "case.parked", detail: JSON.stringify({ messageId, reason }) } } } }
        : { create: newCase(messageId, parsed, referencePrefix, "parked", reason) };
      const updated = await db.message.update({
        where: { id: messageId },
        data: { ...(parsed ? headerFields(parsed) : {}), status: "parked", parkReason: reason, case: caseData },
        select: { case: { select: CASE_SELECT } },
      });
      return caseRow(updated.case!);
    },

    async getCase(caseId) {
      const c = await db.case.findUnique({ where: { id: caseId }, select: CASE_SELECT });
      return c ? caseRow(c) : null;
    },

    async loadForAnalysis(messageId) {
      const m = await db.message.findUnique({
        where: { id: messageId },
        include: { raw: true, case: { select: CASE_SELECT }, drafts: true },
      });
      if (!m || m.direction !== "in") return null;
      const c = m.case ? caseRow(m.case) : null;
      return {
        inbound: { id: m.id, status: m.status, caseId: m.caseId, receivedAt: m.receivedAt, raw: Buffer.from(m.raw?.bytes ?? new Uint8Array()), rawSha256: m.rawSha256 },
        case: c,
        draft: m.drafts[0] ? draftRow({ ...m.drafts[0], case: { reference: c?.reference ?? null } }) : null,
      };
    },

    /**
     * One nested write (one transaction): mentions, findings, the draft, the case status and the audit event.
     * The draft's unique inboundMessageId makes a concurrent or repeated analysis fail as a whole (P2002);
     * the draft that won is returned then.
     */
    async saveAnalysis(r: AnalysisRecord) {
      const dos = new Date(`${r.answer.dateOfService}T00:00:00Z`);
      try {
        const c = await db.case.update({
          where: { id: r.caseId },
          data: {
            status: r.route === "auto" ? "sending" : "review",
            dateOfService: Number.isNaN(dos.getTime()) ? null : dos,
            messages: { update: { where: { id: r.inboundMessageId }, data: { newText: r.inboundText, html: r.inboundHtml } } },
            mentions: {
              createMany: {
                data: r.answer.mentions.map((m) => ({
                  messageId: r.inboundMessageId, system: m.system, code: m.code, modifiers: m.modifiers.join(" "), units: m.units,
                  location: m.location, start: m.start, end: m.end, text: m.text.slice(0, 200), confidence: m.confidence,
                  status: m.lookup.status, title: m.lookup.title,
                })),
              },
            },
            findings: {
              createMany: {
                data: r.answer.findings.map((f) => ({
                  messageId: r.inboundMessageId, code: f.code, severity: f.severity, subject: f.subject.join(" "), message: f.message,
                  source: f.source, release: f.release,
                })),
              },
            },
            drafts: {
              create: {
                inboundMessageId: r.inboundMessageId, status: r.route === "auto" ? "approved" : "review", route: r.route,
                confidence: r.answer.confidence, toAddress: r.toAddress, subject: r.subject, text: r.rendered.text, html: r.rendered.html,
                generatedText: r.rendered.text, outboundMessageId: r.outboundMessageId, inReplyTo: r.inReplyTo,
                references: r.references.join(" ") || null,
              },
            },
            auditEvents: {
              create: {
                actor: "system:analyse", action: "draft.created",
                detail: JSON.stringify({ messageId: r.inboundMessageId, route: r.route, mentions: r.answer.mentions.length, findings: r.answer.findings.length }),
              },
            },
          },
          select: { reference: true, drafts: { where: { inboundMessageId: r.inboundMessageId }, select: { id: true, status: true, attempts: true } } },
        });
        const d = c.drafts[0]!;
        return {
          id: d.id, caseId: r.caseId, reference: c.reference ?? "", status: d.status, route: r.route, toAddress: r.toAddress, subject: r.subject,
          text: r.rendered.text, html: r.rendered.html, outboundMessageId: r.outboundMessageId, inReplyTo: r.inReplyTo, references: r.references,
          attempts: d.attempts,
        };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const d = await db.replyDraft.findUniqueOrThrow({ where: { inboundMessageId: r.inboundMessageId }, include: DRAFT_INCLUDE });
        return draftRow(d);
      }
    },

    /**
     * approved → sending in one conditional UPDATE (the exactly-once guard), or else a takeover of a `sending`
     * draft whose lease (updatedAt, renewed by the sender's heartbeat) is older than `leaseMs` (audited: the
     * earlier attempt may have been accepted by the SMTP server). `attempts` is incremented: the fencing token.
     */
    async claimDraftForSend(draftId, leaseMs) {
      const data = { status: "sending" as const, attempts: { increment: 1 } };
      try {
        // the usual case in one statement: UPDATE … WHERE status = 'approved' RETURNING …
        return draftRow(await db.replyDraft.update({ where: { id: draftId, status: "approved" }, data, include: DRAFT_INCLUDE }));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      const staleBefore = new Date(Date.now() - leaseMs);
      const { count } = await db.replyDraft.updateMany({ where: { id: draftId, status: "sending", updatedAt: { lt: staleBefore } }, data });
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
     * Records a delivery the SMTP server accepted. First one conditional UPDATE … RETURNING (draft → sent,
     * committed on its own, so the at-least-once window after the SMTP 250 is one statement), then the
     * bookkeeping as one nested write: the outbound Message row (unless one exists), the case status, the audit
     * event. Idempotent: calling it again for a sent draft completes missing bookkeeping (the reconciler does so
     * after a crash between the two steps).
     */
    async markSent(draftId, sentAt) {
      let first: { caseId: number; outboundMessageId: string; inReplyTo: string | null; references: string | null; toAddress: string; subject: string; text: string; html: string } | null = null;
      try {
        // the one statement that must follow the SMTP server's acceptance at once
        first = await db.replyDraft.update({
          where: { id: draftId, status: { not: "sent" } },
          data: { status: "sent", sentAt, error: null },
          select: { caseId: true, outboundMessageId: true, inReplyTo: true, references: true, toAddress: true, subject: true, text: true, html: true },
        });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      if (first) {
        // first recording: the bookkeeping is one nested write (outbound message, case status, audit)
        const [pending, out] = await Promise.all([
          db.replyDraft.count({ where: { caseId: first.caseId, status: { in: ["review", "approved", "sending"] } } }),
          db.message.findFirst({ where: { direction: "out", messageId: first.outboundMessageId }, select: { id: true } }),
        ]);
        await db.case.update({
          where: { id: first.caseId },
          data: {
            ...(pending === 0 ? { status: "sent" as const } : {}),
            messages: out ? undefined : {
              create: {
                direction: "out", status: "accepted", messageId: first.outboundMessageId, inReplyTo: first.inReplyTo, references: first.references,
                toAddress: first.toAddress, subject: first.subject, newText: first.text, html: first.html, receivedAt: sentAt,
              },
            },
            auditEvents: { create: { actor: "system:send", action: "draft.sent", detail: JSON.stringify({ draftId }) } },
          },
          select: { id: true },
        });
        return;
      }
      // already sent: complete bookkeeping a crash may have left undone (the reconciler calls this)
      await db.$transaction(async (tx) => {
        const d = await tx.replyDraft.findUniqueOrThrow({ where: { id: draftId } });
        const out = await tx.message.findFirst({ where: { direction: "out", messageId: d.outboundMessageId }, select: { id: true } });
        if (out) return;
        await tx.message.create({
          data: {
            caseId: d.caseId, direction: "out", status: "accepted", messageId: d.outboundMessageId, inReplyTo: d.inReplyTo, references: d.references,
            toAddress: d.toAddress, subject: d.subject, newText: d.text, html: d.html, receivedAt: d.sentAt ?? sentAt,
          },
        });
        const pending = await tx.replyDraft.count({ where: { caseId: d.caseId, status: { in: ["review", "approved", "sending"] } } });
        if (pending === 0) await tx.case.update({ where: { id: d.caseId }, data: { status: "sent" } });
        await tx.auditEvent.create({ data: { caseId: d.caseId, actor: "system:send", action: "draft.sent", detail: JSON.stringify({ draftId }) } });
      });
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

    async audit(caseId, actor, action, detail) {
      await db.auditEvent.create({ data: { caseId, actor, action, detail: detail === undefined ? null : JSON.stringify(detail) } });
    },
  };
}

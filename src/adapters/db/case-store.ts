// Prisma implementation of the pipeline's CaseStore port: cases, messages, drafts, checkpoints, audit.
// Returns plain objects; every write is idempotent for its natural key.
import { createHash } from "node:crypto";
import { directSqlOf, type Db } from "./client.js";
import { Prisma } from "../../generated/sqlite/client.js";
import { DuplicateInboundError, type AcceptInput, type AnalysisRecord, type CaseRow, type CaseStore, type InboundRef, type ParsedEmail, type SenderVerdicts, type StoredInbound } from "../../app/ports.js";
import { formatCaseReference } from "../../domain/email/threading.js";
import { isUniqueViolation } from "./errors.js";
import { auditInsert, CASE_COLUMNS, CASE_SELECT, caseRow, DRAFT_INCLUDE, draftRow, type CaseSql } from "./rows.js";
import { createSendStore } from "./send-store.js";

// The per-email hot path is raw SQL on the driver (see rows.ts for the conventions, direct-sql.ts for the
// driver path): a typed Prisma operation costs ~0.5–1 ms of CPU in the query compiler, a raw statement through
// Prisma ~0.2 ms, and the driver path took casedesk from 22–30 to 13–19 ms of CPU per email (BENCHMARKS.md).

/** Message columns of StoredInbound, aliased `m`, with the raw bytes from `r` (RawMessage). */
const INBOUND_COLUMNS = Prisma.sql`m."id", m."direction", m."status", m."caseId", m."receivedAt", m."rawSha256", m."senderPolicy", m."detailsAllowed", r."bytes"`;
interface InboundSql {
  id: number; direction: string; status: StoredInbound["status"]; caseId: number | null; receivedAt: Date; rawSha256: string | null; bytes: Uint8Array | null;
  senderPolicy: string | null; detailsAllowed: boolean | null;
}
function storedInbound(m: InboundSql): StoredInbound {
  return {
    id: Number(m.id), status: m.status, caseId: m.caseId === null ? null : Number(m.caseId), receivedAt: m.receivedAt, raw: Buffer.from(m.bytes ?? new Uint8Array()),
    rawSha256: m.rawSha256, senderPolicy: m.senderPolicy, detailsAllowed: m.detailsAllowed === null ? null : Boolean(m.detailsAllowed),
  };
}

/** The case columns loadForAnalysis joins to a message (aliased where they clash with Message's). */
interface CaseOfInboundSql {
  reference: string | null; caseStatus: string | null; requester: string | null; requesterName: string | null; caseSubject: string | null;
}
/** The draft columns loadForAnalysis joins to a message, all null when there is no draft. */
interface DraftOfInboundSql {
  draftId: number | null; draftStatus: string | null; draftRoute: string | null; draftTo: string | null; draftSubject: string | null; draftText: string | null;
  draftHtml: string | null; draftOutboundMessageId: string | null; draftInReplyTo: string | null; draftReferences: string | null; draftAttempts: number | null;
}

/** Rolls back acceptInbound's transaction when the message turns out to be filed already. */
class FiledElsewhere extends Error {}

/** The Message columns of the sender step's verdicts (all null when there was no sender step). */
function senderColumns(v: SenderVerdicts | undefined) {
  return {
    authSpf: v?.auth?.spf ?? null, authDkim: v?.auth?.dkim ?? null, authDmarc: v?.auth?.dmarc ?? null, authenticated: v?.auth?.authenticated ?? null,
    senderPolicy: v?.policy ?? null, detailsAllowed: v?.detailsAllowed ?? null,
  };
}

/** Creates the CaseStore over an open Prisma client; the send step's part is createSendStore's. */
export function createCaseStore(db: Db): CaseStore {
  const sql = directSqlOf(db); // the per-email statements, on the driver directly (direct-sql.ts)
  /**
   * A new case opened by inbound message `messageId` (as a nested create for parkInbound; acceptInbound inserts
   * its fields). The reference's sequence is that message's id: unique (a message opens at most one case),
   * increasing, known before the insert.
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

  const send = createSendStore(db);

  return {
    async saveInbound(ref: InboundRef, raw: Buffer) {
      const sha256 = createHash("sha256").update(raw).digest("hex");
      const now = new Date();
      // hot path (every email): two idempotent raw statements, no transaction needed: the bytes are content-
      // addressed, so a crash between the two leaves at most bytes that the repeated fetch then links to. The
      // same bytes arriving again after the retention purge emptied them are stored again.
      await sql.$executeRaw`INSERT INTO "RawMessage" ("sha256", "size", "bytes", "createdAt") VALUES (${sha256}, ${raw.length}, ${new Uint8Array(raw)}, ${now})
        ON CONFLICT ("sha256") DO UPDATE SET "bytes" = excluded."bytes", "purgedAt" = NULL WHERE "RawMessage"."purgedAt" IS NOT NULL`;
      const rows = await sql.$queryRaw<Array<{ id: number }>>`INSERT INTO "Message" ("mailbox", "uidValidity", "uid", "direction", "status", "receivedAt", "createdAt", "rawSha256")
        VALUES (${ref.mailbox}, ${ref.uidValidity}, ${ref.uid}, 'in', 'received', ${ref.receivedAt}, ${now}, ${sha256})
        ON CONFLICT ("mailbox", "uidValidity", "uid") DO NOTHING RETURNING "id"`;
      if (rows[0]) return { id: Number(rows[0].id), created: true };
      const again = await db.message.findUnique({ where: { mailbox_uidValidity_uid: { mailbox: ref.mailbox, uidValidity: ref.uidValidity, uid: ref.uid } }, select: { id: true } });
      if (!again) throw new Error(`inbound message ${ref.mailbox} ${ref.uidValidity}/${ref.uid} neither inserted nor found`);
      return { id: again.id, created: false };
    },

    async getCheckpoint(mailbox) {
      const c = await db.mailboxCheckpoint.findUnique({ where: { mailbox } });
      return c ? { uidValidity: c.uidValidity, lastUid: c.lastUid } : null;
    },

    async setCheckpoint(mailbox, uidValidity, lastUid) {
      await db.mailboxCheckpoint.upsert({ where: { mailbox }, create: { mailbox, uidValidity, lastUid }, update: { uidValidity, lastUid } });
    },

    async loadInbound(messageId): Promise<StoredInbound | null> {
      const [m] = await sql.$queryRaw<InboundSql[]>`SELECT ${INBOUND_COLUMNS} FROM "Message" m LEFT JOIN "RawMessage" r ON r."sha256" = m."rawSha256" WHERE m."id" = ${messageId}`;
      return m && m.direction === "in" ? storedInbound(m) : null;
    },

    async isDuplicate(messageId, headerMessageId, rawSha256) {
      if (!headerMessageId || !rawSha256) return false;
      const hits = await sql.$queryRaw<unknown[]>`SELECT 1 AS "hit" FROM "Message"
        WHERE "messageId" = ${headerMessageId} AND "id" <> ${messageId} AND "direction" = 'in' AND "rawSha256" = ${rawSha256} AND "status" IN ('accepted', 'parked')
        LIMIT 1`;
      return hits.length > 0;
    },

    async markDuplicate(messageId) {
      await db.message.update({ where: { id: messageId }, data: { status: "duplicate" } });
    },

    async findCaseByMessageIds(ids) {
      for (const id of ids) {
        const [m] = await sql.$queryRaw<Array<{ caseId: number }>>`SELECT "caseId" FROM "Message" WHERE "messageId" = ${id} AND "caseId" IS NOT NULL LIMIT 1`;
        if (m) return Number(m.caseId);
        const [d] = await sql.$queryRaw<Array<{ caseId: number }>>`SELECT "caseId" FROM "ReplyDraft" WHERE "outboundMessageId" = ${id}`;
        if (d) return Number(d.caseId);
      }
      return null;
    },

    async findCaseByReference(reference, requester) {
      const c = await db.case.findFirst({ where: { reference, requester: requester.toLowerCase() }, select: { id: true } });
      return c?.id ?? null;
    },

    /**
     * Files the message (status received → accepted, guarded so a repeat is a no-op) with a new case, or into
     * an existing case together with that case's follow-up bookkeeping, in one transaction of raw statements
     * (the hot path of every email). A message an earlier attempt already filed returns that case.
     */
    async acceptInbound({ messageId, parsed, caseId, referencePrefix, quiet, sender }: AcceptInput) {
      const h = headerFields(parsed);
      const v = senderColumns(sender);
      const now = new Date();
      // dedupeKey (unique): a copy of an email that is filed meanwhile, by a concurrent intake too, fails here
      const filed = await sql.$transaction(async (tx) => {
        let row: CaseSql | undefined;
        if (!caseId) {
          // the reference is derived from this message's id: a conflict means an earlier attempt opened it
          const c = newCase(messageId, parsed, referencePrefix, "open");
          [row] = await tx.$queryRaw<CaseSql[]>`INSERT INTO "Case" ("reference", "status", "requester", "requesterName", "subject", "createdAt", "updatedAt", "lastMessageAt")
            VALUES (${c.reference}, 'open', ${c.requester}, ${c.requesterName}, ${c.subject}, ${now}, ${now}, ${now})
            ON CONFLICT ("reference") DO NOTHING RETURNING ${CASE_COLUMNS}`;
          if (!row) return null;
        }
        const taken = await tx.$executeRaw`UPDATE "Message" SET "status" = 'accepted', "caseId" = ${row ? Number(row.id) : caseId}, "messageId" = ${h.messageId},
          "inReplyTo" = ${h.inReplyTo}, "references" = ${h.references}, "fromAddress" = ${h.fromAddress}, "fromName" = ${h.fromName}, "toAddress" = ${h.toAddress},
          "subject" = ${h.subject}, "html" = ${h.html}, "newText" = ${h.newText}, "dedupeKey" = ${h.messageId} || ' ' || "rawSha256",
          "authSpf" = ${v.authSpf}, "authDkim" = ${v.authDkim}, "authDmarc" = ${v.authDmarc}, "authenticated" = ${v.authenticated},
          "senderPolicy" = ${v.senderPolicy}, "detailsAllowed" = ${v.detailsAllowed}
          WHERE "id" = ${messageId} AND "status" = 'received'`;
        if (taken === 0) {
          if (row) throw new FiledElsewhere(); // filed into another case by an earlier attempt: undo the case just opened
          return null;
        }
        if (caseId) {
          [row] = quiet
            ? await tx.$queryRaw<CaseSql[]>`UPDATE "Case" SET "lastMessageAt" = ${now}, "updatedAt" = ${now} WHERE "id" = ${caseId} RETURNING ${CASE_COLUMNS}`
            : await tx.$queryRaw<CaseSql[]>`UPDATE "Case" SET "lastMessageAt" = ${now}, "updatedAt" = ${now}, "status" = 'open', "parkReason" = NULL
                WHERE "id" = ${caseId} RETURNING ${CASE_COLUMNS}`;
        }
        if (!row) throw new Error(`case ${caseId} of message ${messageId} not found`);
        const action = !caseId ? "case.opened" : quiet ? "message.attached" : "case.follow-up";
        await tx.$executeRaw(auditInsert(Number(row.id), "system:intake", action, { messageId }, now));
        return caseRow(row);
      }).catch((err: unknown) => {
        if (err instanceof FiledElsewhere) return null;
        if (isUniqueViolation(err, "dedupeKey")) throw new DuplicateInboundError(messageId);
        throw err;
      });
      return filed ?? caseOfMessage(messageId);
    },

    /** Parks the message with its reason: into its case if it has one, else a new case in status parked. */
    async parkInbound(messageId, reason, parsed, referencePrefix, sender) {
      const m = await db.message.findUniqueOrThrow({ where: { id: messageId }, select: { caseId: true, status: true } });
      if (m.status === "parked" && m.caseId) return caseOfMessage(messageId);
      const caseData = m.caseId
        ? { update: { status: "parked" as const, parkReason: reason, auditEvents: { create: { actor: "system:intake", action: "case.parked", detail: JSON.stringify({ messageId, reason }) } } } }
        : { create: newCase(messageId, parsed, referencePrefix, "parked", reason) };
      const updated = await db.message.update({
        where: { id: messageId },
        data: { ...(parsed ? headerFields(parsed) : {}), ...(sender ? senderColumns(sender) : {}), status: "parked", parkReason: reason, case: caseData },
        select: { case: { select: CASE_SELECT } },
      });
      return caseRow(updated.case!);
    },

    async getCase(caseId) {
      const c = await db.case.findUnique({ where: { id: caseId }, select: CASE_SELECT });
      return c ? caseRow(c) : null;
    },

    async loadForAnalysis(messageId) {
      // one read: the message, its bytes, its case and its draft (at most one: inboundMessageId is unique)
      const [m] = await sql.$queryRaw<Array<InboundSql & CaseOfInboundSql & DraftOfInboundSql>>`
        SELECT ${INBOUND_COLUMNS}, c."reference", c."status" AS "caseStatus", c."requester", c."requesterName", c."subject" AS "caseSubject",
          d."id" AS "draftId", d."status" AS "draftStatus", d."route" AS "draftRoute", d."toAddress" AS "draftTo", d."subject" AS "draftSubject",
          d."text" AS "draftText", d."html" AS "draftHtml", d."outboundMessageId" AS "draftOutboundMessageId", d."inReplyTo" AS "draftInReplyTo",
          d."references" AS "draftReferences", d."attempts" AS "draftAttempts"
        FROM "Message" m LEFT JOIN "RawMessage" r ON r."sha256" = m."rawSha256" LEFT JOIN "Case" c ON c."id" = m."caseId"
          LEFT JOIN "ReplyDraft" d ON d."inboundMessageId" = m."id"
        WHERE m."id" = ${messageId}`;
      if (!m || m.direction !== "in") return null;
      const c = m.caseId === null ? null
        : caseRow({ id: m.caseId, reference: m.reference, status: m.caseStatus ?? "", requester: m.requester ?? "", requesterName: m.requesterName, subject: m.caseSubject ?? "" });
      const draft = m.draftId === null ? null : draftRow({
        id: m.draftId, caseId: m.caseId!, status: m.draftStatus!, route: m.draftRoute!, toAddress: m.draftTo!, subject: m.draftSubject!,
        text: m.draftText!, html: m.draftHtml!, outboundMessageId: m.draftOutboundMessageId!, inReplyTo: m.draftInReplyTo, references: m.draftReferences,
        attempts: m.draftAttempts!, case: { reference: c?.reference ?? null },
      });
      return { inbound: storedInbound(m), case: c, draft };
    },

    /**
     * One transaction of raw statements (the hot path of every email): the draft first, guarded by its unique
     * inboundMessageId (ON CONFLICT DO NOTHING), so a concurrent or repeated analysis writes nothing else and
     * gets the draft that won; then mentions, findings, the inbound text, the case status and the audit event.
     */
    async saveAnalysis(r: AnalysisRecord) {
      const dos = new Date(`${r.answer.dateOfService}T00:00:00Z`);
      const now = new Date();
      const draftStatus = r.route === "auto" ? "approved" : "review";
      const saved = await sql.$transaction(async (tx) => {
        const [d] = await tx.$queryRaw<Array<{ id: number; status: string; attempts: number }>>`INSERT INTO "ReplyDraft" ("caseId", "inboundMessageId", "status", "route",
            "confidence", "toAddress", "subject", "text", "html", "generatedText", "version", "outboundMessageId", "inReplyTo", "references", "attempts", "createdAt", "updatedAt")
          VALUES (${r.caseId}, ${r.inboundMessageId}, ${draftStatus}, ${r.route}, ${r.answer.confidence}, ${r.toAddress}, ${r.subject}, ${r.rendered.text}, ${r.rendered.html},
            ${r.rendered.text}, 1, ${r.outboundMessageId}, ${r.inReplyTo}, ${r.references.join(" ") || null}, 0, ${now}, ${now})
          ON CONFLICT ("inboundMessageId") DO NOTHING RETURNING "id", "status", "attempts"`;
        if (!d) return null;
        if (r.answer.mentions.length > 0) {
          await tx.$executeRaw`INSERT INTO "CodeMention" ("caseId", "messageId", "system", "code", "modifiers", "units", "location", "start", "end", "text", "confidence", "status", "title")
            VALUES ${Prisma.join(r.answer.mentions.map((m) => Prisma.sql`(${r.caseId}, ${r.inboundMessageId}, ${m.system}, ${m.code}, ${m.modifiers.join(" ")}, ${m.units},
              ${m.location}, ${m.start}, ${m.end}, ${m.text.slice(0, 200)}, ${m.confidence}, ${m.lookup.status}, ${m.lookup.title})`))}`;
        }
        if (r.answer.findings.length > 0) {
          await tx.$executeRaw`INSERT INTO "Finding" ("caseId", "messageId", "code", "severity", "subject", "message", "source", "release")
            VALUES ${Prisma.join(r.answer.findings.map((f) => Prisma.sql`(${r.caseId}, ${r.inboundMessageId}, ${f.code}, ${f.severity}, ${f.subject.join(" ")}, ${f.message},
              ${f.source}, ${f.release})`))}`;
        }
        await tx.$executeRaw`UPDATE "Message" SET "newText" = ${r.inboundText}, "html" = ${r.inboundHtml} WHERE "id" = ${r.inboundMessageId}`;
        const [c] = await tx.$queryRaw<Array<{ reference: string | null }>>`UPDATE "Case" SET "status" = ${r.route === "auto" ? "sending" : "review"},
          "dateOfService" = ${Number.isNaN(dos.getTime()) ? null : dos}, "updatedAt" = ${now} WHERE "id" = ${r.caseId} RETURNING "reference"`;
        if (!c) throw new Error(`case ${r.caseId} not found`);
        await tx.$executeRaw(auditInsert(r.caseId, "system:analyse", "draft.created",
          { messageId: r.inboundMessageId, route: r.route, mentions: r.answer.mentions.length, findings: r.answer.findings.length }, now));
        return {
          id: Number(d.id), caseId: r.caseId, reference: c.reference ?? "", status: d.status, route: r.route, toAddress: r.toAddress, subject: r.subject,
          text: r.rendered.text, html: r.rendered.html, outboundMessageId: r.outboundMessageId, inReplyTo: r.inReplyTo, references: r.references,
          attempts: Number(d.attempts),
        };
      });
      if (saved) return saved;
      const d = await db.replyDraft.findUniqueOrThrow({ where: { inboundMessageId: r.inboundMessageId }, include: DRAFT_INCLUDE });
      return draftRow(d);
    },

    claimDraftForSend: send.claimDraftForSend,
    getDraft: send.getDraft,
    markSent: send.markSent,
    markSendFailed: send.markSendFailed,

    async audit(caseId, actor, action, detail) {
      await db.auditEvent.create({ data: { caseId, actor, action, detail: detail === undefined ? null : JSON.stringify(detail) } });
    },
  };
}

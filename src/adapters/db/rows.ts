// Row shapes shared by the case and send stores: the columns their raw SQL reads and the mapping to the ports'
// plain objects. Raw SQL (Prisma.sql tagged templates, run on the driver by direct-sql.ts) is one text for SQLite
// and PostgreSQL: identifiers are double-quoted, timestamps Prisma would fill in (@default(now()), @updatedAt) are
// passed explicitly, and integer ids are read through Number() since drivers may return BIGINT columns as bigint
// or text.
import { Prisma } from "../../generated/sqlite/client.js";
import type { CaseRow, DraftRow } from "../../app/ports.js";

/** Prisma `select` of a CaseRow. */
export const CASE_SELECT = { id: true, reference: true, status: true, requester: true, requesterName: true, subject: true } as const;
/** The same columns for raw SQL. */
export const CASE_COLUMNS = Prisma.sql`"id", "reference", "status", "requester", "requesterName", "subject"`;
export interface CaseSql {
  id: number; reference: string | null; status: string; requester: string; requesterName: string | null; subject: string;
}

export function caseRow(c: CaseSql): CaseRow {
  return { ...c, id: Number(c.id), reference: c.reference ?? "" };
}

/** ReplyDraft columns of a DraftRow for raw SQL (the case reference comes separately). */
export const DRAFT_COLUMNS = Prisma.sql`"id", "caseId", "status", "route", "toAddress", "subject", "text", "html", "outboundMessageId", "inReplyTo", "references", "attempts"`;
export interface DraftSql {
  id: number; caseId: number; status: string; route: string; toAddress: string; subject: string; text: string; html: string;
  outboundMessageId: string; inReplyTo: string | null; references: string | null; attempts: number;
}
/** Prisma `include` that brings a draft's case reference. */
export const DRAFT_INCLUDE = { case: { select: { reference: true } } } as const;

/** A DraftRow from a draft (raw or typed) and its case's reference. */
export function draftRow(d: DraftSql & { case: { reference: string | null } }): DraftRow {
  const { case: c, references, ...rest } = d;
  return { ...rest, id: Number(d.id), caseId: Number(d.caseId), attempts: Number(d.attempts), reference: c.reference ?? "", references: references ? references.split(" ") : [] };
}

/**
 * The raw INSERT of one audit event (`detail` JSON-encoded; createdAt explicit, see above), for the stores'
 * transactions: `tx.$executeRaw(auditInsert(…))`.
 */
export function auditInsert(caseId: number, actor: string, action: string, detail: unknown, at: Date): Prisma.Sql {
  return Prisma.sql`INSERT INTO "AuditEvent" ("caseId", "actor", "action", "detail", "createdAt") VALUES (${caseId}, ${actor}, ${action}, ${JSON.stringify(detail)}, ${at})`;
}

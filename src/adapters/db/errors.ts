// Database error shapes the stores branch on: Prisma's, and the drivers' own from the direct path.

/**
 * A unique-constraint violation: Prisma's P2002 from a typed operation, a raw statement's P2010 wrapping the
 * driver adapter's `UniqueConstraintViolation`, or the driver's own error from the direct path (direct-sql.ts):
 * libsql's SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY ("UNIQUE constraint failed: Table.column"), PostgreSQL's
 * SQLSTATE 23505 (`Key (column)=(…) already exists`, the column quoted when not lower case). With `field`, only a violation on that column counts.
 */
export function isUniqueViolation(err: unknown, field?: string): boolean {
  const e = err as { code?: string; message?: string; detail?: string; constraint?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: { kind?: string; constraint?: { fields?: string[] }; originalMessage?: string } } } } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code === "SQLITE_CONSTRAINT_UNIQUE" || e.code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    return field === undefined || Boolean(e.message?.includes(`.${field}`));
  }
  if (e.code === "23505") return field === undefined || Boolean(e.detail?.includes(`(${field})`) || e.detail?.includes(`("${field}")`));
  if (e.code === "P2002") return field === undefined || JSON.stringify(e.meta?.target ?? "").includes(field);
  const cause = e.meta?.driverAdapterError?.cause;
  if (cause?.kind !== "UniqueConstraintViolation") return false;
  return field === undefined || Boolean(cause.constraint?.fields?.includes(field)) || Boolean(cause.originalMessage?.includes(field));
}

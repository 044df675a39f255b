// Prisma error shapes the stores branch on.

/**
 * A unique-constraint violation: Prisma's P2002 from a typed operation, or a raw statement's P2010 wrapping the
 * driver adapter's `UniqueConstraintViolation`. With `field`, only a violation on that column counts.
 */
export function isUniqueViolation(err: unknown, field?: string): boolean {
  const e = err as { code?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: { kind?: string; constraint?: { fields?: string[] }; originalMessage?: string } } } } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code === "P2002") return field === undefined || JSON.stringify(e.meta?.target ?? "").includes(field);
  const cause = e.meta?.driverAdapterError?.cause;
  if (cause?.kind !== "UniqueConstraintViolation") return false;
  return field === undefined || Boolean(cause.constraint?.fields?.includes(field)) || Boolean(cause.originalMessage?.includes(field));
}

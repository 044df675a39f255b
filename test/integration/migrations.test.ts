// The checked-in migrations of both providers must match prisma/models.prisma, and apply cleanly.
import { describe, expect, inject, it } from "vitest";
import { checkMigrations, migrateDatabase } from "../../src/adapters/db/migrate.js";
import { createDb } from "../../src/adapters/db/client.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freshDatabaseUrl } from "../support/pipeline-harness.js";

describe("migrations", () => {
  const skip = inject("postgresSkipReason");

  it.skipIf(skip)("match the model for SQLite and PostgreSQL (no drift)", async () => {
    const r = await checkMigrations(inject("postgresAdminUrl")!);
    expect({ sqlite: r.sqlite, postgres: r.postgres }).toEqual({ sqlite: false, postgres: false });
  });

  it.each(["sqlite", "postgres"] as const)("apply to an empty %s database and can be re-applied", async (kind) => {
    if (kind === "postgres" && skip) return;
    const url = await freshDatabaseUrl(kind, mkdtempSync(join(tmpdir(), "casedesk-mig-")));
    await migrateDatabase(url);
    await migrateDatabase(url);
    const db = await createDb(url);
    expect(await db.case.count()).toBe(0);
    expect(await db.mailboxCheckpoint.count()).toBe(0);
    await db.$disconnect();
  });
});

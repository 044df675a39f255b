// The direct raw-SQL path (src/adapters/db/direct-sql.ts) beside Prisma on both providers: values written by one
// read back alike through the other (dates to the millisecond, booleans, bytes), a failed transaction leaves
// nothing, unique violations are recognised, and on SQLite's one shared connection a statement from the direct
// path never lands inside a Prisma transaction (or the other way round).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrateDatabase } from "../../src/adapters/db/migrate.js";
import { createDb, directSqlOf, type Db } from "../../src/adapters/db/client.js";
import pg from "pg";
import { pgDirectSql, type DirectSql } from "../../src/adapters/db/direct-sql.js";
import { isUniqueViolation } from "../../src/adapters/db/errors.js";
import { freshDatabaseUrl } from "../support/pipeline-harness.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(["sqlite", "postgres"] as const)("direct SQL beside Prisma on %s", (kind) => {
  const skip = kind === "postgres" && Boolean(inject("postgresSkipReason"));
  let db: Db;
  let sql: DirectSql;
  let uid = 0;
  let url = "";
  const insertMessage = (receivedAt: Date) =>
    sql.$queryRaw<Array<{ id: number }>>`INSERT INTO "Message" ("mailbox", "uidValidity", "uid", "direction", "status", "receivedAt", "createdAt")
      VALUES ('INBOX', 1, ${++uid}, 'in', 'received', ${receivedAt}, ${receivedAt}) RETURNING "id"`;

  beforeAll(async () => {
    if (skip) return;
    url = await freshDatabaseUrl(kind, mkdtempSync(join(tmpdir(), "casedesk-direct-")));
    await migrateDatabase(url);
    db = await createDb(url);
    sql = directSqlOf(db);
    expect(sql).not.toBe(db); // createDb registered the driver path
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it.skipIf(skip)("a date, a boolean and bytes written on one path read back alike on the other", async () => {
    const at = new Date("2026-11-05T15:04:05.678Z");
    const [{ id }] = (await insertMessage(at)) as [{ id: number }];
    const typed = await db.message.findUniqueOrThrow({ where: { id: Number(id) } });
    expect(typed.receivedAt.toISOString()).toBe(at.toISOString());

    const later = new Date("2026-12-31T23:59:59.001Z");
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    await db.rawMessage.create({ data: { sha256: "f".repeat(64), size: bytes.length, bytes } });
    const m = await db.message.create({
      data: { mailbox: "INBOX", uidValidity: 1, uid: ++uid, direction: "in", status: "accepted", receivedAt: later, detailsAllowed: true, authenticated: false, rawSha256: "f".repeat(64) },
    });
    const [row] = await sql.$queryRaw<Array<{ receivedAt: Date; detailsAllowed: boolean; authenticated: boolean; bytes: Buffer }>>`
      SELECT m."receivedAt", m."detailsAllowed", m."authenticated", r."bytes" FROM "Message" m JOIN "RawMessage" r ON r."sha256" = m."rawSha256" WHERE m."id" = ${m.id}`;
    expect(row!.receivedAt).toBeInstanceOf(Date);
    expect(row!.receivedAt.toISOString()).toBe(later.toISOString());
    expect(row!.detailsAllowed).toBe(true);
    expect(row!.authenticated).toBe(false);
    expect(Buffer.from(row!.bytes).equals(bytes)).toBe(true);
    // comparisons with a date parameter agree with the stored form
    const hits = await sql.$queryRaw<unknown[]>`SELECT "id" FROM "Message" WHERE "id" = ${m.id} AND "receivedAt" >= ${later} AND "receivedAt" <= ${later}`;
    expect(hits).toHaveLength(1);
  });

  it.skipIf(skip)("a transaction that throws leaves nothing; one that returns commits", async () => {
    const before = await db.message.count();
    await expect(sql.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO "Message" ("mailbox", "uidValidity", "uid", "direction", "status", "receivedAt", "createdAt") VALUES ('INBOX', 1, ${++uid}, 'in', 'received', ${new Date()}, ${new Date()})`;
      throw new Error("undo");
    })).rejects.toThrow("undo");
    expect(await db.message.count()).toBe(before);
    const n = await sql.$transaction((tx) =>
      tx.$executeRaw`INSERT INTO "Message" ("mailbox", "uidValidity", "uid", "direction", "status", "receivedAt", "createdAt") VALUES ('INBOX', 1, ${++uid}, 'in', 'received', ${new Date()}, ${new Date()})`);
    expect(n).toBe(1);
    expect(await db.message.count()).toBe(before + 1);
  });

  it.skipIf(skip)("recognises a unique violation from the driver, by column", async () => {
    await sql.$executeRaw`INSERT INTO "RawMessage" ("sha256", "size", "bytes", "createdAt") VALUES (${"a".repeat(64)}, 1, ${new Uint8Array([1])}, ${new Date()})`;
    const err = await sql.$executeRaw`INSERT INTO "RawMessage" ("sha256", "size", "bytes", "createdAt") VALUES (${"a".repeat(64)}, 1, ${new Uint8Array([1])}, ${new Date()})`
      .then(() => null, (e: unknown) => e);
    expect(err).not.toBeNull();
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(err, "sha256")).toBe(true);
    expect(isUniqueViolation(err, "dedupeKey")).toBe(false);
  });

  it.skipIf(skip)("statements of one path never land inside the other path's transaction", async () => {
    const before = await db.message.count();
    // a Prisma transaction that is rolled back while a direct statement is issued in the middle of it
    const prismaTx = db.$transaction(async (tx) => {
      await tx.message.create({ data: { mailbox: "INBOX", uidValidity: 2, uid: ++uid, direction: "in", status: "received", receivedAt: new Date() } });
      await sleep(100);
      throw new Error("roll back the Prisma transaction");
    }).catch((e: Error) => e.message);
    await sleep(20);
    const directInsert = insertMessage(new Date());
    // and a direct transaction rolled back while a Prisma statement is issued in the middle of it
    const directTx = sql.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO "Message" ("mailbox", "uidValidity", "uid", "direction", "status", "receivedAt", "createdAt") VALUES ('INBOX', 3, ${++uid}, 'in', 'received', ${new Date()}, ${new Date()})`;
      await sleep(100);
      throw new Error("roll back the direct transaction");
    }).catch((e: Error) => e.message);
    await sleep(20);
    const prismaInsert = db.message.create({ data: { mailbox: "INBOX", uidValidity: 4, uid: ++uid, direction: "in", status: "received", receivedAt: new Date() } });
    expect(await prismaTx).toBe("roll back the Prisma transaction");
    expect(await directTx).toBe("roll back the direct transaction");
    await directInsert;
    await prismaInsert;
    // exactly the two statements outside the rolled-back transactions remain
    expect(await db.message.count()).toBe(before + 2);
    expect(await db.message.count({ where: { uidValidity: { in: [2, 3] } } })).toBe(0);
  });

  it.skipIf(skip || kind !== "postgres")("PostgreSQL: a transaction past its time limit is cut off, rolled back, and the pool goes on", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const limited = pgDirectSql(pool, { transactionTimeoutMs: 300 });
      const before = await db.message.count();
      const err = await limited.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "Message" ("mailbox", "uidValidity", "uid", "direction", "status", "receivedAt", "createdAt") VALUES ('INBOX', 5, ${++uid}, 'in', 'received', ${new Date()}, ${new Date()})`;
        await tx.$queryRaw`SELECT pg_sleep(1)`;
        return "finished";
      }).then((v) => v, (e: Error) => e.message);
      expect(err).toBe("database transaction did not finish within 300 ms; its connection was closed");
      expect(await db.message.count()).toBe(before);
      // the closed connection left the pool; the next transactions get working ones
      for (let i = 0; i < 3; i++) expect(await limited.$transaction((tx) => tx.$queryRaw<Array<{ one: number }>>`SELECT 1 AS "one"`)).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});

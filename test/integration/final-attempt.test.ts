// An email whose processing fails on every attempt (a defect, not bad input) is parked for a consultant with the
// reason on the final attempt, instead of staying in the queue's failed set; earlier attempts are retried.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../src/adapters/db/migrate.js";
import { createDb, type Db } from "../../src/adapters/db/client.js";
import { createCaseStore } from "../../src/adapters/db/case-store.js";
import { createLogger } from "../../src/adapters/log/logger.js";
import { parkOnFinalFailure, processingFailedReason } from "../../src/jobs/final-attempt.js";
import type { CaseStore } from "../../src/app/ports.js";
import { freshDatabaseUrl } from "../support/pipeline-harness.js";

const RAW = Buffer.from("From: coder@clinic.example.com\r\nMessage-ID: <poison@clinic.example.com>\r\nSubject: 99213\r\n\r\n99213?\r\n");
const job = (messageId: number, attemptsMade: number) => ({ id: `analyse-${messageId}`, data: { messageId }, attemptsMade, opts: { attempts: 8 } });
const defect = () => Promise.reject(Object.assign(new TypeError("Cannot read properties of undefined (reading 'code') in 'Patient Jane Roe'"), { code: "E_BUG" }));

describe("parkOnFinalFailure", () => {
  let db: Db;
  let store: CaseStore;
  const log = createLogger("silent");

  beforeAll(async () => {
    const url = await freshDatabaseUrl("sqlite", mkdtempSync(join(tmpdir(), "casedesk-final-")));
    await migrateDatabase(url);
    db = await createDb(url);
    store = createCaseStore(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("passes a result through and rethrows before the final attempt", async () => {
    const { id } = await store.saveInbound({ mailbox: "m", uidValidity: 1n, uid: 1n, receivedAt: new Date() }, RAW);
    await expect(parkOnFinalFailure(job(id, 0), "intake", { store, log, referencePrefix: "CD" }, async () => "analyse")).resolves.toBe("analyse");
    await expect(parkOnFinalFailure(job(id, 6), "intake", { store, log, referencePrefix: "CD" }, defect)).rejects.toThrow(TypeError);
    expect(await db.message.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "received", caseId: null });
  });

  it("parks a message without a case into a new parked case on the final attempt", async () => {
    const { id } = await store.saveInbound({ mailbox: "m", uidValidity: 1n, uid: 2n, receivedAt: new Date() }, RAW);
    await expect(parkOnFinalFailure(job(id, 7), "intake", { store, log, referencePrefix: "CD" }, defect)).resolves.toBe("parked");
    const m = await db.message.findUniqueOrThrow({ where: { id }, include: { case: true } });
    expect(m.status).toBe("parked");
    expect(m.case).toMatchObject({ status: "parked", parkReason: "PROCESSING_FAILED: intake failed 8 times (TypeError, E_BUG); answer it by hand" });
    expect(m.case!.parkReason).not.toContain("Jane Roe"); // the error's message may quote content: never in the reason
  });

  it("parks the case of an accepted message whose analysis keeps failing", async () => {
    const { id } = await store.saveInbound({ mailbox: "m", uidValidity: 1n, uid: 3n, receivedAt: new Date() }, Buffer.from(`${RAW.toString()}x`));
    const c = await store.acceptInbound({
      messageId: id, caseId: null, referencePrefix: "CD",
      parsed: { messageId: "poison3@clinic.example.com", inReplyTo: null, references: [], from: { address: "coder@clinic.example.com", name: null }, replyTo: null, to: [], subject: "99213", date: null, headers: {}, contentType: null, text: "", html: null, emailText: {} as never },
    });
    await expect(parkOnFinalFailure(job(id, 7), "analysis", { store, log, referencePrefix: "CD" }, defect)).resolves.toBe("parked");
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "parked", parkReason: expect.stringMatching(/^PROCESSING_FAILED: analysis failed 8 times/) });
    expect(await db.message.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "parked", caseId: c.id });
  });

  it("names the step, the attempts and the error kind only", () => {
    expect(processingFailedReason("analysis", 3, new RangeError("secret text"))).toBe("PROCESSING_FAILED: analysis failed 3 times (RangeError); answer it by hand");
    expect(processingFailedReason("intake", 1, null)).toBe("PROCESSING_FAILED: intake failed 1 time (Error); answer it by hand");
  });
});

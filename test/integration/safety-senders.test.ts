// Issue 7 on the real stack: CASEDESK_SENDER_POLICY=registered. Registered senders are answered; an unregistered
// sender gets one notice a day (through the draft/send path) and is parked; the per-sender rate limit parks a
// flood; with CASEDESK_REQUIRE_AUTH_FOR_DETAILS an unauthenticated sender's answer waits for review.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simpleParser } from "mailparser";
import { startHarness, type Harness } from "../support/pipeline-harness.js";
import { createSenderStore } from "../../src/adapters/db/sender-store.js";
import { draftOf, filed, question, quiet } from "./safety-support.js";

describe("sender policy: registered, notices daily, rate limit 3 per hour, authentication required for details", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness("sqlite", {
      CASEDESK_ROUTING: "auto", CASEDESK_SENDER_POLICY: "registered", CASEDESK_UNREGISTERED_NOTICE: "daily",
      CASEDESK_SENDER_RATE_MAX: "3", CASEDESK_SENDER_RATE_WINDOW_MINUTES: "60", CASEDESK_REQUIRE_AUTH_FOR_DETAILS: "false",
    });
    const senders = createSenderStore(h.core.db);
    await senders.addSender({ kind: "address", value: "coder@northridge-billing.example.com" }, null);
    await senders.addSender({ kind: "domain", value: "riverbend-ortho.example.com" }, "Riverbend");
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("answers registered addresses and domains", async () => {
    const a = question("Coder <coder@northridge-billing.example.com>");
    const b = question("B Alonso <balonso@riverbend-ortho.example.com>");
    for (const q of [a, b]) await h.deliverer.deliver(q.raw);
    for (const q of [a, b]) {
      const m = await filed(h, q.id);
      expect(m.status).toBe("accepted");
      expect(m.senderPolicy).toMatch(/^REGISTERED_(ADDRESS|DOMAIN):/);
      expect((await draftOf(h, m.id, ["sent"])).route).toBe("auto");
    }
  });

  it("an unregistered sender gets one polite notice, then nothing that day; both messages parked", async () => {
    const sentBefore = h.stack.sink.messages.length;
    const first = question("Stranger <someone@unknown-clinic.example.org>", "Please code 99213 for me.");
    await h.deliverer.deliver(first.raw);
    const m1 = await filed(h, first.id);
    expect(m1.status).toBe("parked");
    expect(m1.parkReason).toMatch(/^UNREGISTERED_NOTICE:/);
    const notice = await draftOf(h, m1.id, ["sent"]);
    expect(notice).toMatchObject({ route: "notice", toAddress: "someone@unknown-clinic.example.org" });
    const sink = await h.stack.sink.waitFor(sentBefore + 1, 30_000);
    const mail = await simpleParser(sink[sink.length - 1]!.raw);
    expect(mail.subject).toMatch(/Not answered: sender not registered/);
    expect(mail.text).not.toContain("99213"); // the notice repeats nothing from the message
    expect(mail.headers.get("auto-submitted")).toBe("auto-replied");

    const second = question("Stranger <someone@unknown-clinic.example.org>", "Hello? 99214?");
    await h.deliverer.deliver(second.raw);
    const m2 = await filed(h, second.id);
    expect(m2.status).toBe("parked");
    expect(m2.parkReason).toMatch(/^NOTICE_ALREADY_SENT:/);
    await quiet(h);
    expect(await h.core.db.replyDraft.count({ where: { inboundMessageId: m2.id } })).toBe(0);
    expect(h.stack.sink.messages.length).toBe(sentBefore + 1);
  });

  it("parks a registered sender's flood past the rate limit", async () => {
    const from = "Busy <busy@riverbend-ortho.example.com>";
    const qs = Array.from({ length: 5 }, (_, i) => question(from, `Question ${i}: 99213?`));
    for (const q of qs) {
      await h.deliverer.deliver(q.raw);
      await filed(h, q.id); // one at a time: arrival order = processing order
    }
    const rows = await Promise.all(qs.map((q) => filed(h, q.id)));
    expect(rows.map((r) => r.status)).toEqual(["accepted", "accepted", "accepted", "parked", "parked"]);
    expect(rows[3]!.parkReason).toMatch(/^RATE_LIMITED: 3 earlier messages/);
  });
});

describe("CASEDESK_REQUIRE_AUTH_FOR_DETAILS=true (open policy)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness("sqlite", { CASEDESK_ROUTING: "auto", CASEDESK_REQUIRE_AUTH_FOR_DETAILS: "true" });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("an unauthenticated sender's answer goes to review instead of being sent", async () => {
    const q = question("Coder <coder@northridge-billing.example.com>");
    await h.deliverer.deliver(q.raw);
    const m = await filed(h, q.id);
    expect(m.status).toBe("accepted");
    expect(m.authenticated).not.toBe(true);
    expect(m.detailsAllowed).toBe(false);
    expect(m.senderPolicy).toMatch(/^OPEN_POLICY: .*not authenticated/);
    const d = await draftOf(h, m.id, ["review"]);
    expect(d.route).toBe("review");
    await quiet(h);
    expect(h.stack.sink.messages.length).toBe(0);
  });
});

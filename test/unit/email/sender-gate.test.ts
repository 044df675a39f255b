// The sender-policy step of intake with an in-memory store: open vs registered policy, notice claim and
// suppression, decisions as intake stores them, idempotent notice drafts.
import { describe, expect, it } from "vitest";
import { createSenderGate, openPolicy, type SenderGateSettings } from "../../../src/app/sender-gate.js";
import type { NoticeDraftInput, SenderStore } from "../../../src/app/sender-ports.js";
import { decideSenderPolicy } from "../../../src/domain/email/sender-policy.js";

function memoryStore() {
  const decisions = new Map<number, { reason: string; detailsAllowed: boolean }>();
  const notices = new Map<string, { at: Date; messageId: number }>();
  const drafts: NoticeDraftInput[] = [];
  const store: SenderStore = {
    listSenders: async () => [{ id: 1, kind: "domain", value: "clinic.example.com", note: null, createdAt: new Date(0) }],
    addSender: async () => { throw new Error("unused"); },
    removeSender: async () => false,
    countRecentFrom: async () => 0,
    lastNotice: async (a) => notices.get(a) ?? null,
    claimNotice: async (a, messageId, at, intervalMs) => {
      const n = notices.get(a);
      if (n && n.messageId !== messageId && at.getTime() - n.at.getTime() < intervalMs) return false;
      notices.set(a, { at, messageId });
      return true;
    },
    decisionOf: async (id) => decisions.get(id) ?? null,
    noticeContext: async () => ({ caseId: 7, reference: "CD-2026-000007", toAddress: "x@elsewhere.example.org", messageId: "m@x", inReplyTo: null, references: [], draftId: drafts.length ? 1 : null }),
    createNoticeDraft: async (d) => {
      drafts.push(d);
      return { draftId: 1, created: true };
    },
  };
  /** what intake does with a screen result: store it with the message (CaseStore.parkInbound / acceptInbound) */
  const file = (id: number, r: { reason: string; repeatCaseDetails: boolean }) => void decisions.set(id, { reason: r.reason, detailsAllowed: r.repeatCaseDetails });
  return { store, decisions, drafts, file };
}

const settings: SenderGateSettings = { policy: "registered", unregistered: "daily", rateLimit: null, requireAuthForDetails: false, messageIdDomain: "example.test" };
const notices = { render: ({ caseReference }: { caseReference: string }) => ({ subject: `[${caseReference}] notice`, text: "t\n", html: "<p>t</p>" }) };
const at = new Date("2026-11-05T15:00:00Z");

describe("sender gate", () => {
  it("registered: a stranger's first message of the day gets a notice draft, queued once, the second nothing", async () => {
    const { store, drafts, file } = memoryStore();
    const queued: number[] = [];
    const gate = createSenderGate({ store, authenticator: null, notices, queue: { enqueueSend: async (id) => void queued.push(id) }, settings });
    const first = await gate.screen({ messageId: 1, sender: "X@Elsewhere.example.org", receivedAt: at, authenticated: null });
    expect(first).toMatchObject({ action: "notice", code: "UNREGISTERED_NOTICE" });
    expect(await gate.sendNotice(1)).toBe(false); // nothing filed yet: no decision to act on
    file(1, first);
    expect(await gate.sendNotice(1)).toBe(true);
    expect(await gate.sendNotice(1)).toBe(true); // resumed after a crash: no second draft
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ toAddress: "x@elsewhere.example.org", outboundMessageId: expect.stringContaining("example.test") });
    expect(queued).toEqual([1, 1]);
    const again = await gate.screen({ messageId: 1, sender: "x@elsewhere.example.org", receivedAt: at, authenticated: null });
    expect(again.action).toBe("notice"); // the same message's own claim does not block it
    const second = await gate.screen({ messageId: 2, sender: "x@elsewhere.example.org", receivedAt: new Date(at.getTime() + 3_600_000), authenticated: null });
    expect(second.code).toBe("NOTICE_ALREADY_SENT");
    file(2, second);
    expect(await gate.sendNotice(2)).toBe(false);
  });

  it("no notice to a sender that failed authentication (backscatter)", async () => {
    const { store } = memoryStore();
    const gate = createSenderGate({ store, authenticator: null, notices, queue: { enqueueSend: async () => undefined }, settings });
    expect((await gate.screen({ messageId: 3, sender: "x@elsewhere.example.org", receivedAt: at, authenticated: false })).code).toBe("NOTICE_SUPPRESSED");
  });

  it("open policy answers strangers, keeps rate limits, and says whether details may be repeated", async () => {
    const { store } = memoryStore();
    const gate = createSenderGate({ store, authenticator: null, notices, queue: { enqueueSend: async () => undefined }, settings: { ...settings, policy: "open", requireAuthForDetails: true } });
    const r = await gate.screen({ messageId: 4, sender: "x@elsewhere.example.org", receivedAt: at, authenticated: null });
    expect(r).toMatchObject({ action: "answer", code: "OPEN_POLICY", repeatCaseDetails: false });
    const limited = decideSenderPolicy({ sender: "a@b.example", registered: [], unregistered: "notice", lastNoticeAt: null, now: at, rateLimit: { max: 1, windowMinutes: 60 }, recentMessageCount: 1, authenticated: true, requireAuthenticationForDetails: false });
    expect(openPolicy(limited, { requireAuthenticationForDetails: false, authenticated: true }).action).toBe("rate-limited");
  });
});

// decideSenderPolicy / parseSenderEntry: issue 7's sender policy (registered senders answered, others
// one notice per day or none, per-sender rate limit, case details only to authenticated senders).
import { describe, expect, it } from "vitest";
import { decideSenderPolicy, parseSenderEntry, type SenderPolicyInput } from "../../../src/domain/email/sender-policy.js";

const NOW = new Date("2026-11-05T15:00:00Z");
const base: SenderPolicyInput = {
  sender: "dwhitfield@northridge-billing.example.com",
  registered: [
    { kind: "address", value: "Dwhitfield@Northridge-Billing.example.com" },
    { kind: "domain", value: "riverbend-ortho.example.com" },
  ],
  unregistered: "notice",
  lastNoticeAt: null,
  now: NOW,
  rateLimit: { max: 20, windowMinutes: 60 },
  recentMessageCount: 0,
  authenticated: true,
  requireAuthenticationForDetails: false,
};
const decide = (over: Partial<SenderPolicyInput>) => decideSenderPolicy({ ...base, ...over });

describe("decideSenderPolicy: registered senders", () => {
  it("a registered address is answered, case-insensitively", () => {
    const d = decide({ sender: "<DWhitfield@northridge-billing.EXAMPLE.com>" });
    expect(d).toMatchObject({ action: "answer", matched: { kind: "address" }, repeatCaseDetails: true });
    expect(d.reason).toMatch(/^REGISTERED_ADDRESS:/);
  });

  it("any address at a registered domain is answered", () => {
    const d = decide({ sender: "balonso@riverbend-ortho.example.com" });
    expect(d).toMatchObject({ action: "answer", matched: { kind: "domain", value: "riverbend-ortho.example.com" } });
    expect(d.reason).toMatch(/^REGISTERED_DOMAIN:/);
  });

  it("a domain entry does not cover subdomains or look-alike domains", () => {
    expect(decide({ sender: "x@mail.riverbend-ortho.example.com" }).action).toBe("notice");
    expect(decide({ sender: "x@evil-riverbend-ortho.example.com" }).action).toBe("notice");
    expect(decide({ sender: "riverbend-ortho.example.com@evil.example.org" }).action).toBe("notice");
  });

  it("a +tag sub-address is a different address", () => {
    expect(decide({ sender: "dwhitfield+cases@northridge-billing.example.com" }).action).toBe("notice");
  });

  it("domain entries written with a leading @ or a trailing dot still match", () => {
    const registered = [{ kind: "domain" as const, value: "@Clinic.example.org." }];
    expect(decide({ registered, sender: "a@clinic.example.org" }).action).toBe("answer");
  });
});

describe("decideSenderPolicy: authentication of case details", () => {
  it("when required, only an authenticated sender gets case details", () => {
    expect(decide({ requireAuthenticationForDetails: true, authenticated: true }).repeatCaseDetails).toBe(true);
    const failed = decide({ requireAuthenticationForDetails: true, authenticated: false });
    expect(failed).toMatchObject({ action: "answer", repeatCaseDetails: false });
    expect(failed.reason).toContain("failed");
    const unchecked = decide({ requireAuthenticationForDetails: true, authenticated: null });
    expect(unchecked.repeatCaseDetails).toBe(false);
    expect(unchecked.reason).toContain("not checked");
  });

  it("when not required, details go to registered senders whatever the verdict", () => {
    expect(decide({ authenticated: false }).repeatCaseDetails).toBe(true);
  });
});

describe("decideSenderPolicy: unregistered senders", () => {
  const stranger = "someone@unknown-clinic.example.org";

  it("gets one notice when none was sent before", () => {
    const d = decide({ sender: stranger });
    expect(d).toMatchObject({ action: "notice", matched: null, repeatCaseDetails: false });
    expect(d.reason).toMatch(/^UNREGISTERED_NOTICE:/);
  });

  it("gets nothing while the last notice is less than 24 h old", () => {
    const d = decide({ sender: stranger, lastNoticeAt: new Date(NOW.getTime() - 23.9 * 3_600_000) });
    expect(d.action).toBe("silent");
    expect(d.reason).toMatch(/^NOTICE_ALREADY_SENT:/);
  });

  it("gets a new notice once 24 h have passed (boundary inclusive)", () => {
    expect(decide({ sender: stranger, lastNoticeAt: new Date(NOW.getTime() - 24 * 3_600_000) }).action).toBe("notice");
  });

  it("honours a configured notice interval", () => {
    const lastNoticeAt = new Date(NOW.getTime() - 2 * 3_600_000);
    expect(decide({ sender: stranger, lastNoticeAt, noticeIntervalHours: 1 }).action).toBe("notice");
    expect(decide({ sender: stranger, lastNoticeAt, noticeIntervalHours: 168 }).action).toBe("silent");
  });

  it("gets nothing at all when notices are off", () => {
    const d = decide({ sender: stranger, unregistered: "silent" });
    expect(d.action).toBe("silent");
    expect(d.reason).toMatch(/^UNREGISTERED_SILENT:/);
  });
});

describe("decideSenderPolicy: rate limit and missing sender", () => {
  it("below the limit a registered sender is answered; at the limit it is rate-limited", () => {
    expect(decide({ recentMessageCount: 19 }).action).toBe("answer");
    const d = decide({ recentMessageCount: 20 });
    expect(d).toMatchObject({ action: "rate-limited", repeatCaseDetails: false });
    expect(d.reason).toBe("RATE_LIMITED: 20 earlier messages from this sender within 60 min (limit 20)");
  });

  it("the rate limit also stops notices to a flooding unregistered sender", () => {
    expect(decide({ sender: "x@flood.example.com", recentMessageCount: 50 }).action).toBe("rate-limited");
  });

  it("no limit configured: any count is fine", () => {
    expect(decide({ rateLimit: null, recentMessageCount: 10_000 }).action).toBe("answer");
  });

  it("max 0 rate-limits everything (an emergency stop)", () => {
    expect(decide({ rateLimit: { max: 0, windowMinutes: 60 } }).action).toBe("rate-limited");
  });

  it.each([[null], [""], ["   "], ["no-at-sign"], ["@example.com"], ["user@"], ["a b@example.com"]])("sender %j is silent", (sender) => {
    const d = decide({ sender });
    expect(d.action).toBe("silent");
    expect(d.reason).toMatch(/^NO_SENDER:/);
  });
});

describe("parseSenderEntry", () => {
  it.each([
    ["coder@Clinic.Example.com", { kind: "address", value: "coder@clinic.example.com" }],
    ["clinic.example.com", { kind: "domain", value: "clinic.example.com" }],
    ["@clinic.example.com", { kind: "domain", value: "clinic.example.com" }],
    ["  Clinic.Example.COM.  ", { kind: "domain", value: "clinic.example.com" }],
  ])("%j → %j", (text, entry) => {
    expect(parseSenderEntry(text)).toEqual(entry);
  });

  it.each([[""], ["localhost"], ["a@b@example.com"], ["two words.example.com"], ["coder@nodot"], ["-bad.example.com"], ["@"]])("%j is rejected", (text) => {
    expect(parseSenderEntry(text)).toBeNull();
  });
});

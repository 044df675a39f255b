// SPF / DKIM / DMARC verdicts (issue 7): authVerdict's alignment rules, and the mailauth adapter run fully
// offline with an injected resolver (a DKIM key and DMARC/SPF records served from a map, no network).
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dkimSign } from "mailauth";
import { authVerdict, bestDkimResult, type AuthChecks } from "../../../src/domain/email/auth-verdict.js";
import { createCachingResolver, createMailAuthenticator, type DNSResolver } from "../../../src/adapters/mail/mail-auth.js";

const none: AuthChecks = { spf: "none", spfDomain: "clinic.example.com", dkim: "none", dkimAligned: false, dmarc: "none", fromDomain: "clinic.example.com" };

describe("authVerdict", () => {
  it("DMARC decides when it has a verdict", () => {
    expect(authVerdict({ ...none, dmarc: "pass" }).authenticated).toBe(true);
    expect(authVerdict({ ...none, dmarc: "fail", spf: "pass", dkim: "pass", dkimAligned: true }).authenticated).toBe(false);
  });
  it("without DMARC: aligned DKIM pass or SPF pass for the From domain authenticate", () => {
    expect(authVerdict({ ...none, dkim: "pass", dkimAligned: true }).authenticated).toBe(true);
    expect(authVerdict({ ...none, dkim: "pass", dkimAligned: false }).authenticated).toBe(null);
    expect(authVerdict({ ...none, spf: "pass" }).authenticated).toBe(true);
    expect(authVerdict({ ...none, spf: "pass", spfDomain: "bulk-sender.example.net" }).authenticated).toBe(null);
  });
  it("hard failures are false, everything else is unknown", () => {
    expect(authVerdict({ ...none, spf: "fail" })).toMatchObject({ authenticated: false, reason: expect.stringMatching(/^AUTH_FAIL: SPF/) });
    expect(authVerdict({ ...none, dkim: "fail" }).authenticated).toBe(null); // RFC 6376 §6.1: as if unsigned
    for (const spf of ["softfail", "neutral", "temperror", "permerror", null]) expect(authVerdict({ ...none, spf }).authenticated).toBe(null);
    expect(authVerdict({ ...none, dmarc: "temperror" }).reason).toMatch(/^AUTH_UNKNOWN: /);
  });
  it("bestDkimResult prefers a pass, then an aligned one", () => {
    expect(bestDkimResult([])).toEqual({ result: "none", aligned: false });
    expect(bestDkimResult([{ result: "fail", aligned: true }, { result: "pass", aligned: false }, { result: "pass", aligned: true }])).toEqual({ result: "pass", aligned: true });
  });
});

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PEM = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const PUB = publicKey.export({ type: "spki", format: "der" }).toString("base64");

function message(from: string, ip = "192.0.2.10"): Buffer {
  return Buffer.from(
    [
      `Received: from mail.clinic.example.com (mail.clinic.example.com [${ip}]) by mx.example.test with ESMTPS; Thu, 05 Nov 2026 15:00:00 +0000`,
      `Return-Path: <${from}>`,
      `From: Coder <${from}>`,
      "To: support@example.test",
      "Subject: 99214-25 question",
      "Message-ID: <auth-test@clinic.example.com>",
      "Date: Thu, 05 Nov 2026 14:59:00 +0000",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      "Is 99214-25 with 20610 fine?",
      "",
    ].join("\r\n"),
  );
}

function zone(records: Record<string, string[]>): { resolver: DNSResolver; asked: string[] } {
  const asked: string[] = [];
  const resolver: DNSResolver = async (name, rrtype) => {
    asked.push(`${rrtype} ${name}`);
    const hit = records[`${rrtype} ${name.toLowerCase()}`];
    if (!hit) throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: "ENOTFOUND" });
    return rrtype === "TXT" ? hit.map((r) => [r]) : hit;
  };
  return { resolver, asked };
}

const CLINIC = {
  "TXT s1._domainkey.clinic.example.com": [`v=DKIM1; k=rsa; p=${PUB}`],
  "TXT _dmarc.clinic.example.com": ["v=DMARC1; p=reject"],
  "TXT clinic.example.com": ["v=spf1 ip4:192.0.2.10 -all"],
};

async function signed(raw: Buffer): Promise<Buffer> {
  // mailauth's index.d.ts types the signer flat; the implementation reads signatureData[] (README, "dkimSign")
  const options = { signatureData: [{ signingDomain: "clinic.example.com", selector: "s1", privateKey: PEM }] };
  const s = await dkimSign(raw, options as unknown as Parameters<typeof dkimSign>[1]);
  expect(s.errors).toEqual([]);
  return Buffer.concat([Buffer.from(s.signatures), raw]);
}

describe("createMailAuthenticator (offline, injected resolver)", () => {
  it("a DKIM-signed message from an SPF-permitted host passes DMARC", async () => {
    const { resolver, asked } = zone(CLINIC);
    const v = await createMailAuthenticator({ resolver }).verify(await signed(message("coder@clinic.example.com")));
    expect(v).toMatchObject({ dkim: "pass", spf: "pass", dmarc: "pass", authenticated: true });
    expect(asked.length).toBeGreaterThan(0);
  });

  it("a forged From (unsigned, wrong host) fails DMARC", async () => {
    const { resolver } = zone(CLINIC);
    const v = await createMailAuthenticator({ resolver }).verify(message("coder@clinic.example.com", "198.51.100.7"));
    expect(v).toMatchObject({ spf: "fail", dmarc: "fail", authenticated: false });
  });

  it("a body changed after signing does not verify: treated as unsigned (RFC 6376 §6.1)", async () => {
    const { resolver } = zone({ ...CLINIC, "TXT _dmarc.clinic.example.com": [], "TXT clinic.example.com": [] });
    const raw = Buffer.from((await signed(message("coder@clinic.example.com"))).toString().replace("20610", "20611"));
    const v = await createMailAuthenticator({ resolver }).verify(raw);
    expect(v.dkim).toBe("neutral"); // mailauth: "body hash did not verify"
    expect(v.authenticated).toBe(null);
  });

  it("no DNS at all: unknown, not an error", async () => {
    const { resolver } = zone({});
    const v = await createMailAuthenticator({ resolver }).verify(message("coder@clinic.example.com"));
    expect(v.authenticated).toBe(null);
    expect(v.reason).toMatch(/^AUTH_UNKNOWN/);
  });

  it("a resolver that never answers hits the deadline", async () => {
    const hang: DNSResolver = () => new Promise(() => {});
    const t0 = Date.now();
    const v = await createMailAuthenticator({ resolver: hang, deadlineMs: 200 }).verify(message("coder@clinic.example.com"));
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(v).toMatchObject({ authenticated: null, reason: expect.stringContaining("timed out") });
  });

  it("garbage bytes never throw", async () => {
    const { resolver } = zone({});
    const v = await createMailAuthenticator({ resolver }).verify(Buffer.from("\u0000\u0001 not mail"));
    expect(v.authenticated).toBe(null);
  });
});

describe("createCachingResolver", () => {
  it("the second message from a domain asks the DNS nothing and gets the same verdict", async () => {
    const { resolver, asked } = zone(CLINIC);
    const auth = createMailAuthenticator({ resolver: createCachingResolver(resolver) });
    const raw = await signed(message("coder@clinic.example.com"));
    const first = await auth.verify(raw);
    const queries = asked.length;
    expect(queries).toBeGreaterThan(0);
    expect(await auth.verify(raw)).toEqual(first);
    expect(first.authenticated).toBe(true);
    expect(asked.length).toBe(queries);
  });

  it("concurrent lookups of one name share one query; names and record types are cached apart", async () => {
    let calls = 0;
    let answer!: (v: string[][]) => void;
    const slow: DNSResolver = (name, rrtype) => {
      calls++;
      return rrtype === "TXT" && name === "clinic.example.com" ? new Promise((r) => (answer = r)) : Promise.resolve([`${rrtype} ${name}`]);
    };
    const cached = createCachingResolver(slow);
    const a = cached("clinic.example.com", "TXT");
    const b = cached("CLINIC.example.com", "TXT");
    answer([["v=spf1 -all"]]);
    expect(await a).toEqual([["v=spf1 -all"]]);
    expect(await b).toEqual([["v=spf1 -all"]]);
    expect(calls).toBe(1);
    expect(await cached("clinic.example.com", "MX")).toEqual(["MX clinic.example.com"]);
    expect(await cached("other.example.com", "TXT")).toEqual(["TXT other.example.com"]);
    expect(calls).toBe(3);
  });

  it("'no such record' is remembered like an answer; a timeout only for failureTtlMs", async () => {
    const codes: Record<string, string> = { "gone.example.com": "ENOTFOUND", "slow.example.com": "ETIMEOUT" };
    const asked: string[] = [];
    const failing: DNSResolver = async (name) => {
      asked.push(name);
      throw Object.assign(new Error(codes[name]), { code: codes[name] });
    };
    const cached = createCachingResolver(failing, { failureTtlMs: 40, negativeTtlMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      await expect(cached("gone.example.com", "TXT")).rejects.toMatchObject({ code: "ENOTFOUND" });
      await expect(cached("slow.example.com", "TXT")).rejects.toMatchObject({ code: "ETIMEOUT" });
    }
    expect(asked).toEqual(["gone.example.com", "slow.example.com"]);
    await new Promise((r) => setTimeout(r, 80));
    await expect(cached("slow.example.com", "TXT")).rejects.toMatchObject({ code: "ETIMEOUT" });
    await expect(cached("gone.example.com", "TXT")).rejects.toMatchObject({ code: "ENOTFOUND" });
    expect(asked).toEqual(["gone.example.com", "slow.example.com", "slow.example.com"]);
  });
});

// Reduces SPF / DKIM / DMARC results to the one question the sender policy asks: is the From address
// authenticated? Pure: the mail-auth adapter runs the checks (mailauth) and passes the results here.

/** Result keywords of RFC 8601 §2.7 ("pass", "fail", "softfail", "neutral", "none", "temperror", "permerror", "policy"). */
export type AuthResultKeyword = string;

export interface AuthChecks {
  /** SPF result for the MAIL FROM (RFC 7208 §2.6), or null when not checked */
  spf: AuthResultKeyword | null;
  /** domain SPF was evaluated for (MAIL FROM domain, else HELO), lower-case, or null */
  spfDomain: string | null;
  /** best DKIM result over all signatures (RFC 6376 §6.1): pass > fail/policy > neutral > temperror > permerror > none */
  dkim: AuthResultKeyword | null;
  /** true when a passing DKIM signature's d= is aligned with the From domain (RFC 7489 §3.1.1, relaxed) */
  dkimAligned: boolean;
  /** DMARC result for the From domain (RFC 7489 §6.6.2), or null when not checked */
  dmarc: AuthResultKeyword | null;
  /** the From header domain, lower-case, or null */
  fromDomain: string | null;
}

export interface AuthVerdict extends Omit<AuthChecks, "spfDomain" | "fromDomain" | "dkimAligned"> {
  /** true = the From domain is authenticated; false = a check failed; null = could not be determined */
  authenticated: boolean | null;
  /** "CODE: explanation" for consultants */
  reason: string;
}

/**
 * Decides whether the From address is authenticated, following DMARC's identifier alignment
 * (RFC 7489 §3.1, §4.2):
 * 1. DMARC `pass` → true; DMARC `fail` → false (the domain published a policy and nothing aligned).
 * 2. No DMARC verdict (`none`, `temperror`, `permerror`, not checked): an aligned DKIM `pass` → true;
 *    SPF `pass` for exactly the From domain → true (strict SPF alignment, RFC 7489 §3.1.2).
 * 3. Otherwise SPF `fail` → false (RFC 7208 §8.4: the domain says this host may not send).
 * 4. Otherwise (none, neutral, softfail, temporary errors, DNS unreachable, and a DKIM signature that does
 *    not verify, which RFC 6376 §6.1 says to treat like no signature) → null: not determinable.
 * Never throws.
 */
export function authVerdict(checks: AuthChecks): AuthVerdict {
  const { spf, dkim, dmarc } = checks;
  const base = { spf, dkim, dmarc };
  const n = (v: string | null) => (v ?? "").toLowerCase();
  if (n(dmarc) === "pass") return { ...base, authenticated: true, reason: "AUTH_PASS: DMARC pass (RFC 7489)" };
  if (n(dmarc) === "fail") return { ...base, authenticated: false, reason: "AUTH_FAIL: DMARC fail (RFC 7489)" };
  if (n(dkim) === "pass" && checks.dkimAligned) {
    return { ...base, authenticated: true, reason: "AUTH_PASS: DKIM signature aligned with the From domain (RFC 6376, RFC 7489 §3.1.1)" };
  }
  if (n(spf) === "pass" && checks.spfDomain !== null && checks.fromDomain !== null && checks.spfDomain.toLowerCase() === checks.fromDomain.toLowerCase()) {
    return { ...base, authenticated: true, reason: "AUTH_PASS: SPF pass for the From domain (RFC 7208, RFC 7489 §3.1.2)" };
  }
  if (n(spf) === "fail") return { ...base, authenticated: false, reason: "AUTH_FAIL: SPF fail (RFC 7208 §8.4)" };
  return {
    ...base,
    authenticated: null,
    reason: `AUTH_UNKNOWN: spf=${n(spf) || "unchecked"} dkim=${n(dkim) || "unchecked"} dmarc=${n(dmarc) || "unchecked"}`,
  };
}

const DKIM_RANK = ["pass", "fail", "policy", "neutral", "temperror", "permerror", "none"];

/** The best of several DKIM signature results (RFC 8601 §2.7.1 keywords); "none" for an empty list. */
export function bestDkimResult(results: Array<{ result: string; aligned: boolean }>): { result: string; aligned: boolean } {
  let best: { result: string; aligned: boolean } = { result: "none", aligned: false };
  const rank = (r: string) => {
    const i = DKIM_RANK.indexOf(r.toLowerCase());
    return i === -1 ? DKIM_RANK.length : i;
  };
  for (const r of results) {
    const better = rank(r.result) < rank(best.result) || (r.result === best.result && r.aligned && !best.aligned);
    if (better) best = { result: r.result.toLowerCase(), aligned: r.aligned };
  }
  return best;
}

// SPF / DKIM / DMARC verdicts for an inbound message (mailauth), computed with a DNS resolver that gives up
// quickly, and a deadline per message: a slow or unreachable DNS must never hold up intake.
import { Resolver } from "node:dns/promises";
import { authenticate, type DNSResolver } from "mailauth";
import { LRUCache } from "lru-cache";
import { authVerdict, bestDkimResult, type AuthVerdict } from "../../domain/email/auth-verdict.js";

export type { DNSResolver };

export interface MailAuthenticator {
  /** Never throws: an error or a timeout yields `authenticated: null` with an AUTH_UNKNOWN reason. */
  verify(raw: Buffer): Promise<AuthVerdict>;
}

export interface MailAuthOptions {
  /** DNS lookups (name, rrtype) → records; default: the system resolver with `dnsTimeoutMs`, one try, behind createCachingResolver */
  resolver?: DNSResolver;
  /** per-lookup timeout of the default resolver, ms (default 1500) */
  dnsTimeoutMs?: number;
  /** the whole check for one message, ms (default 5000) */
  deadlineMs?: number;
  /** authserv-id for the Authentication-Results text (RFC 8601 §2.5), e.g. the MX host name */
  mta?: string;
}

/**
 * A DNS resolver for mailauth that fails fast: one try, `timeoutMs` per lookup (node:dns `Resolver`
 * options), and an outer timer of the same length in case the resolver ignores its own.
 * @returns (name, rrtype) → records, rejecting with `ETIMEOUT` / the resolver's error code
 */
export function createFastResolver(timeoutMs = 1500): DNSResolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  return (name, rrtype) =>
    withTimeout(resolver.resolve(name, rrtype) as Promise<string[] | string[][]>, timeoutMs + 250, () => {
      const err = new Error(`DNS ${rrtype} ${name} timed out`) as Error & { code: string };
      err.code = "ETIMEOUT";
      return err;
    });
}

/** DNS answer codes that say "no such record" (cached as negative answers, RFC 2308), not "could not ask". */
const NEGATIVE_ANSWERS = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN"]);

export interface DnsCacheOptions {
  /** most (name, rrtype) entries kept (least recently used dropped first); default 10,000 */
  maxEntries?: number;
  /** how long an answer is reused, ms (default 300,000 = 5 min; node:dns does not give TXT TTLs) */
  answerTtlMs?: number;
  /** how long "no such record" is reused, ms (default 300,000; RFC 2308 negative caching) */
  negativeTtlMs?: number;
  /** how long a failure to get an answer (timeout, SERVFAIL, refused) is reused, ms (default 30,000) */
  failureTtlMs?: number;
}

/**
 * Wraps a resolver with an in-process cache keyed by (rrtype, lower-cased name): concurrent lookups of one
 * name share one query, answers and negative answers are reused for minutes, failures for seconds. A mailbox
 * receives many messages from the same few domains; without the cache every message repeats the same SPF,
 * DKIM-key and DMARC queries, and one slow resolver answer holds an intake slot for its whole timeout.
 * @returns the same (name, rrtype) → records contract as `inner`, rejections included
 */
export function createCachingResolver(inner: DNSResolver, options: DnsCacheOptions = {}): DNSResolver {
  const answerTtl = options.answerTtlMs ?? 300_000;
  const negativeTtl = options.negativeTtlMs ?? 300_000;
  const failureTtl = options.failureTtlMs ?? 30_000;
  const cache = new LRUCache<string, ReturnType<DNSResolver>>({ max: options.maxEntries ?? 10_000, ttl: answerTtl });
  return (name, rrtype) => {
    const key = `${rrtype} ${name.toLowerCase()}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const lookup = inner(name, rrtype);
    cache.set(key, lookup);
    lookup.catch((err: { code?: string }) => {
      // re-set with the ttl for its kind of failure, unless a newer lookup replaced it meanwhile
      if (cache.peek(key) === lookup) cache.set(key, lookup, { ttl: NEGATIVE_ANSWERS.has(err?.code ?? "") ? negativeTtl : failureTtl });
    });
    return lookup;
  };
}

/**
 * Creates the authenticator. The connecting client's IP, HELO and MAIL FROM are read from the topmost
 * Received header and Return-Path (mailauth `trustReceived`): they were written by the receiving MTA,
 * the last hop before the mailbox. ARC and BIMI are not evaluated. Results are reduced by `authVerdict`
 * (RFC 7489 alignment).
 */
export function createMailAuthenticator(options: MailAuthOptions = {}): MailAuthenticator {
  const resolver = options.resolver ?? createCachingResolver(createFastResolver(options.dnsTimeoutMs ?? 1500));
  const deadlineMs = options.deadlineMs ?? 5000;
  const mta = options.mta ?? "casedesk.invalid";
  return {
    async verify(raw: Buffer): Promise<AuthVerdict> {
      try {
        const r = await withTimeout(
          authenticate(raw, { trustReceived: true, resolver, mta, disableArc: true, disableBimi: true }),
          deadlineMs,
          () => new Error("deadline"),
        );
        const dkim = bestDkimResult(
          (r.dkim?.results ?? []).map((s) => ({ result: String(s.status?.result ?? "none"), aligned: Boolean(s.status?.aligned) })),
        );
        const fromDomain = (r.dkim?.headerFrom?.[0] ?? "").split("@").pop()?.toLowerCase() || null;
        const spf = r.spf ? r.spf : null;
        return authVerdict({
          spf: spf ? String(spf.status?.result ?? "none") : null,
          spfDomain: spf?.domain ? String(spf.domain).toLowerCase() : null,
          dkim: dkim.result,
          dkimAligned: dkim.aligned,
          dmarc: r.dmarc ? String(r.dmarc.status?.result ?? "none") : null,
          fromDomain,
        });
      } catch (err) {
        const why = (err as Error).message === "deadline" ? `timed out after ${deadlineMs} ms` : `check failed (${(err as Error).name})`;
        return { spf: null, dkim: null, dmarc: null, authenticated: null, reason: `AUTH_UNKNOWN: ${why}` };
      }
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
    timer.unref();
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

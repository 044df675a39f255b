// Who gets an answer: registered senders (subscriber addresses or domains) are answered, others get at
// most one polite notice per interval or nothing, and every sender is rate limited. Pure: the caller
// looks up the registry, counts recent messages and notices, and reads the clock.

/** A registry entry: a full address ("coder@clinic.example.com") or a whole domain ("clinic.example.com"). */
export type SenderEntry = { kind: "address"; value: string } | { kind: "domain"; value: string };

/**
 * What to do with a message from this sender.
 * - `answer`: process and reply as usual
 * - `notice`: do not answer the question; send one polite "not registered" notice
 * - `silent`: do not reply at all (record the message; consultants can still see it)
 * - `rate-limited`: do not reply; park the case for a consultant (possible flood or loop)
 */
export type SenderAction = "answer" | "notice" | "silent" | "rate-limited";

export interface SenderPolicyInput {
  /** From address of the message (addr-spec), or null when it has none */
  sender: string | null;
  /** registered senders, as stored by `casedesk sender add` */
  registered: SenderEntry[];
  /** what unregistered senders get: one notice per interval, or nothing */
  unregistered: "notice" | "silent";
  /** when casedesk last sent this sender a notice, or null if never */
  lastNoticeAt: Date | null;
  /** the current time, read by the caller */
  now: Date;
  /** minimum time between two notices to one sender, in hours; default 24 ("one per day") */
  noticeIntervalHours?: number;
  /** per-sender limit: at most `max` messages within the last `windowMinutes`; null = no limit */
  rateLimit: { max: number; windowMinutes: number } | null;
  /** messages already received from this sender within that window, this one excluded */
  recentMessageCount: number;
  /** SPF/DKIM/DMARC outcome for this message: true = aligned pass, false = fail, null = not checked */
  authenticated: boolean | null;
  /** when true, answers repeat case details (codes, quoted question) only to authenticated senders */
  requireAuthenticationForDetails: boolean;
}

export interface SenderPolicyDecision {
  action: SenderAction;
  /** stable code, then a human explanation: "REGISTERED_DOMAIN: clinic.example.com is registered" */
  reason: string;
  /** which registry entry matched, or null */
  matched: SenderEntry | null;
  /** whether the reply may repeat case details; always false unless action is `answer` */
  repeatCaseDetails: boolean;
}

/**
 * Parses a registry entry as typed by a consultant (`casedesk sender add …`): "coder@clinic.example.com"
 * is an address, "clinic.example.com" or "@clinic.example.com" a domain. Lower-cases; returns null for
 * anything that is neither (blank, spaces, several "@", no dot in the domain).
 */
export function parseSenderEntry(text: string): SenderEntry | null {
  const t = text.trim().toLowerCase();
  if (t === "" || /\s/.test(t)) return null;
  const at = t.lastIndexOf("@");
  if (at === 0) return isDomain(t.slice(1)) ? { kind: "domain", value: stripDot(t.slice(1)) } : null;
  if (at > 0) {
    if (t.indexOf("@") !== at) return null;
    const domain = t.slice(at + 1);
    return isDomain(domain) ? { kind: "address", value: `${t.slice(0, at)}@${stripDot(domain)}` } : null;
  }
  return isDomain(t) ? { kind: "domain", value: stripDot(t) } : null;
}

/**
 * Decides the sender policy of issue 7 for one inbound message. Order:
 * 1. no usable sender → `silent` (NO_SENDER);
 * 2. `recentMessageCount >= rateLimit.max` → `rate-limited` (RATE_LIMITED), registered or not;
 * 3. sender address registered → `answer` (REGISTERED_ADDRESS); else its domain registered, exactly
 *    (a domain entry does not cover subdomains) → `answer` (REGISTERED_DOMAIN);
 * 4. unregistered and policy `silent` → `silent` (UNREGISTERED_SILENT);
 * 5. unregistered, a notice sent less than `noticeIntervalHours` (24) before `now` → `silent`
 *    (NOTICE_ALREADY_SENT); otherwise → `notice` (UNREGISTERED_NOTICE).
 * Addresses compare case-insensitively and literally: "+tag" sub-addresses are different addresses.
 * `repeatCaseDetails` is true only for `answer`, and then only when authentication is not required or
 * `authenticated === true`.
 */
export function decideSenderPolicy(input: SenderPolicyInput): SenderPolicyDecision {
  const sender = normaliseAddress(input.sender);
  if (sender === null) return decide("silent", "NO_SENDER: the message has no usable From address", null, false);

  const limit = input.rateLimit;
  if (limit !== null && input.recentMessageCount >= limit.max) {
    return decide(
      "rate-limited",
      `RATE_LIMITED: ${input.recentMessageCount} earlier messages from this sender within ${limit.windowMinutes} min (limit ${limit.max})`,
      null,
      false,
    );
  }

  const domain = sender.slice(sender.lastIndexOf("@") + 1);
  const entries = input.registered.map(normaliseEntry);
  const byAddress = entries.find((e) => e.kind === "address" && e.value === sender) ?? null;
  const byDomain = byAddress ? null : (entries.find((e) => e.kind === "domain" && e.value === domain) ?? null);
  const matched = byAddress ?? byDomain;
  if (matched !== null) {
    const details = !input.requireAuthenticationForDetails || input.authenticated === true;
    const reason = byAddress
      ? `REGISTERED_ADDRESS: ${sender} is registered`
      : `REGISTERED_DOMAIN: ${domain} is registered`;
    const auth = details ? "" : `; sender not authenticated (${input.authenticated === false ? "failed" : "not checked"}), reply without case details`;
    return decide("answer", reason + auth, matched, details);
  }

  if (input.unregistered === "silent") {
    return decide("silent", `UNREGISTERED_SILENT: ${sender} is not registered and notices are off`, null, false);
  }
  const intervalMs = (input.noticeIntervalHours ?? 24) * 3_600_000;
  if (input.lastNoticeAt !== null && input.now.getTime() - input.lastNoticeAt.getTime() < intervalMs) {
    return decide(
      "silent",
      `NOTICE_ALREADY_SENT: ${sender} was sent a notice at ${input.lastNoticeAt.toISOString()} (one per ${input.noticeIntervalHours ?? 24} h)`,
      null,
      false,
    );
  }
  return decide("notice", `UNREGISTERED_NOTICE: ${sender} is not registered; one notice per ${input.noticeIntervalHours ?? 24} h`, null, false);
}

function decide(action: SenderAction, reason: string, matched: SenderEntry | null, repeatCaseDetails: boolean): SenderPolicyDecision {
  return { action, reason, matched, repeatCaseDetails };
}

function normaliseAddress(address: string | null): string | null {
  if (address === null) return null;
  const a = stripDot(address.trim().replace(/^<(.*)>$/, "$1").trim().toLowerCase());
  const at = a.lastIndexOf("@");
  return at > 0 && at < a.length - 1 && !/\s/.test(a) ? a : null;
}

function normaliseEntry(entry: SenderEntry): SenderEntry {
  const v = stripDot(entry.value.trim().toLowerCase());
  return entry.kind === "domain" ? { kind: "domain", value: v.replace(/^@/, "") } : { kind: "address", value: v };
}

function isDomain(d: string): boolean {
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\.?$/.test(d);
}

function stripDot(s: string): string {
  return s.endsWith(".") ? s.slice(0, -1) : s;
}

// Threading rules: how casedesk's answers stay in the sender's thread and how follow-ups find their case.
// Sources: RFC 5322 §3.6.4 (Message-ID, In-Reply-To, References), RFC 3834 §5 (Auto-Submitted: auto-replied).

/** Case reference such as "CD-2026-000123": prefix, year of arrival, 6-digit sequence (wider when needed). */
export function formatCaseReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, "0")}`;
}

/** Finds a case reference ("CD-2026-000123", brackets optional) in a subject; null when none. */
export function findCaseReference(subject: string, prefix: string): string | null {
  const re = new RegExp(`\\b(${escapeRegExp(prefix)}-\\d{4}-\\d{6,})\\b`, "i");
  const m = re.exec(subject);
  return m ? m[1]!.toUpperCase() : null;
}

const REPLY_PREFIX = /^\s*((re|aw|sv|antw|fw|fwd|wg)\s*(\[\d+\])?\s*:\s*)+/i;

/**
 * Subject of casedesk's answer: "Re: [CD-2026-000123] <original subject>", with earlier "Re:"/"Fwd:" prefixes
 * and an earlier bracketed reference removed, so a long thread does not grow "Re: Re: [..] [..]".
 */
export function replySubject(reference: string, originalSubject: string): string {
  let s = originalSubject.replace(/[\r\n]+/g, " ").trim();
  for (let i = 0; i < 5; i++) {
    const before = s;
    s = s.replace(REPLY_PREFIX, "").replace(new RegExp(`^\\[${escapeRegExp(reference)}\\]\\s*`, "i"), "");
    if (s === before) break;
  }
  s = s.replace(new RegExp(`\\s*\\[${escapeRegExp(reference)}\\]`, "ig"), "").trim();
  return `Re: [${reference}] ${s || "(no subject)"}`.trim();
}

/** Normalises a Message-ID: angle brackets and surrounding whitespace removed. "" for empty input. */
export function bareMessageId(id: string | null | undefined): string {
  return (id ?? "").trim().replace(/^<+/, "").replace(/>+$/, "").trim();
}

/** Splits a References / In-Reply-To header value into bare Message-IDs, in header order. */
export function parseMessageIdList(value: string | string[] | null | undefined): string[] {
  const raw = Array.isArray(value) ? value.join(" ") : (value ?? "");
  const ids = raw.match(/<[^<>\s]+>/g);
  if (ids) return ids.map(bareMessageId);
  return raw.split(/\s+/).map(bareMessageId).filter(Boolean);
}

/**
 * Threading headers of an answer to `inbound` (RFC 5322 §3.6.4): In-Reply-To = the inbound Message-ID;
 * References = the inbound References (or its In-Reply-To when References is absent) followed by the inbound
 * Message-ID, capped to the first and the last 18 ids so the header stays bounded.
 */
export function replyThreadHeaders(inbound: {
  messageId: string | null;
  references: string[];
  inReplyTo: string | null;
}): { inReplyTo: string | null; references: string[] } {
  const parent = bareMessageId(inbound.messageId);
  const base = inbound.references.length > 0 ? inbound.references : inbound.inReplyTo ? [bareMessageId(inbound.inReplyTo)] : [];
  let refs = [...base.filter((r) => r && r !== parent)];
  if (parent) refs.push(parent);
  if (refs.length > 20) refs = [refs[0]!, ...refs.slice(-19)];
  return { inReplyTo: parent || null, references: refs };
}

/**
 * Stable Message-ID of the answer drafted for one inbound message: the same draft always gets the same id,
 * so a resend after a crash is recognisable as the same message by every receiver.
 */
export function answerMessageId(reference: string, draftKey: string | number, domain: string): string {
  return `casedesk.${reference.toLowerCase()}.${draftKey}@${domain}`;
}

/** Candidate ids a follow-up can point at: its In-Reply-To and References, nearest first, de-duplicated. */
export function threadCandidates(inReplyTo: string | null, references: string[]): string[] {
  const out: string[] = [];
  for (const id of [bareMessageId(inReplyTo), ...[...references].reverse()]) if (id && !out.includes(id)) out.push(id);
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Counts the outcome of a fault run from what the SMTP sink received and what the database says: every email
// must be answered exactly once or parked with a reason. Pure, so the counting itself is unit-testable.
//
// A duplicate is a second, different answer to one email (another outbound Message-ID): a second reply the
// requester would read. A resend is the same answer (same Message-ID) delivered again — the at-least-once window
// documented in src/app/send.ts (the process died between the server's 250 and the database write, RFC 1047);
// receivers recognise it by its Message-ID (RFC 5322 §3.6.4). Resends are counted and reported separately.

export interface Tally {
  n: number;
  answered: number;
  duplicates: number;
  lost: number;
  parked: number;
  /** the same answer (same Message-ID) delivered again */
  resends: number;
  /** Message-IDs neither answered nor parked (at most 10, for the report) */
  lostIds: string[];
  /** inbound Message-IDs answered more than once (duplicates or resends), with how many answers */
  duplicateIds: Array<{ id: string; answers: number; distinctAnswerIds: number }>;
}

/** In-Reply-To and Message-ID of a raw answer (header block only), without angle brackets. */
export function answerHeaders(raw: Buffer): { inReplyTo: string | null; messageId: string | null } {
  const end = raw.indexOf("\r\n\r\n");
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString("latin1").replace(/\r?\n[ \t]+/g, " ");
  const get = (name: string) => new RegExp(`^${name}:\\s*<([^>]+)>`, "im").exec(head)?.[1] ?? null;
  return { inReplyTo: get("In-Reply-To"), messageId: get("Message-ID") };
}

/**
 * @param ids the Message-IDs of the N emails sent in
 * @param answers sink messages as { inReplyTo, messageId }
 * @param parked Message-IDs the database shows parked (inbound message parked, or its draft failed permanently)
 * An answer to an unknown Message-ID counts as a duplicate (nothing should be answered that was not sent in).
 */
export function tally(ids: string[], answers: Array<{ inReplyTo: string | null; messageId: string | null }>, parked: Set<string>): Tally {
  const wanted = new Set(ids);
  const byInbound = new Map<string, string[]>();
  let strays = 0;
  for (const a of answers) {
    if (!a.inReplyTo || !wanted.has(a.inReplyTo)) {
      strays++;
      continue;
    }
    byInbound.set(a.inReplyTo, [...(byInbound.get(a.inReplyTo) ?? []), a.messageId ?? ""]);
  }
  let answered = 0;
  let duplicates = strays;
  let resends = 0;
  let parkedCount = 0;
  const lostIds: string[] = [];
  const duplicateIds: Tally["duplicateIds"] = [];
  for (const id of ids) {
    const got = byInbound.get(id) ?? [];
    if (got.length > 0) {
      answered++;
      if (got.length > 1) {
        const distinct = new Set(got).size;
        duplicates += distinct - 1;
        resends += got.length - distinct;
        duplicateIds.push({ id, answers: got.length, distinctAnswerIds: distinct });
      }
    } else if (parked.has(id)) parkedCount++;
    else lostIds.push(id);
  }
  return { n: ids.length, answered, duplicates, lost: lostIds.length, parked: parkedCount, resends, lostIds: lostIds.slice(0, 10), duplicateIds };
}

/** The one summary line of the fault run. */
export function faultsLine(t: Tally): string {
  return `faults: ${t.n} emails, ${t.answered} answered, ${t.duplicates} duplicates, ${t.lost} lost, ${t.parked} parked`;
}

/** Exit status: 0 only when D = 0, L = 0 and A + P = N. */
export function faultsPassed(t: Tally): boolean {
  return t.duplicates === 0 && t.lost === 0 && t.answered + t.parked === t.n;
}

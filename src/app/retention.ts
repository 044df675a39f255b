// Retention (issue 7, privacy): raw RFC 5322 bytes are the most sensitive copy of a message (every header,
// every attachment), so they are purged N days after arrival. Cases, parsed text, findings and answers stay.
export interface RetentionStore {
  /**
   * Empties the bytes of raw messages stored before `cutoff` (sets `purgedAt`, keeps `size` and the SHA-256)
   * unless a message using them is still waiting for intake (status `received`).
   * @returns how many raw messages were purged and how many bytes they held
   */
  purgeRawBefore(cutoff: Date, now: Date): Promise<{ purged: number; bytes: number }>;
}

export interface RetentionResult {
  /** null when retention is off (days = 0) */
  cutoff: Date | null;
  purged: number;
  bytes: number;
}

/**
 * Purges raw messages older than `days` days before `now` (CASEDESK_RETENTION_DAYS; 0 = keep forever).
 * Idempotent: a second run purges nothing new.
 */
export async function runRetention(store: RetentionStore, days: number, now: Date): Promise<RetentionResult> {
  if (!(days > 0)) return { cutoff: null, purged: 0, bytes: 0 };
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return { cutoff, ...(await store.purgeRawBefore(cutoff, now)) };
}

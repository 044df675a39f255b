// Which release answers for a date of service: effective ranges per code set (ICD-10 fiscal years,
// HCPCS / NCCI quarters) and the choice of the release in force, with an explicit fallback flag.
import type { Release } from "./types.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * ICD-10-CM/PCS fiscal year range: FY N runs from October 1 of N−1 to September 30 of N
 * (CMS/NCHS annual update, effective October 1). fiscalYearRange(2026) → ["2025-10-01", "2026-09-30"].
 */
export function fiscalYearRange(fy: number): [string, string] {
  return [`${fy - 1}-10-01`, `${fy}-09-30`];
}

/**
 * Calendar quarter holding an ISO date (HCPCS Level II and NCCI quarterly files take effect on
 * January 1, April 1, July 1 and October 1). quarterRange("2025-10-01") → ["2025-10-01", "2025-12-31"].
 * @throws Error when `isoDate` is not YYYY-MM-DD.
 */
export function quarterRange(isoDate: string): [string, string] {
  assertIsoDate(isoDate);
  const y = Number(isoDate.slice(0, 4));
  const q = Math.floor((Number(isoDate.slice(5, 7)) - 1) / 3);
  const starts = ["01-01", "04-01", "07-01", "10-01"] as const;
  const ends = ["03-31", "06-30", "09-30", "12-31"] as const;
  return [`${y}-${starts[q]}`, `${y}-${ends[q]}`];
}

/** @throws Error (message names the value) unless `d` is an ISO calendar date YYYY-MM-DD. */
export function assertIsoDate(d: string): void {
  if (!ISO_DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) {
    throw new Error(`date of service must be YYYY-MM-DD, got ${JSON.stringify(d)}`);
  }
}

/** The day before an ISO date ("2026-10-01" → "2026-09-30"); pure calendar arithmetic in UTC. */
export function dayBefore(isoDate: string): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** True when `dos` falls within the release's [effectiveFrom, effectiveTo] (effectiveTo null = open). */
export function covers(release: Release, dos: string): boolean {
  return release.effectiveFrom <= dos && (release.effectiveTo === null || dos <= release.effectiveTo);
}

/**
 * Pick the release in force on `dos` from `ordered` (one series, ascending effectiveFrom); returns its
 * index. When none covers the date, the nearest one answers (the first for earlier dates, the last for
 * later dates) with `coversDate` false, so callers can say "answered from FY2026; FY2025 not loaded".
 * Returns null only when `ordered` is empty.
 */
export function releaseInForce(ordered: readonly Release[], dos: string): { index: number; coversDate: boolean } | null {
  if (ordered.length === 0) return null;
  for (let i = 0; i < ordered.length; i++) if (covers(ordered[i]!, dos)) return { index: i, coversDate: true };
  if (dos < ordered[0]!.effectiveFrom) return { index: 0, coversDate: false };
  return { index: ordered.length - 1, coversDate: false };
}

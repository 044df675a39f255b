// Reads the date of service written in an email ("DOS 10/14/2026", "date of service: 2026-10-14"),
// because code validity, NCCI and MUE answers depend on it; falls back to the date the email arrived.
import type { Segment } from "../codes/types.js";

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** Labels that introduce a date of service. Only labelled dates count: a bare date may be a birth date. */
const LABEL =
  "(?:d\\.?\\s?o\\.?\\s?s\\.?|dates?\\s+of\\s+service|service\\s+dates?|dates?\\s+of\\s+(?:the\\s+)?(?:procedure|surgery|encounter|visit)|(?:procedure|surgery|encounter|visit)\\s+date)";
const MONTH_NAME = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DATE_ALTERNATIVES = [
  "(\\d{4})-(\\d{1,2})-(\\d{1,2})", // ISO 2026-10-14
  "(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4}|\\d{2})", // US 10/14/2026, 10-14-26
  `${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})`, // October 14, 2026
  `(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_NAME},?\\s+(\\d{4})`, // 14 Oct 2026
];
const CONNECTOR = "\\s*(?:[:#=-]|\\bwas\\b|\\bis\\b|\\bon\\b|\\bof\\b)?\\s*(?:\\bon\\b\\s*)?\\(?\\s*"; // "DOS (11/16/2026)"
const PATTERN = new RegExp(`\\b${LABEL}${CONNECTOR}(?:${DATE_ALTERNATIVES.join("|")})`, "gi");

function iso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

function monthNumber(name: string): number {
  return MONTHS[name.toLowerCase().slice(0, 3)] ?? 0;
}

function dateFromMatch(m: RegExpExecArray): string | null {
  const g = m.slice(1);
  if (g[0] !== undefined) return iso(Number(g[0]), Number(g[1]), Number(g[2]));
  if (g[3] !== undefined) return iso(fullYear(g[5]!), Number(g[3]), Number(g[4]));
  if (g[6] !== undefined) return iso(Number(g[8]), monthNumber(g[6]), Number(g[7]));
  if (g[9] !== undefined) return iso(Number(g[11]), monthNumber(g[10]!), Number(g[9]));
  return null;
}

/** The first labelled date of service in `text`, as an ISO date, or null. Pure; exported for tests. */
export function readDateOfService(text: string): string | null {
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(text); m !== null; m = PATTERN.exec(text)) {
    const date = dateFromMatch(m);
    if (date !== null) return date;
  }
  return null;
}

/**
 * The date of service for a consultation.
 *
 * Reads the first labelled date ("DOS 10/14/2026", "D.O.S.: 10-14-26", "date of service: 2026-10-14",
 * "date of service October 14, 2026", "surgery date 14 Oct 2026") from the subject, body and attachment
 * segments in reading order; quoted history and signatures are skipped (an earlier case's date must not
 * leak in). US order (month/day) is assumed for numeric dates; two-digit years are 20YY; impossible
 * dates (02/30/2026) are ignored.
 *
 * @param segments email segments in reading order
 * @param receivedAt arrival time, ISO 8601; its calendar date as written (first 10 characters, i.e. the
 *   server's local date when an offset is given) is the fallback
 * @returns `{ date: "YYYY-MM-DD", source: "email" | "received" }`
 * @throws never; an unparseable `receivedAt` yields its first 10 characters unchanged
 */
export function findDateOfService(segments: Segment[], receivedAt: string): { date: string; source: "email" | "received" } {
  for (const segment of segments) {
    if (segment.location === "quoted" || segment.location === "signature") continue;
    const date = readDateOfService(segment.text);
    if (date !== null) return { date, source: "email" };
  }
  return { date: receivedAt.slice(0, 10), source: "received" };
}

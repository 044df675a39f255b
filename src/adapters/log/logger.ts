// Structured logs (pino), redacted at the root: bodies, subjects, addresses and names never reach a log line.
import { pino, type Logger } from "pino";

/** Paths removed from every log object, whatever module logs it. */
export const REDACT_PATHS = [
  "subject", "*.subject", "text", "*.text", "html", "*.html", "body", "*.body", "raw", "*.raw",
  "from", "*.from", "to", "*.to", "address", "*.address", "requester", "*.requester", "name", "*.name",
  "email", "*.email", "password", "*.password", "headers", "*.headers",
];

export type { Logger };

/** Root logger; `destination` defaults to stderr so CLI output on stdout stays clean. */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, base: { app: "casedesk" }, redact: { paths: REDACT_PATHS, remove: true } }, destination as pino.DestinationStream);
}

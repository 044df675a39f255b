// Settings, parsed once at start from the environment by one zod schema. Nothing else reads process.env.
// Every setting is documented in .env.example; secrets also accept a `*_FILE` variant (path to a file).
import { readFileSync } from "node:fs";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const csv = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean),
);

const schema = z.object({
  DATABASE_URL: z.string().default("file:./var/casedesk.db"),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  /** Sentinel: "host:port,host:port" of the sentinels, with REDIS_SENTINEL_NAME (REDIS_URL then gives password/db/TLS) */
  REDIS_SENTINELS: z.string().optional(),
  REDIS_SENTINEL_NAME: z.string().default("mymaster"),
  /** Cluster: "host:port,host:port" seed nodes (queue keys are hash-tagged so each queue stays in one slot) */
  REDIS_CLUSTER_NODES: z.string().optional(),
  /** PEM file of a private CA / self-signed certificate trusted for rediss:// (server, Sentinel and Cluster connections) */
  REDIS_TLS_CA: z.string().optional(),
  CASEDESK_QUEUE_PREFIX: z.string().default("casedesk"),
  CASEDESK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  CASEDESK_DATA_DIR: z.string().optional(),
  CASEDESK_CATALOGUE_DIR: z.string().default("./var/catalogue"),
  CASEDESK_REFERENCE_PREFIX: z.string().regex(/^[A-Z]{2,5}$/).default("CD"),
  CASEDESK_ROUTING: z.enum(["policy", "review", "auto"]).default("policy"),
  CASEDESK_OWN_ADDRESSES: csv.default([]),
  CASEDESK_SENDER_POLICY: z.enum(["open", "registered"]).default("open"),
  CASEDESK_UNREGISTERED_NOTICE: z.enum(["daily", "none"]).default("daily"),
  CASEDESK_SENDER_RATE_MAX: z.coerce.number().int().min(0).default(60),
  CASEDESK_SENDER_RATE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(60),
  CASEDESK_REQUIRE_AUTH_FOR_DETAILS: bool.default(false),
  CASEDESK_MAIL_AUTH: bool.default(true),
  CASEDESK_AUTH_DNS_TIMEOUT_MS: z.coerce.number().int().min(50).default(1500),
  CASEDESK_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  CASEDESK_MAX_MIME_DEPTH: z.coerce.number().int().min(1).default(16),
  CASEDESK_MAX_MIME_PARTS: z.coerce.number().int().min(1).default(500),
  CASEDESK_MAX_HTML_CHARS: z.coerce.number().int().min(1000).default(5_000_000),
  CASEDESK_MAX_CODE_TOKENS: z.coerce.number().int().min(1).default(2000),
  CASEDESK_RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  IMAP_HOST: z.string().default("127.0.0.1"),
  IMAP_PORT: z.coerce.number().int().default(143),
  IMAP_SECURE: bool.default(false),
  IMAP_STARTTLS: bool.default(true),
  IMAP_USER: z.string().default("support@example.test"),
  IMAP_PASSWORD: z.string().default(""),
  IMAP_TLS_CA: z.string().optional(),
  IMAP_TLS_REJECT_UNAUTHORIZED: bool.default(true),
  IMAP_MAILBOX: z.string().default("INBOX"),
  IMAP_PROCESSED_MAILBOX: z.string().default("Processed"),
  IMAP_RECONCILE_SECONDS: z.coerce.number().min(1).default(30),
  /** how often each worker re-schedules unfinished work whose queue job is gone (e.g. after a Redis restart) */
  CASEDESK_RECONCILE_SECONDS: z.coerce.number().min(1).default(30),
  IMAP_IDLE_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  SMTP_HOST: z.string().default("127.0.0.1"),
  SMTP_PORT: z.coerce.number().int().default(587),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_TLS_REJECT_UNAUTHORIZED: bool.default(true),
  SMTP_FROM: z.string().default("casedesk <support@example.test>"),
  WEB_HOST: z.string().default("127.0.0.1"),
  WEB_PORT: z.coerce.number().int().default(8080),
  WEB_COOKIE_SECRET: z.string().min(32).optional(),
  WEB_COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  WEB_TRUST_PROXY: bool.default(false),
  WEB_SESSION_HOURS: z.coerce.number().min(0.01).default(12),
  WEB_CLAIM_MINUTES: z.coerce.number().min(0.01).default(30),
  WEB_REVIEW_SLA_HOURS: z.coerce.number().min(0.01).default(4),
  WEB_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SHUTDOWN_DEADLINE_MS: z.coerce.number().int().min(100).default(10_000),
});

export type Config = Readonly<z.infer<typeof schema>>;

const SECRETS = ["IMAP_PASSWORD", "SMTP_PASSWORD", "DATABASE_URL", "REDIS_URL", "WEB_COOKIE_SECRET"] as const;

/**
 * Parses settings from an environment map (default: process.env).
 * `NAME_FILE` for a secret NAME reads the value from that file (trailing newline trimmed).
 * @throws Error listing every invalid setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string | undefined> = { ...env };
  for (const name of SECRETS) {
    const file = env[`${name}_FILE`];
    if (file && !env[name]) input[name] = readFileSync(file, "utf8").replace(/\r?\n$/, "");
  }
  // an empty value means "not set" (the default applies), except where empty is meaningful
  const EMPTY_ALLOWED = new Set(["IMAP_PROCESSED_MAILBOX", "IMAP_PASSWORD"]);
  for (const [k, v] of Object.entries(input)) if (v === "" && !EMPTY_ALLOWED.has(k)) delete input[k];
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join("\n")}`);
  }
  return Object.freeze(parsed.data);
}

/** The e-mail address inside SMTP_FROM ("casedesk <support@x>" → "support@x"), lower-case. */
export function fromAddress(config: Config): string {
  const m = /<([^>]+)>/.exec(config.SMTP_FROM);
  return (m ? m[1]! : config.SMTP_FROM).trim().toLowerCase();
}

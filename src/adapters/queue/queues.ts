// BullMQ adapter: the three pipeline queues (intake → analyse → send), deterministic job ids, retry policy.
// Job payloads carry ids only, never message content.
import { readFileSync } from "node:fs";
import { Queue, Worker, type Job, type Processor } from "bullmq";
import { Cluster, Redis, type RedisOptions } from "ioredis";
import type { JobQueue } from "../../app/ports.js";

export const QUEUE_NAMES = ["intake", "analyse", "send"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface MessageJob {
  messageId: number;
}
export interface DraftJob {
  draftId: number;
}

/** Retries: exponential backoff from 1 s with 50 % jitter; completed jobs kept a day so a re-add stays a no-op. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: "exponential", delay: 1000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** Deterministic job id: the same message or draft always maps to the same job (BullMQ ids may not contain ':'). */
export function jobIdFor(queue: QueueName, id: number): string {
  return `${queue}-${id}`;
}

export interface RedisSettings {
  /** redis://[:password@]host:port/db, or rediss:// for TLS */
  url: string;
  /** "host:port,host:port": connect through Redis Sentinel to master `sentinelName` */
  sentinels?: string | undefined;
  sentinelName?: string | undefined;
  /** "host:port,host:port": Redis Cluster seed nodes */
  clusterNodes?: string | undefined;
  /** path of a PEM file (private CA or self-signed certificate) trusted instead of Node's built-in CAs; rediss:// only */
  tlsCa?: string | undefined;
}

function hostPorts(list: string): Array<{ host: string; port: number }> {
  return list.split(",").map((hp) => {
    const [host, port] = hp.trim().split(":");
    return { host: host!, port: Number(port ?? 6379) };
  });
}

/**
 * Opens a Redis connection for BullMQ (maxRetriesPerRequest null, as BullMQ workers require): a single
 * server from a redis:// or rediss:// (TLS) URL, a Sentinel-managed master, or a Cluster. Password, database
 * and TLS of Sentinel and Cluster connections come from the URL; with Sentinel, rediss:// means TLS to the
 * sentinels and to the master (ioredis needs `enableTLSForSentinelMode` for the latter, else it speaks plain
 * TCP to the master). `tlsCa` (a PEM file path, read here) is trusted on every TLS connection.
 * @throws when `tlsCa` cannot be read.
 */
export function createRedis(settings: RedisSettings | string, extra: RedisOptions = {}): Redis {
  const s = typeof settings === "string" ? { url: settings } : settings;
  const base: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, ...extra };
  const u = new URL(s.url);
  const tls = u.protocol === "rediss:" ? (s.tlsCa ? { ca: readFileSync(s.tlsCa) } : {}) : null;
  const fromUrl: RedisOptions = {
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(tls ? { tls } : {}),
  };
  if (s.clusterNodes) {
    // a Cluster is used through the same API; BullMQ accepts it as its connection
    return new Cluster(hostPorts(s.clusterNodes), { redisOptions: { ...base, ...fromUrl } }) as unknown as Redis;
  }
  if (s.sentinels) {
    return new Redis({ ...base, ...fromUrl, ...(tls ? { enableTLSForSentinelMode: true, sentinelTLS: tls } : {}),
      sentinels: hostPorts(s.sentinels), name: s.sentinelName ?? "mymaster" });
  }
  return new Redis(s.url, tls ? { ...base, tls } : base);
}

/** Queue key prefix: hash-tagged on a Cluster so every key of a queue maps to one slot (BullMQ requirement). */
export function queuePrefix(prefix: string, cluster: boolean): string {
  return cluster && !prefix.startsWith("{") ? `{${prefix}}` : prefix;
}

export interface Queues extends JobQueue {
  queues: Record<QueueName, Queue>;
  close(): Promise<void>;
}

/** Creates the three queues on one connection under `prefix` (tests use a unique prefix each). */
export function createQueues(connection: Redis, prefix: string): Queues {
  const queues = Object.fromEntries(
    QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })]),
  ) as Record<QueueName, Queue>;
  // a Queue re-emits its connection's errors; ioredis reconnects by itself, the caller logs them on `connection`
  for (const q of Object.values(queues)) q.on("error", () => undefined);
  const add = async (name: QueueName, data: MessageJob | DraftJob, id: number) => {
    await queues[name].add(name, data, { jobId: jobIdFor(name, id) });
  };
  return {
    queues,
    enqueueIntake: (messageId) => add("intake", { messageId }, messageId),
    enqueueAnalyse: (messageId) => add("analyse", { messageId }, messageId),
    enqueueSend: (draftId) => add("send", { draftId }, draftId),
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}

/** Builds a BullMQ Worker for one queue around a plain processor function (house rule 2). */
export function createWorker<T>(name: QueueName, processor: (job: Job<T>) => Promise<unknown>, opts: { connection: Redis; prefix: string; concurrency: number }): Worker<T> {
  return new Worker<T>(name, processor as Processor<T>, {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    lockDuration: 30_000, // BullMQ default: a killed worker's jobs are picked up again within ~30–60 s
    maxStalledCount: 5,
  });
}

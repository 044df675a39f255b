// BullMQ adapter: the three pipeline queues (intake → analyse → send), deterministic job ids, retry policy.
// Job payloads carry ids only, never message content.
import { Queue, Worker, type Job, type Processor } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
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

/** Opens a Redis connection for BullMQ from a redis:// or rediss:// URL (TLS with rediss). */
export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...extra });
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
    lockDuration: 60_000,
    maxStalledCount: 5,
  });
}

// A Redis lease that lets exactly one poller fetch a mailbox at a time; renewed while held, taken over by
// another poller when the holder dies (the lease simply expires). Single-instance Redis lock pattern
// (SET NX PX + compare-and-delete), as described in the Redis documentation for SET.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface MailboxLock {
  /** true when this process now holds the lease */
  acquire(): Promise<boolean>;
  /** extends the lease; false when it was lost (expired and taken by another poller) */
  renew(): Promise<boolean>;
  release(): Promise<void>;
  readonly key: string;
}

/** @param ttlMs lease length in ms; renew at least every ttlMs / 3 */
export function createMailboxLock(redis: Redis, key: string, ttlMs: number): MailboxLock {
  const token = randomUUID();
  return {
    key,
    async acquire() {
      return (await redis.set(key, token, "PX", ttlMs, "NX")) === "OK";
    },
    async renew() {
      return (await redis.eval(RENEW, 1, key, token, String(ttlMs))) === 1;
    },
    async release() {
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}

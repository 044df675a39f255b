// Redis Sentinel failover while casedesk runs: a master, one replica and one sentinel (quorum 1) on throw-away
// servers. The connection is built the way composeCore builds it (loadConfig → redisSettings → createRedis) and
// the worker runs on a duplicate of it, as composeWorkers does. One job is processed, the master is killed
// (SIGKILL), the sentinel promotes the replica, and the same Worker — not a new one — must process a second job:
// ioredis has to follow the failover by itself. The first job's completed state must survive on the new master.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { redisSettings } from "../../src/composition.js";
import { createQueues, createRedis, createWorker, jobIdFor, queuePrefix, type MessageJob, type Queues } from "../../src/adapters/queue/queues.js";
import { freePort } from "../../src/adapters/servers/free-port.js";
import { startRedisLab, type RedisLab } from "../support/redis-lab.js";

const PREFIX = "casedesk-failover";
const FIRST = 31;
const SECOND = 32;

let lab: RedisLab;
let worker: Worker<MessageJob> | undefined;
let queues: Queues | undefined;

/** A plain admin connection to one server; gives up quickly so a dead server fails the poll instead of hanging it. */
function admin(port: number): Redis {
  return lab.keep(new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: 1, retryStrategy: () => 200 }));
}

/** One field of an INFO section, e.g. `field(info, "connected_slaves")`. */
function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, "m").exec(info)?.[1]?.trim();
}

describe("Redis Sentinel failover", () => {
  beforeAll(async () => {
    lab = await startRedisLab("casedesk-redis-failover-");
  });

  afterAll(async () => {
    await worker?.close(true).catch(() => undefined);
    await queues?.close().catch(() => undefined);
    await lab?.close();
  });

  it("the same Worker keeps processing after the sentinel promotes the replica; completed jobs survive", async () => {
    // master, replica, sentinel
    const masterPort = await freePort();
    const master = await lab.server("master", { port: masterPort });
    const replicaPort = await freePort();
    await lab.server("replica", { port: replicaPort, args: ["--replicaof", "127.0.0.1", String(masterPort)] });
    const sentinelPort = await freePort();
    const conf = join(lab.dir, "sentinel.conf"); // the sentinel rewrites its config file: it lives in the temp dir
    await writeFile(conf, [
      `sentinel monitor mymaster 127.0.0.1 ${masterPort} 1`,
      "sentinel down-after-milliseconds mymaster 1000",
      "sentinel failover-timeout mymaster 5000",
      "",
    ].join("\n"));
    await lab.server("sentinel", { port: sentinelPort, configFile: conf, args: ["--sentinel"] });

    const masterAdmin = admin(masterPort);
    const replicaAdmin = admin(replicaPort);
    const sentinelAdmin = admin(sentinelPort);
    await lab.waitFor("replica in sync", async () =>
      field(await masterAdmin.info("replication"), "connected_slaves") === "1"
      && field(await replicaAdmin.info("replication"), "master_link_status") === "up", 10_000);
    // the sentinel learns of replicas from the master's INFO; without it knowing one there is nothing to promote
    await lab.waitFor("sentinel knows the replica", async () => {
      const replicas = (await sentinelAdmin.call("SENTINEL", "REPLICAS", "mymaster")) as string[][];
      return replicas.some((r) => r[r.indexOf("port") + 1] === String(replicaPort) && r[r.indexOf("flags") + 1] === "slave");
    }, 15_000);

    // casedesk's connection and worker, as composeCore / composeWorkers build them
    const config = loadConfig({ LOG_LEVEL: "silent", CASEDESK_QUEUE_PREFIX: PREFIX, REDIS_URL: "redis://ignored.invalid:1",
      REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: "mymaster" });
    const redis = lab.keep(createRedis(redisSettings(config)), "");
    const prefix = queuePrefix(config.CASEDESK_QUEUE_PREFIX, false);
    await lab.waitFor("connection ready", () => redis.status === "ready", 10_000);
    queues = createQueues(redis, prefix);
    const workerConnection = lab.keep(redis.duplicate(), "worker");
    const processed: Array<{ messageId: number; worker: unknown }> = [];
    worker = createWorker<MessageJob>("intake", async (job) => {
      processed.push({ messageId: job.data.messageId, worker });
      return { doubled: job.data.messageId * 2 };
    }, { connection: workerConnection, prefix, concurrency: 1 });
    lab.recordErrors(worker, "worker");
    const theWorker = worker;
    const intake = queues.queues.intake;
    const completed = (id: string) => async () => ((await intake.getJobState(id)) === "completed" ? intake.getJob(id) : null);

    // first job, on the original master
    await queues.enqueueIntake(FIRST);
    const first = await lab.waitFor("first job completed", completed(jobIdFor("intake", FIRST)), 10_000);
    expect(first.returnvalue).toEqual({ doubled: FIRST * 2 });
    // replication is asynchronous: a write acknowledged by the master is lost in a failover unless the replica
    // has it. Wait until the replica's offset reaches the master's before killing, so the assertion below tests
    // that casedesk reads the new master, not the luck of the timing. (The worker writes in the background —
    // lock renewals, stalled checks — so the offsets are compared as "replica ≥ master's offset at this point".)
    const masterOffset = Number(field(await masterAdmin.info("replication"), "master_repl_offset"));
    await lab.waitFor("replica caught up", async () =>
      Number(field(await replicaAdmin.info("replication"), "slave_repl_offset")) >= masterOffset, 10_000);

    // failover
    const killedAt = Date.now();
    process.kill(master.pid, "SIGKILL");
    await lab.waitFor("sentinel promotes the replica", async () => {
      const addr = (await sentinelAdmin.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster")) as string[] | null;
      return addr?.[1] === String(replicaPort);
    }, 20_000);
    const promotedAfter = Date.now() - killedAt;

    // second job, on the new master, processed by the same Worker
    await queues.enqueueIntake(SECOND);
    const second = await lab.waitFor("second job completed by the same worker", completed(jobIdFor("intake", SECOND)), 30_000);
    const recoveredAfter = Date.now() - killedAt;
    expect(second.returnvalue).toEqual({ doubled: SECOND * 2 });
    expect(processed.map((p) => p.messageId)).toEqual([FIRST, SECOND]);
    expect(processed.every((p) => p.worker === theWorker)).toBe(true);
    expect(worker.isRunning()).toBe(true);

    // both connections now talk to the promoted replica, and the first job's completion survived there
    for (const c of [redis, workerConnection]) expect(field(await c.info("server"), "tcp_port")).toBe(String(replicaPort));
    expect(field(await replicaAdmin.info("replication"), "role")).toBe("master");
    expect(await intake.getJobState(jobIdFor("intake", FIRST))).toBe("completed");
    expect((await intake.getJob(jobIdFor("intake", FIRST)))?.returnvalue).toEqual({ doubled: FIRST * 2 });
    expect(await replicaAdmin.exists(`${PREFIX}:intake:${jobIdFor("intake", FIRST)}`)).toBe(1);
    console.log(`failover: sentinel promoted the replica ${promotedAfter} ms after the kill; second job completed ${recoveredAfter} ms after it`);
  });
});

// Redis topologies: casedesk's REDIS_* settings (rediss:// with REDIS_TLS_CA, ACL user and password, Sentinel, Cluster) on real
// throw-away servers. Each case builds the connection the way composeCore does (loadConfig → redisSettings →
// createRedis, prefix from queuePrefix) and runs the real queues and a real BullMQ Worker over it: one job with
// a deterministic id is processed, its result read back, and adding the same id again is a no-op.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { redisSettings } from "../../src/composition.js";
import { createQueues, createRedis, createWorker, jobIdFor, queuePrefix, type MessageJob } from "../../src/adapters/queue/queues.js";
import { freePort } from "../../src/adapters/servers/free-port.js";
import { requireBinary } from "../../src/adapters/servers/binaries.js";
import { startRedisLab, type RedisLab } from "../support/redis-lab.js";

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PREFIX = "casedesk-topology";
const MESSAGE_ID = 21;

let lab: RedisLab;
let caFile: string;
let tlsArgs: (port: number) => string[];

/** The connection and queue prefix exactly as composeCore builds them from these settings. */
function connect(env: Record<string, string>): { redis: Redis; prefix: string } {
  const config = loadConfig({ LOG_LEVEL: "silent", CASEDESK_QUEUE_PREFIX: PREFIX, ...env });
  const redis = lab.keep(createRedis(redisSettings(config)), "");
  return { redis, prefix: queuePrefix(config.CASEDESK_QUEUE_PREFIX, Boolean(config.REDIS_CLUSTER_NODES)) };
}

/** The error of one connection attempt (no retries) with the settings of `env`. */
async function connectError(env: Record<string, string>): Promise<Error> {
  const c = lab.keep(createRedis(redisSettings(loadConfig(env)), { lazyConnect: true, retryStrategy: () => null }));
  const refused = new Promise<Error>((resolve) => c.once("error", resolve));
  await c.connect().catch(() => undefined); // rejects with "Connection is closed."; the cause is the error event
  return refused;
}

/** A plain admin connection to one server (TLS with the test CA when `tls`). */
function admin(port: number, tls: boolean): Redis {
  return lab.keep(new Redis({ host: "127.0.0.1", port, ...(tls ? { tls: { ca: readFileSync(caFile) } } : {}), maxRetriesPerRequest: 3 }));
}

/** createQueues + createWorker (on a duplicate, as composeWorkers does): enqueue, process, read back, re-add. */
async function roundTrip(redis: Redis, prefix: string): Promise<void> {
  // commands wait for a connection forever (maxRetriesPerRequest null): fail fast, naming what went wrong
  await lab.waitFor("connection ready", () => redis.status === "ready", 10_000);
  const queues = createQueues(redis, prefix);
  const workerConnection = redis.duplicate();
  lab.recordErrors(workerConnection, "worker");
  const processed: number[] = [];
  const worker = createWorker<MessageJob>("intake", async (job) => {
    processed.push(job.data.messageId);
    return { doubled: job.data.messageId * 2 };
  }, { connection: workerConnection, prefix, concurrency: 1 });
  lab.recordErrors(worker, "worker");
  try {
    await queues.enqueueIntake(MESSAGE_ID);
    const id = jobIdFor("intake", MESSAGE_ID);
    const job = await lab.waitFor(`job ${id} completed`, async () => {
      // the state first, then the hash: a hash read before completion has no return value yet
      const completed = (await queues.queues.intake.getJobState(id)) === "completed";
      return completed ? queues.queues.intake.getJob(id) : null;
    }, 15_000);
    expect(job.returnvalue).toEqual({ doubled: MESSAGE_ID * 2 });

    await queues.enqueueIntake(MESSAGE_ID); // same deterministic id: no new job
    await sleep(300);
    expect(processed).toEqual([MESSAGE_ID]);
    expect(await queues.queues.intake.getJobCounts("completed", "waiting", "active", "delayed", "failed"))
      .toEqual({ completed: 1, waiting: 0, active: 0, delayed: 0, failed: 0 });
  } finally {
    await worker.close();
    await queues.close();
    workerConnection.disconnect();
  }
}

/** Master plus one sentinel (quorum 1) watching it; TLS on both when `tls`. */
async function sentinelPair(tls: boolean): Promise<{ masterPort: number; sentinelPort: number }> {
  const name = tls ? "sentinel-tls" : "sentinel";
  const masterPort = await freePort();
  await lab.server(`${name}/master`, { port: masterPort, args: tls ? tlsArgs(masterPort) : [] });
  const sentinelPort = await freePort();
  const conf = join(lab.dir, `${name}.conf`);
  await writeFile(conf, `sentinel monitor mymaster 127.0.0.1 ${masterPort} 1\n`);
  await lab.server(`${name}/sentinel`, { port: sentinelPort, configFile: conf, args: ["--sentinel", ...(tls ? [...tlsArgs(sentinelPort), "--tls-replication", "yes"] : [])] });
  return { masterPort, sentinelPort };
}

/** Three masters (no replicas) joined by `redis-cli --cluster create`, ready (cluster_state:ok); TLS-only when `tls`. */
async function cluster(tls: boolean): Promise<{ ports: number[]; nodes: Redis[] }> {
  const ports: number[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    // the bus port is given explicitly: port + 10000 may be taken or above 65535 for an ephemeral port
    const args = ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-port", String(await freePort())];
    await lab.server(`cluster${tls ? "-tls" : ""}/${i}`, { port, args: tls ? [...args, ...tlsArgs(port), "--tls-cluster", "yes", "--tls-replication", "yes"] : args });
    ports.push(port);
  }
  await run(requireBinary("redis-cli"), [...(tls ? ["--tls", "--cacert", caFile] : []), "--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`),
    "--cluster-replicas", "0", "--cluster-yes"]);
  const nodes = ports.map((p) => admin(p, tls));
  await lab.waitFor("cluster_state:ok on every node", async () =>
    (await Promise.all(nodes.map((n) => n.cluster("INFO")))).every((info) => String(info).includes("cluster_state:ok")), 15_000);
  return { ports, nodes };
}

describe("Redis topologies: TLS, ACL, Sentinel, Cluster", () => {
  beforeAll(async () => {
    const openssl = requireBinary("openssl");
    lab = await startRedisLab("casedesk-redis-topologies-");
    const dir = lab.dir;
    // a private CA and a server certificate for 127.0.0.1 signed by it (EC keys: quick to generate)
    caFile = join(dir, "ca.pem");
    const [caKey, key, csr, cert, ext] = ["ca.key", "server.key", "server.csr", "server.pem", "server.ext"].map((f) => join(dir, f)) as [string, string, string, string, string];
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    await run(openssl, ["req", "-x509", ...ec, "-days", "2", "-subj", "/CN=casedesk test CA", "-keyout", caKey, "-out", caFile]);
    await run(openssl, ["req", ...ec, "-subj", "/CN=localhost", "-keyout", key, "-out", csr]);
    await writeFile(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    await run(openssl, ["x509", "-req", "-in", csr, "-CA", caFile, "-CAkey", caKey, "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", cert]);
    tlsArgs = (port) => ["--port", "0", "--tls-port", String(port), "--tls-cert-file", cert, "--tls-key-file", key, "--tls-ca-cert-file", caFile,
      "--tls-auth-clients", "no"];
  });

  afterAll(async () => {
    await lab?.close();
  });

  it("TLS: rediss:// with REDIS_TLS_CA; without the CA the certificate is refused", async () => {
    const port = await freePort();
    await lab.server("tls", { port, args: tlsArgs(port) }); // --port 0: no plaintext listener at all
    const url = `rediss://127.0.0.1:${port}`;

    expect((await connectError({ REDIS_URL: url })).message).toMatch(/certificate/i);

    const { redis, prefix } = connect({ REDIS_URL: url, REDIS_TLS_CA: caFile });
    expect(prefix).toBe(PREFIX);
    await roundTrip(redis, prefix);
  });

  it("ACL: user and password from REDIS_URL (percent-encoded); a wrong password is refused with WRONGPASS", async () => {
    const port = await freePort();
    // the default user is switched off: only the named ACL user may connect
    await lab.server("acl", { port, args: ["--user", "default", "off", "--user", "casedesk", "on", ">s3cret/:@x", "~*", "&*", "+@all"] });

    expect((await connectError({ REDIS_URL: `redis://casedesk:nope@127.0.0.1:${port}` })).message).toMatch(/WRONGPASS/);

    const { redis, prefix } = connect({ REDIS_URL: `redis://casedesk:${encodeURIComponent("s3cret/:@x")}@127.0.0.1:${port}/0` });
    await roundTrip(redis, prefix);
    expect(await redis.acl("WHOAMI")).toBe("casedesk");
  });

  it("Sentinel: REDIS_SENTINELS + REDIS_SENTINEL_NAME reach the master (REDIS_URL's host is not used)", async () => {
    const { masterPort, sentinelPort } = await sentinelPair(false);
    const { redis, prefix } = connect({ REDIS_URL: "redis://ignored.invalid:1", REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: "mymaster" });
    await roundTrip(redis, prefix);
    expect(await admin(masterPort, false).exists(`${PREFIX}:intake:${jobIdFor("intake", MESSAGE_ID)}`)).toBe(1);
  });

  it("Sentinel over TLS: rediss:// means TLS to the sentinel and to the master", async () => {
    const { masterPort, sentinelPort } = await sentinelPair(true);
    const { redis, prefix } = connect({ REDIS_URL: "rediss://ignored.invalid:1", REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_TLS_CA: caFile });
    await roundTrip(redis, prefix);
    expect(await admin(masterPort, true).exists(`${PREFIX}:intake:${jobIdFor("intake", MESSAGE_ID)}`)).toBe(1);
  });

  it("Cluster: REDIS_CLUSTER_NODES; queue keys hash-tagged into one slot; untagged keys are refused", async () => {
    const { ports, nodes } = await cluster(false);
    const { redis, prefix } = connect({ REDIS_URL: "redis://127.0.0.1", REDIS_CLUSTER_NODES: ports.map((p) => `127.0.0.1:${p}`).join(",") });
    expect(prefix).toBe(`{${PREFIX}}`);
    expect(queuePrefix(prefix, true)).toBe(prefix); // an already tagged prefix is kept
    await roundTrip(redis, prefix);
    // every key of the queue lives on one node (the owner of the tag's slot)
    const keysPerNode = await Promise.all(nodes.map((n) => n.keys(`${prefix}:*`)));
    const holders = keysPerNode.filter((k) => k.length > 0);
    expect(holders).toHaveLength(1);
    expect(holders[0]).toContain(`${prefix}:intake:${jobIdFor("intake", MESSAGE_ID)}`);

    // why the tag is needed: BullMQ's scripts touch several keys of a queue, which must share a slot
    const untagged = createQueues(redis, `${PREFIX}-untagged`);
    try {
      await expect(untagged.enqueueIntake(MESSAGE_ID)).rejects.toThrow(/CROSSSLOT/);
    } finally {
      await untagged.close();
    }
  });

  it("Cluster over TLS: rediss:// + REDIS_CLUSTER_NODES + REDIS_TLS_CA", async () => {
    const { ports, nodes } = await cluster(true);
    const { redis, prefix } = connect({ REDIS_URL: "rediss://127.0.0.1", REDIS_CLUSTER_NODES: ports.map((p) => `127.0.0.1:${p}`).join(","), REDIS_TLS_CA: caFile });
    expect(prefix).toBe(`{${PREFIX}}`);
    await roundTrip(redis, prefix);
    const keysPerNode = await Promise.all(nodes.map((n) => n.keys(`${prefix}:*`)));
    expect(keysPerNode.filter((k) => k.length > 0)).toHaveLength(1);
  });
});

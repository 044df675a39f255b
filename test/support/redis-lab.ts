// Throw-away Redis servers for the topology and failover tests: each server in its own directory under one temp
// dir, the connections a test opens, the connection errors seen so far (named in wait timeouts), and one
// teardown for all of it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRedisServer, type RedisServerOptions, type RunningServer } from "../../src/adapters/servers/redis-server.js";
import { requireBinary } from "../../src/adapters/servers/binaries.js";
import { until } from "./wait.js";

type ErrorEmitter = { on(event: "error", listener: (err: Error) => void): unknown };

export interface RedisLab {
  /** the temp dir holding the servers' directories (and any config files a test writes) */
  readonly dir: string;
  /** connection errors recorded so far, "label: message" */
  readonly errors: string[];
  /** starts redis-server in `dir/name`; close() stops it */
  server(name: string, opts: RedisServerOptions): Promise<RunningServer>;
  /** close() disconnects `conn`; with `label` its errors are recorded, else ignored (an admin connection) */
  keep<T extends ErrorEmitter & { disconnect(): void }>(conn: T, label?: string): T;
  /** records the "error" events of `emitter` (e.g. a BullMQ Worker) under `label` */
  recordErrors(emitter: ErrorEmitter, label: string): void;
  /** `until`, with the errors recorded so far in its timeout message */
  waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number): Promise<T>;
  /** disconnects every kept connection, stops the servers (last started first) and removes the temp dir */
  close(): Promise<void>;
}

/** @throws naming the package when redis-server is missing */
export async function startRedisLab(tmpPrefix: string): Promise<RedisLab> {
  requireBinary("redis-server");
  const dir = await mkdtemp(join(tmpdir(), tmpPrefix));
  const servers: RunningServer[] = [];
  const connections: Array<{ disconnect(): void }> = [];
  const errors: string[] = [];
  const recordErrors = (emitter: ErrorEmitter, label: string) => {
    emitter.on("error", (err: Error) => void errors.push(label ? `${label}: ${err.message}` : err.message));
  };
  return {
    dir,
    errors,
    async server(name, opts) {
      const s = await startRedisServer(join(dir, name), opts);
      servers.push(s);
      return s;
    },
    keep(conn, label) {
      if (label === undefined) conn.on("error", () => undefined);
      else recordErrors(conn, label);
      connections.push(conn);
      return conn;
    },
    recordErrors,
    waitFor(what, fn, timeoutMs) {
      return until(what, fn, timeoutMs).catch((err: Error) => {
        throw new Error(`${err.message}; redis errors: ${errors.join("; ") || "none"}`);
      });
    },
    async close() {
      for (const c of connections) c.disconnect();
      for (const s of servers.reverse()) await s.stop(); // by the child's pid: SIGTERM, SIGKILL after 3 s (a killed one is skipped)
      await rm(dir, { recursive: true, force: true });
    },
  };
}

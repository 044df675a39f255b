// A throw-away Redis on loopback with no persistence (demo, tests, benchmarks); startRedisServer also runs the
// TLS, Sentinel and Cluster variants the topology tests need (extra arguments, a config file first).
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { requireBinary } from "./binaries.js";
import { freePort, waitForPort } from "./free-port.js";

export interface RunningServer {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** the port waited for (and given as --port before `args`); default a free one */
  port?: number | undefined;
  /** config file passed first, e.g. a sentinel.conf (Sentinel rewrites it, so it must be writable) */
  configFile?: string | undefined;
  /** arguments appended after the defaults; a later directive overrides an earlier one (`--port 0 --tls-port N`) */
  args?: readonly string[] | undefined;
}

/** Starts redis-server in `dir` on a free port (or `port`). @throws naming the package when it is missing. */
export async function startRedis(dir: string, port?: number): Promise<RunningServer> {
  return startRedisServer(dir, { port });
}

/**
 * Starts redis-server in `dir` (created) with the defaults of startRedis plus `opts`; resolves when `opts.port`
 * accepts TCP connections. `url` is redis://127.0.0.1:port (a TLS port needs rediss://).
 * @throws naming the package when redis-server is missing, or when the server exits at start (see the log).
 */
export async function startRedisServer(dir: string, opts: RedisServerOptions = {}): Promise<RunningServer> {
  const bin = requireBinary("redis-server");
  mkdirSync(dir, { recursive: true });
  const p = opts.port ?? (await freePort());
  const log = join(dir, "redis.log");
  const child = spawn(bin, [...(opts.configFile ? [opts.configFile] : []), "--bind", "127.0.0.1", "--port", String(p), "--save", "", "--appendonly", "no",
    "--dir", dir, "--logfile", log, "--maxmemory-policy", "noeviction", "--daemonize", "no", ...(opts.args ?? [])], { stdio: "ignore", detached: false });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    await Promise.race([
      waitForPort(p),
      exited.then(() => {
        throw new Error(`redis-server exited at start; see ${log}`);
      }),
    ]);
  } catch (err) {
    child.kill("SIGKILL"); // never leave a half-started server behind
    throw err;
  }
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

// A throw-away Redis on loopback with no persistence (demo, tests, benchmarks).
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

/** Starts redis-server in `dir` on a free port (or `port`). @throws naming the package when it is missing. */
export async function startRedis(dir: string, port?: number): Promise<RunningServer> {
  const bin = requireBinary("redis-server");
  mkdirSync(dir, { recursive: true });
  const p = port ?? (await freePort());
  const child = spawn(bin, ["--bind", "127.0.0.1", "--port", String(p), "--save", "", "--appendonly", "no", "--dir", dir,
    "--logfile", join(dir, "redis.log"), "--maxmemory-policy", "noeviction", "--daemonize", "no"], { stdio: "ignore", detached: false });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  await waitForPort(p);
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

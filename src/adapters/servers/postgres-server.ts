// A throw-away PostgreSQL cluster on loopback (tests, fault runs and benchmarks on PostgreSQL), restartable on
// the same port and data directory. initdb refuses to run as root, so as root the cluster belongs to the
// `postgres` OS user (Debian's package creates it) or nobody; the server is spawned with that uid/gid directly
// (no runuser in between: runuser does not pass SIGINT on, so a stop through it left the postmaster running).
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import pg from "pg";
import { chmodSync, chownSync, mkdirSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { requireBinary } from "./binaries.js";
import { freePort, waitForPort } from "./free-port.js";

export interface RunningPostgres {
  port: number;
  /** URL of the `postgres` database as superuser `casedesk` (trust auth on loopback) */
  adminUrl: string;
  urlFor(database: string): string;
  /** starts the server again after stop() (same port, same data) */
  start(): Promise<void>;
  /** fast shutdown (SIGINT): open connections are terminated; SIGKILL after 10 s */
  stop(): Promise<void>;
}

function osUser(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name]).toString().trim());
      const gid = Number(execFileSync("id", ["-g", name]).toString().trim());
      return { uid, gid };
    } catch {
      /* try the next one */
    }
  }
  throw new Error("running as root and neither a postgres nor a nobody user exists for initdb");
}

/** initdb + postgres in `dir` on a free port. @throws naming the Debian package when binaries are missing. */
export async function startPostgres(dir: string): Promise<RunningPostgres> {
  const initdb = requireBinary("initdb");
  const postgres = initdb.replace(/initdb$/, "postgres");
  const as = osUser();
  const data = join(dir, "data");
  mkdirSync(data, { recursive: true });
  chmodSync(dir, 0o755);
  if (as) chownSync(data, as.uid, as.gid);
  chmodSync(data, 0o700);
  const ids = as ? { uid: as.uid, gid: as.gid } : {};
  execFileSync(initdb, ["-D", data, "-U", "casedesk", "--auth=trust", "-E", "UTF8", "--no-sync"], { stdio: "ignore", cwd: dir, ...ids });
  const port = await freePort();
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  async function start(): Promise<void> {
    const c = spawn(postgres, ["-D", data, "-p", String(port), "-k", data, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
      "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"], { stdio: "ignore", cwd: dir, ...ids });
    child = c;
    exited = new Promise<void>((r) => c.once("exit", () => r()));
    await waitForPort(port, 20_000);
    await new Promise((r) => setTimeout(r, 300));
  }

  async function stop(): Promise<void> {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    c.kill("SIGINT");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await exited;
  }

  await start();
  const urlFor = (db: string) => `postgresql://casedesk@127.0.0.1:${port}/${db}`;
  return { port, adminUrl: urlFor("postgres"), urlFor, start, stop };
}

/**
 * Creates database `name` on the server of `adminUrl` (a superuser URL) and returns its URL.
 * `name` must be a plain identifier (letters, digits, underscore). @throws on an invalid name or a server error.
 */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`not a plain database name: ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}

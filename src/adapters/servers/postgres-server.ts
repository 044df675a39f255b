// A throw-away PostgreSQL cluster on loopback (tests and benchmarks on PostgreSQL). initdb refuses to run as
// root, so as root the cluster belongs to the `postgres` OS user (Debian's package creates it) or nobody.
import { spawn, execFileSync } from "node:child_process";
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
  stop(): Promise<void>;
}

function osUser(): { name: string; uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name]).toString().trim());
      const gid = Number(execFileSync("id", ["-g", name]).toString().trim());
      return { name, uid, gid };
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
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const data = join(dir, "data");
  mkdirSync(data, { recursive: true });
  if (as) chownSync(data, as.uid, as.gid);
  chmodSync(data, 0o700);
  const run = (bin: string, args: string[]) => (as ? ["runuser", ["-u", as.name, "--", bin, ...args]] : [bin, args]) as [string, string[]];
  const [c1, a1] = run(initdb, ["-D", data, "-U", "casedesk", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  execFileSync(c1, a1, { stdio: "ignore" });
  const port = await freePort();
  const [c2, a2] = run(postgres, ["-D", data, "-p", String(port), "-k", data, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
    "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"]);
  const child = spawn(c2, a2, { stdio: "ignore" });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  await waitForPort(port, 20_000);
  await new Promise((r) => setTimeout(r, 300));
  const urlFor = (db: string) => `postgresql://casedesk@127.0.0.1:${port}/${db}`;
  return {
    port,
    adminUrl: urlFor("postgres"),
    urlFor,
    async stop() {
      if (child.exitCode === null) child.kill("SIGINT"); // fast shutdown
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

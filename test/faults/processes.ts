// Child processes of the fault run: `node bin/casedesk.mjs poller|worker` with env config, logs to a file,
// killed with SIGKILL (a crash at any moment) or SIGTERM (graceful), restarted under the same role name.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";

export interface Managed {
  name: string;
  role: "poller" | "worker";
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ProcessSet {
  /** starts `role` under `name`; `env` overrides the set's settings for this process only */
  start(name: string, role: "poller" | "worker", env?: NodeJS.ProcessEnv): Managed;
  /** SIGKILL, wait for the exit */
  kill(name: string): Promise<void>;
  /** SIGTERM; resolves with the exit code (or null when killed after `deadlineMs`) */
  terminate(name: string, deadlineMs: number): Promise<number | null>;
  get(name: string): Managed | undefined;
  /** unexpected exits (not caused by kill/terminate) so far */
  readonly crashes: string[];
  stopAll(): Promise<void>;
}

/** @param root project root (bin/casedesk.mjs) @param logDir one appended log per role name */
export function processSet(root: string, env: NodeJS.ProcessEnv, logDir: string): ProcessSet {
  const running = new Map<string, Managed>();
  const expected = new Set<ChildProcess>();
  const crashes: string[] = [];

  return {
    crashes,
    start(name, role, own) {
      const fd = openSync(join(logDir, `${name}.log`), "a"); // the child writes its log itself: survives SIGKILL intact
      const child = spawn(process.execPath, [join(root, "bin", "casedesk.mjs"), role], { cwd: root, env: { ...env, ...own }, stdio: ["ignore", fd, fd] });
      closeSync(fd);
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once("exit", (code, signal) => {
          if (!expected.has(child)) crashes.push(`${name} exited code=${code} signal=${signal}`);
          resolve({ code, signal });
        }),
      );
      const m = { name, role, child, exited };
      running.set(name, m);
      return m;
    },
    async kill(name) {
      const m = running.get(name);
      if (!m || m.child.exitCode !== null || m.child.signalCode !== null) return;
      expected.add(m.child);
      m.child.kill("SIGKILL");
      await m.exited;
    },
    async terminate(name, deadlineMs) {
      const m = running.get(name);
      if (!m) return null;
      expected.add(m.child);
      m.child.kill("SIGTERM");
      const t = setTimeout(() => m.child.kill("SIGKILL"), deadlineMs);
      const r = await m.exited;
      clearTimeout(t);
      return r.signal ? null : r.code;
    },
    get: (name) => running.get(name),
    async stopAll() {
      for (const name of running.keys()) await this.kill(name);
    },
  };
}

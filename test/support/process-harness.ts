// A pipeline harness whose pollers (and optionally workers) under test run as `casedesk` OS processes, each
// role logging to its own file in a temp dir: for tests of leases, signals and shutdown.
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { processEnv, startHarness, type Harness } from "./pipeline-harness.js";
import { processSet, type ProcessSet } from "../faults/processes.js";
import { PROJECT_ROOT } from "../../src/cli/project-paths.js";

export interface ProcessHarness {
  h: Harness;
  procs: ProcessSet;
  /** the log of the process started under `name` so far ("" before it wrote anything) */
  log(name: string): Promise<string>;
  /** for a failed test: the last `lines` lines of every process log, and the processes that exited unexpectedly */
  report(lines?: number): Promise<string>;
  /** stops every process, the harness, and removes the logs */
  stop(): Promise<void>;
}

/**
 * Starts a SQLite harness with auto-send routing, stops its in-process poller (and its workers unless
 * `keepWorkers`), and prepares `casedesk` processes sharing its database, Redis, mailbox and sink (`env`
 * overrides their settings).
 */
export async function startProcessHarness(o: { tmpPrefix: string; keepWorkers: boolean; env?: Record<string, string> }): Promise<ProcessHarness> {
  const h = await startHarness("sqlite", { CASEDESK_ROUTING: "auto" });
  if (!o.keepWorkers) await h.workers.close();
  await h.poller.stop();
  const logDir = await mkdtemp(join(tmpdir(), o.tmpPrefix));
  const procs = processSet(PROJECT_ROOT, processEnv(h, o.env), logDir);
  return {
    h,
    procs,
    log: (name) => readFile(join(logDir, `${name}.log`), "utf8").catch(() => ""),
    async report(lines = 30) {
      const parts = [`unexpected exits: ${procs.crashes.join("; ") || "none"}`];
      for (const f of (await readdir(logDir)).sort()) {
        const text = await readFile(join(logDir, f), "utf8").catch(() => "");
        parts.push(`--- ${f} (last ${lines} lines)`, ...text.trimEnd().split("\n").slice(-lines));
      }
      return parts.join("\n");
    },
    async stop() {
      await procs.stopAll();
      await h.stop();
      await rm(logDir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers (in the calling describe) an afterEach that prints the harness's report when a test failed: what
 * the processes said is otherwise lost with their temp dir.
 */
export function reportProcessesOnFailure(harness: () => ProcessHarness | undefined): void {
  afterEach(async ({ task }) => {
    const ph = harness();
    if (ph && task.result?.state === "fail") console.error(`${task.name}\n${await ph.report()}`);
  });
}

// Starts Dovecot again from the config a stopped startDovecot() left in `dir` (same ports, same mail store):
// the fault tests' "IMAP server restarted" and "mailbox recreated" scenarios.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { requireBinary } from "../../src/adapters/servers/binaries.js";
import { waitForPort } from "../../src/adapters/servers/free-port.js";

/** @returns stop() of the new instance */
export async function restartDovecot(dir: string, imapPort: number): Promise<{ stop(): Promise<void> }> {
  const child = spawn(requireBinary("dovecot"), ["-F", "-c", join(dir, "dovecot.conf")], { stdio: "ignore" });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  await waitForPort(imapPort, 10_000);
  return {
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

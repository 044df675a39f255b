// Poller process: config → compose → start the IMAP poller → ordered shutdown on SIGTERM/SIGINT.
import { loadConfig } from "../src/config/config.js";
import { buildPoller, closeCore, composeCore, onShutdown } from "../src/composition.js";

/** Runs the poller until a signal arrives. */
export async function runPoller(config = loadConfig()): Promise<void> {
  const core = await composeCore(config);
  const poller = buildPoller(core);
  poller.start();
  core.log.info({ mailbox: config.IMAP_MAILBOX }, "poller started");
  onShutdown(core.log, config.SHUTDOWN_DEADLINE_MS, async () => {
    await poller.stop();
    await closeCore(core);
  });
}

// All-in-one process: poller + workers in one process (small installations, `casedesk serve`).
import { loadConfig } from "../src/config/config.js";
import { buildPoller, closeCore, composeCore, onShutdown, startWorkers } from "../src/composition.js";

/** Runs poller and workers until a signal arrives; stops intake first, then the workers. */
export async function runServe(config = loadConfig()): Promise<void> {
  const core = await composeCore(config);
  const workers = await startWorkers(core);
  const poller = buildPoller(core);
  poller.start();
  core.log.info({ mailbox: config.IMAP_MAILBOX, concurrency: config.CASEDESK_CONCURRENCY }, "casedesk serving");
  onShutdown(core.log, config.SHUTDOWN_DEADLINE_MS, async () => {
    await poller.stop();
    await workers.close();
    await closeCore(core);
  });
}

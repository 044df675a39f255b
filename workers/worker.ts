// Worker process: config → compose → start intake/analyse/send workers → ordered shutdown on SIGTERM/SIGINT.
import { loadConfig } from "../src/config/config.js";
import { closeCore, composeCore, onShutdown, startWorkers } from "../src/composition.js";

/** Runs the queue workers until a signal arrives. */
export async function runWorker(config = loadConfig()): Promise<void> {
  const core = await composeCore(config);
  const workers = await startWorkers(core);
  core.log.info({ concurrency: config.CASEDESK_CONCURRENCY }, "workers started");
  onShutdown(core.log, config.SHUTDOWN_DEADLINE_MS, async () => {
    await workers.close();
    await closeCore(core);
  });
}

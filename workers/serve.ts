// All-in-one process: poller + workers + review web server (small installations, `casedesk serve`).
import { loadConfig } from "../src/config/config.js";
import { buildPoller, closeCore, composeCore, onShutdown, startWorkers } from "../src/composition.js";
import { startWeb } from "../src/adapters/http/web-app.js";

/** Runs poller, workers and web until a signal arrives; stops intake first, then the workers, then the web. */
export async function runServe(config = loadConfig(), options: { web?: boolean } = {}): Promise<void> {
  const core = await composeCore(config);
  const workers = await startWorkers(core);
  const poller = buildPoller(core);
  poller.start();
  const web = options.web === false ? null : await startWeb(core);
  core.log.info({ mailbox: config.IMAP_MAILBOX, concurrency: config.CASEDESK_CONCURRENCY, web: web?.url ?? null }, "casedesk serving");
  onShutdown(core.log, config.SHUTDOWN_DEADLINE_MS, async () => {
    await poller.stop();
    await workers.close();
    await web?.close();
    await closeCore(core);
  });
}

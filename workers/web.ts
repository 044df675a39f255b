// Web process: config → compose → start the review web server → ordered shutdown on SIGTERM/SIGINT.
import { loadConfig } from "../src/config/config.js";
import { closeCore, composeCore, onShutdown } from "../src/composition.js";
import { startWeb } from "../src/adapters/http/web-app.js";

/** Runs the review UI, JSON API, metrics and bull-board until a signal arrives. */
export async function runWeb(config = loadConfig()): Promise<void> {
  const core = await composeCore(config);
  const web = await startWeb(core);
  core.log.info({ url: web.url }, "web listening");
  onShutdown(core.log, config.SHUTDOWN_DEADLINE_MS, async () => {
    await web.close();
    await closeCore(core);
  });
}

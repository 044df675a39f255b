// `casedesk demo --serve`: after the samples are processed, a demo consultant and the web server on the demo's
// stack, so the review queue can be tried at once. The password and token are random per run.
import { randomBytes } from "node:crypto";
import type { Core } from "../../composition.js";
import { addUser, createApiToken } from "../../app/accounts.js";
import { createAccountStore } from "../db/account-store.js";
import { createPasswordHasher } from "./password-hasher.js";
import { startWeb } from "./web-app.js";

export interface DemoWeb {
  /** base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  login: string;
  password: string;
  /** API bearer token */
  token: string;
  close(): Promise<void>;
}

/**
 * Creates (or resets) the demo consultant `consultant@casedesk.demo` with a random password and an API token,
 * and starts the web server on `core` (WEB_HOST/WEB_PORT unless `listen` says otherwise; port 0 = any free port).
 * The caller prints `web: URL`, `login: EMAIL PASSWORD`, `token: TOKEN` and calls close() on shutdown.
 */
export async function serveDemo(core: Pick<Core, "config" | "log" | "db" | "redis" | "queues">, listen: { host?: string; port?: number } = {}): Promise<DemoWeb> {
  const accounts = createAccountStore(core.db);
  const login = "consultant@casedesk.demo";
  const password = randomBytes(12).toString("base64url");
  await addUser(accounts, createPasswordHasher(), { email: login, role: "admin", password });
  const token = await createApiToken(accounts, login);
  const web = await startWeb(core, listen);
  return { url: web.url, login, password, token, close: web.close };
}

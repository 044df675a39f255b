// `casedesk serve | poller | worker | migrate`: process roles and schema migration.
import type { Command } from "commander";
import { loadConfig } from "../config/config.js";
import { checkMigrations, migrateDatabase } from "../adapters/db/migrate.js";

/** Adds serve, poller, worker and migrate. */
export function registerPipelineCommands(program: Command): void {
  program
    .command("serve")
    .description("run the IMAP poller, the queue workers and the review web server in one process")
    .option("--no-web", "without the review web server")
    .action(async (opts: { web: boolean }) => {
      const { runServe } = await import("../../workers/serve.js");
      await runServe(loadConfig(), { web: opts.web });
    });
  program
    .command("poller")
    .description("run only the IMAP poller (one active poller per mailbox; others wait as standby)")
    .action(async () => {
      const { runPoller } = await import("../../workers/poller.js");
      await runPoller(loadConfig());
    });
  program
    .command("worker")
    .description("run only the intake/analyse/send queue workers (run as many as you like)")
    .action(async () => {
      const { runWorker } = await import("../../workers/worker.js");
      await runWorker(loadConfig());
    });
  program
    .command("migrate")
    .description("apply database migrations for DATABASE_URL (SQLite file: or postgresql://)")
    .option("--check", "only check that the migrations of both providers match prisma/models.prisma (exit 2 on drift)")
    .option("--postgres-url <url>", "PostgreSQL server for the --check shadow database (default POSTGRES_URL or DATABASE_URL)")
    .action(async (opts: { check?: boolean; postgresUrl?: string }) => {
      if (opts.check) {
        const url = opts.postgresUrl ?? process.env.POSTGRES_URL ?? loadConfig().DATABASE_URL;
        if (!/^postgres/.test(url)) throw new Error("--check needs a PostgreSQL server: pass --postgres-url or set POSTGRES_URL");
        const r = await checkMigrations(url);
        console.log(`sqlite: ${r.sqlite ? "DRIFT" : "in sync"}\npostgres: ${r.postgres ? "DRIFT" : "in sync"}`);
        if (r.sqlite || r.postgres) process.exitCode = 2;
        return;
      }
      const config = loadConfig();
      await migrateDatabase(config.DATABASE_URL);
      console.log("migrations applied");
    });
}

// `casedesk sender add|remove|list` (the registry of subscribers answered under CASEDESK_SENDER_POLICY=registered)
// and `casedesk retention run` (purge raw messages older than CASEDESK_RETENTION_DAYS).
import type { Command } from "commander";
import { loadConfig } from "../config/config.js";
import { createDb } from "../adapters/db/client.js";
import { createRetentionStore, createSenderStore } from "../adapters/db/sender-store.js";
import { parseSenderEntry } from "../domain/email/sender-policy.js";
import { runRetention } from "../app/retention.js";

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof createDb>>) => Promise<T>): Promise<T> {
  const db = await createDb(loadConfig().DATABASE_URL);
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

/** Adds `sender add|remove|list` and `retention run` to the program. */
export function registerSenderCommands(program: Command): void {
  const sender = program.command("sender").description("registered senders: addresses or domains whose questions are answered");

  sender
    .command("add")
    .description("register an address (coder@clinic.example.com) or a whole domain (clinic.example.com or @clinic.example.com)")
    .argument("<entry...>", "addresses or domains")
    .option("--note <text>", "why, e.g. the subscriber's name")
    .action(async (entries: string[], o: { note?: string }) => {
      const parsed = entries.map((e) => ({ e, entry: parseSenderEntry(e) }));
      const bad = parsed.filter((p) => p.entry === null).map((p) => p.e);
      if (bad.length > 0) throw new Error(`not an address or domain: ${bad.join(", ")}`);
      await withDb(async (db) => {
        const store = createSenderStore(db);
        for (const { entry } of parsed) {
          const r = await store.addSender(entry!, o.note ?? null);
          console.log(`${r.created ? "added" : "already registered"}: ${r.sender.kind} ${r.sender.value}`);
        }
      });
    });

  sender
    .command("remove")
    .description("remove a registered address or domain")
    .argument("<entry...>", "addresses or domains")
    .action(async (entries: string[]) => {
      await withDb(async (db) => {
        const store = createSenderStore(db);
        let missing = 0;
        for (const e of entries) {
          const entry = parseSenderEntry(e);
          const removed = entry ? await store.removeSender(entry.value) : false;
          console.log(`${removed ? "removed" : "not registered"}: ${entry?.value ?? e}`);
          if (!removed) missing++;
        }
        if (missing > 0) process.exitCode = 1;
      });
    });

  sender
    .command("list")
    .description("list registered senders")
    .option("--json", "one JSON object per line")
    .action(async (o: { json?: boolean }) => {
      await withDb(async (db) => {
        for (const s of await createSenderStore(db).listSenders()) {
          if (o.json) console.log(JSON.stringify({ kind: s.kind, value: s.value, note: s.note, createdAt: s.createdAt.toISOString() }));
          else console.log(`${s.kind.padEnd(7)} ${s.value}${s.note ? `  (${s.note})` : ""}`);
        }
      });
    });

  program
    .command("retention")
    .description("privacy retention of raw messages")
    .command("run")
    .description("purge raw message bytes older than CASEDESK_RETENTION_DAYS (or --days); cases and answers stay")
    .option("--days <n>", "override CASEDESK_RETENTION_DAYS", (v) => Number.parseInt(v, 10))
    .action(async (o: { days?: number }) => {
      const days = o.days ?? loadConfig().CASEDESK_RETENTION_DAYS;
      await withDb(async (db) => {
        const r = await runRetention(createRetentionStore(db), days, new Date());
        console.log(r.cutoff ? `retention: purged ${r.purged} raw messages (${r.bytes} bytes) stored before ${r.cutoff.toISOString()}` : "retention: off (CASEDESK_RETENTION_DAYS=0)");
      });
    });
}

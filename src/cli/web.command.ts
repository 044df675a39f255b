// `casedesk web | user add | token create`: the review web server and its accounts.
import type { Command } from "commander";
import { loadConfig } from "../config/config.js";
import { createDb } from "../adapters/db/client.js";
import { createAccountStore } from "../adapters/db/account-store.js";
import { createPasswordHasher } from "../adapters/http/password-hasher.js";
import { addUser, createApiToken, ROLES } from "../app/accounts.js";

/** Reads the password from standard input: the first line (a prompt on stderr when stdin is a terminal). */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("password: ");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if (process.stdin.isTTY && Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

/** Adds `web`, `user add EMAIL --role consultant|admin` (password on stdin) and `token create EMAIL`. */
export function registerWebCommands(program: Command): void {
  program
    .command("web")
    .description("run the review web UI, JSON API (/api), metrics (/metrics) and bull-board (/admin/queues) on WEB_HOST:WEB_PORT")
    .action(async () => {
      const { runWeb } = await import("../../workers/web.js");
      await runWeb(loadConfig());
    });

  const user = program.command("user").description("review-queue accounts");
  user
    .command("add <email>")
    .description("create a user, or reset password and role of an existing one; the password is read from standard input")
    .option("--role <role>", `one of ${ROLES.join(", ")}`, "consultant")
    .action(async (email: string, opts: { role: string }) => {
      const password = await readPassword();
      const db = await createDb(loadConfig().DATABASE_URL);
      try {
        const r = await addUser(createAccountStore(db), createPasswordHasher(), { email, role: opts.role, password });
        console.log(`${r.created ? "created" : "updated"} ${r.user.role} ${r.user.email}`);
      } finally {
        await db.$disconnect();
      }
    });

  const token = program.command("token").description("JSON API tokens");
  token
    .command("create <email>")
    .description("create an API token for a user and print it (shown once; only its hash is stored)")
    .action(async (email: string) => {
      const db = await createDb(loadConfig().DATABASE_URL);
      try {
        console.log(await createApiToken(createAccountStore(db), email));
      } finally {
        await db.$disconnect();
      }
    });
}

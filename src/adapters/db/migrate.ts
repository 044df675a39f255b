// Applies the checked-in migrations with the Prisma CLI (WebAssembly schema engine, no download), and checks
// that the migrations match the model. Runs the CLI as a child process: its engine keeps global state.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { providerOf } from "./client.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const PRISMA_BIN = join(ROOT, "node_modules", "prisma", "build", "index.js");

function runPrisma(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRISMA_BIN, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * `prisma migrate deploy` for the provider of `databaseUrl` (relative SQLite paths resolve against the
 * current directory, as at run time). @throws Error with the CLI output when it fails.
 */
export async function migrateDatabase(databaseUrl: string): Promise<string> {
  const provider = providerOf(databaseUrl);
  let url = databaseUrl;
  if (provider === "sqlite") {
    if (!url.startsWith("file:/")) url = `file:${join(process.cwd(), url.slice(5))}`;
    mkdirSync(dirname(url.slice(5)), { recursive: true }); // libsql cannot create the directory
  }
  const env = { ...process.env, [provider === "sqlite" ? "SQLITE_URL" : "POSTGRES_URL"]: url, DATABASE_URL: url };
  const r = await runPrisma(["migrate", "deploy", "--config", `prisma/${provider}.config.ts`], env);
  if (r.code !== 0) throw new Error(`migrate deploy failed (${provider}):\n${r.output}`);
  return r.output;
}

/**
 * Compares each provider's migration folder with prisma/models.prisma (`migrate diff --exit-code`).
 * The PostgreSQL check replays the migrations in a temporary database on `postgresUrl`'s server (needs CREATEDB).
 * @returns drift per provider (true = the model has changes no migration contains).
 */
export async function checkMigrations(postgresUrl: string): Promise<{ sqlite: boolean; postgres: boolean; output: string }> {
  const result = { sqlite: false, postgres: false, output: "" };
  for (const provider of ["sqlite", "postgres"] as const) {
    const r = await runPrisma(
      ["migrate", "diff", "--config", `prisma/${provider}.config.ts`, "--from-migrations", `prisma/${provider}/migrations`,
        "--to-schema-datamodel", `prisma/${provider}`, "--exit-code"],
      { ...process.env, SQLITE_URL: "file::memory:", POSTGRES_URL: postgresUrl },
    );
    if (r.code !== 0 && r.code !== 2) throw new Error(`migrate diff failed (${provider}):\n${r.output}`);
    result[provider] = r.code === 2;
    result.output += r.output;
  }
  return result;
}

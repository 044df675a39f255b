// Prisma client factory: one typed API over two providers, chosen by DATABASE_URL.
//   file:./var/casedesk.db             -> SQLite via @prisma/adapter-libsql (embedded default)
//   postgresql://user:pw@host:5432/db  -> PostgreSQL via @prisma/adapter-pg
// No native engine: engineType "client" (wasm query compiler) + driver adapter (see prisma/README.md).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Client, Config, TransactionMode } from "@libsql/client";
import { PrismaClient as SqliteClient } from "../../generated/sqlite/client.js";
import { PrismaClient as PostgresClient } from "../../generated/postgres/client.js";

const SQLITE_PRAGMAS = ["PRAGMA busy_timeout = 10000", "PRAGMA synchronous = NORMAL"];

/**
 * libsql's client hands its connection to each transaction and opens a fresh one for the next statement,
 * which costs a file open per transaction and loses connection settings (busy_timeout, synchronous). The
 * Prisma adapter already serialises everything on one client while a transaction is open (its mutex is held
 * from BEGIN to COMMIT), so transactions here run on the client's one connection instead: BEGIN IMMEDIATE
 * (takes the write lock up front and waits busy_timeout for it, so two processes never deadlock upgrading a
 * read lock), then COMMIT or ROLLBACK. synchronous = NORMAL in WAL mode: durable across application
 * crashes; the last commits may be lost on power loss, the file is never corrupted.
 */
class TunedLibSQL extends PrismaLibSQL {
  override createClient(config: Config): Client {
    const client = super.createClient(config);
    client.transaction = (async (mode?: TransactionMode) => {
      await client.execute(mode === "read" ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
      let open = true;
      const end = async (sql: "COMMIT" | "ROLLBACK") => {
        if (!open) return;
        open = false;
        await client.execute(sql);
      };
      const tx = {
        execute: (stmt: Parameters<Client["execute"]>[0]) => client.execute(stmt as never),
        batch: async (stmts: Parameters<Client["execute"]>[0][]) => {
          const out = [];
          for (const st of stmts) out.push(await client.execute(st as never));
          return out;
        },
        commit: () => end("COMMIT"),
        rollback: () => end("ROLLBACK"),
        close: () => void end("ROLLBACK").catch(() => undefined),
        get closed() {
          return !open;
        },
      };
      return tx as unknown as Awaited<ReturnType<Client["transaction"]>>;
    }) as Client["transaction"];
    return client;
  }
}

/** Both generated clients share one API; the SQLite one is the static type. */
export type Db = SqliteClient;
export type DbProvider = "sqlite" | "postgres";

/** Which provider a DATABASE_URL selects. @throws Error for any other scheme. */
export function providerOf(url: string): DbProvider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`unsupported DATABASE_URL scheme (want file: or postgresql://): ${url.split(":")[0]}:`);
}

/**
 * Opens a client. SQLite: creates the parent directory, turns on WAL and a 10 s busy timeout so several
 * processes can share the file. PostgreSQL: a pool of `poolSize` connections. `queryEvents`: emit
 * `$on("query")` events (diagnostics).
 */
export async function createDb(url: string, options: { poolSize?: number; queryEvents?: boolean } = {}): Promise<Db> {
  const log = options.queryEvents ? [{ emit: "event" as const, level: "query" as const }] : [];
  if (providerOf(url) === "postgres") {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 }), log });
    return client as unknown as Db;
  }
  const file = url.slice("file:".length);
  if (file && file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new SqliteClient({ adapter: new TunedLibSQL({ url }), log });
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL"); // persistent in the file
  for (const p of SQLITE_PRAGMAS) await db.$queryRawUnsafe(p);
  return db;
}

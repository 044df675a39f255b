// Prisma client factory: one typed API over two providers, chosen by DATABASE_URL.
//   file:./var/casedesk.db             -> SQLite via @prisma/adapter-libsql (embedded default)
//   postgresql://user:pw@host:5432/db  -> PostgreSQL via @prisma/adapter-pg
// No native engine: engineType "client" (wasm query compiler) + driver adapter (see prisma/README.md). The
// per-email statements run on the same connection (SQLite) or pool (PostgreSQL) directly: directSqlOf.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Client, Config } from "@libsql/client";
import pg from "pg";
import { libsqlDirectSql, pgDirectSql, shareLibsql, type DirectSql } from "./direct-sql.js";
import { PrismaClient as SqliteClient } from "../../generated/sqlite/client.js";
import { PrismaClient as PostgresClient } from "../../generated/postgres/client.js";

const SQLITE_PRAGMAS = ["PRAGMA busy_timeout = 10000", "PRAGMA synchronous = NORMAL"];

/**
 * libsql's client hands its connection to each transaction and opens a fresh one for the next statement,
 * which costs a file open per transaction and loses connection settings (busy_timeout, synchronous). Here
 * transactions run on the client's one connection instead, shared with the direct raw-SQL path of the hot
 * path (shareLibsql: one gate serialises both, a transaction holds it from BEGIN to COMMIT). synchronous =
 * NORMAL in WAL mode: durable across application crashes; the last commits may be lost on power loss, the file
 * is never corrupted.
 */
class TunedLibSQL extends PrismaLibSQL {
  /** the client Prisma opened last (it opens another after $disconnect) */
  client: Client | null = null;
  override createClient(config: Config): Client {
    const client = super.createClient(config);
    shareLibsql(client);
    this.client = client;
    return client;
  }
}

const direct = new WeakMap<object, DirectSql>();

/**
 * The direct raw-SQL surface (src/adapters/db/direct-sql.ts) over the same connection or pool as `db`, for the
 * stores' per-email statements. @throws for a client that createDb did not open.
 */
export function directSqlOf(db: Db): DirectSql {
  const sql = direct.get(db);
  if (!sql) throw new Error("directSqlOf: the client was not opened by createDb");
  return sql;
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
 * processes can share the file. PostgreSQL: a pool of `poolSize` connections, shared by Prisma and the direct
 * path (directSqlOf). `queryEvents`: emit `$on("query")` events for Prisma's own statements (diagnostics; the
 * direct path's statements are not among them).
 */
export async function createDb(url: string, options: { poolSize?: number; queryEvents?: boolean } = {}): Promise<Db> {
  const log = options.queryEvents ? [{ emit: "event" as const, level: "query" as const }] : [];
  if (providerOf(url) === "postgres") {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    pool.on("error", () => undefined); // an idle connection dropped by the server: the pool replaces it on demand
    const client = new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }), log }) as unknown as Db;
    direct.set(client, pgDirectSql(pool));
    return client;
  }
  const file = url.slice("file:".length);
  if (file && file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const adapter = new TunedLibSQL({ url });
  const db = new SqliteClient({ adapter, log });
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL"); // persistent in the file
  for (const p of SQLITE_PRAGMAS) await db.$queryRawUnsafe(p);
  direct.set(db, libsqlDirectSql(() => {
    if (!adapter.client) throw new Error("the SQLite connection is not open");
    return adapter.client;
  }));
  return db;
}

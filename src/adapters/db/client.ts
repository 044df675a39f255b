// Prisma client factory: one typed API over two providers, chosen by DATABASE_URL.
//   file:./var/casedesk.db             -> SQLite via @prisma/adapter-libsql (embedded default)
//   postgresql://user:pw@host:5432/db  -> PostgreSQL via @prisma/adapter-pg
// No native engine: engineType "client" (wasm query compiler) + driver adapter (see prisma/README.md).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../../generated/sqlite/client.js";
import { PrismaClient as PostgresClient } from "../../generated/postgres/client.js";

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
 * processes can share the file. PostgreSQL: a pool of `poolSize` connections.
 */
export async function createDb(url: string, options: { poolSize?: number } = {}): Promise<Db> {
  if (providerOf(url) === "postgres") {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 }) });
    return client as unknown as Db;
  }
  const file = url.slice("file:".length);
  if (file && file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new SqliteClient({ adapter: new PrismaLibSQL({ url }) });
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA busy_timeout = 10000");
  await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  return db;
}

// The raw-SQL surface of the per-email hot path, run on the database driver itself instead of through Prisma's
// raw-query runtime (which costs about a quarter of a worker's CPU: the client runtime and its query-compiler
// wasm, BENCHMARKS.md). The same Prisma.sql tagged templates are used ("?" placeholders for SQLite, "$n" for
// PostgreSQL), and values are mapped the way Prisma's driver adapters map them, so rows written here and rows
// written by Prisma's typed operations read back alike:
//   SQLite: a DateTime is stored as ISO 8601 text with "+00:00" (@prisma/adapter-libsql); read back as Date
//           from columns declared DATETIME; BOOLEAN columns (0/1) as booleans; a BLOB as a Buffer.
//   PostgreSQL: a DateTime is sent as UTC "YYYY-MM-DD HH:MM:SS.mmm" for timestamp(3) columns
//           (@prisma/adapter-pg); timestamp without time zone is read back as UTC.
// Typed Prisma operations stay on the Prisma client and share the connection (SQLite) or pool (PostgreSQL).
import type { Client, InStatement, ResultSet, TransactionMode } from "@libsql/client";
import { Mutex } from "async-mutex";
import pg from "pg";
import { Prisma } from "../../generated/sqlite/client.js";

/** One side of the raw surface: a statement on its own, or inside `$transaction`. */
export interface SqlRunner {
  /** Rows of a statement (SELECT, or INSERT/UPDATE … RETURNING) as plain objects by column name; `T` is the row array type, as with Prisma. */
  $queryRaw<T = unknown[]>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  /** Number of rows a statement without RETURNING changed. */
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
}

/** The raw surface: statements, and an interactive transaction (committed when `fn` resolves, rolled back when it throws). */
export interface DirectSql extends SqlRunner {
  $transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

function toSql(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): Prisma.Sql {
  return query instanceof Prisma.Sql ? query : Prisma.sql(query, ...(values as Prisma.Sql[]));
}

/** Tagged-template plumbing shared by both drivers: `run` executes one statement. */
function runner(run: (q: Prisma.Sql) => Promise<{ rows: Record<string, unknown>[]; changed: number }>): SqlRunner {
  return {
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      return (await run(toSql(query, values))).rows as T;
    },
    async $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      return (await run(toSql(query, values))).changed;
    },
  };
}

// --- SQLite (libsql) ----------------------------------------------------------------------------------------

/**
 * Installs a gate on a libsql client that Prisma's adapter and the direct path both use: a statement takes the
 * gate for its own run, a transaction holds it from BEGIN to COMMIT/ROLLBACK on the client's one connection, so
 * no statement from elsewhere can land inside it. BEGIN IMMEDIATE takes the write lock up front, waiting
 * busy_timeout for it, so two processes never deadlock upgrading a read lock.
 */
export function shareLibsql(client: Client): void {
  const gate = new Mutex();
  const execute = client.execute.bind(client) as (stmt: InStatement) => Promise<ResultSet>;
  client.execute = ((stmt: InStatement) => gate.runExclusive(() => execute(stmt))) as Client["execute"];
  client.transaction = (async (mode?: TransactionMode) => {
    const release = await gate.acquire();
    try {
      await execute(mode === "read" ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
    } catch (err) {
      release();
      throw err;
    }
    let open = true;
    // the connection must leave the transaction before the gate opens: a COMMIT that fails is rolled back here
    const end = async (sql: "COMMIT" | "ROLLBACK") => {
      if (!open) return;
      open = false;
      try {
        await execute(sql);
      } catch (err) {
        if (sql === "COMMIT") await execute("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        release();
      }
    };
    const tx = {
      execute: (stmt: InStatement) => execute(stmt),
      batch: async (stmts: InStatement[]) => {
        const out = [];
        for (const st of stmts) out.push(await execute(st));
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
}

/** A value as @prisma/adapter-libsql binds it. */
function sqliteArg(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

/** A DATETIME column's value (ISO text as Prisma writes it, SQLite's "YYYY-MM-DD HH:MM:SS" in UTC, or epoch ms). */
function sqliteDate(v: unknown): unknown {
  if (typeof v === "number" || typeof v === "bigint") return new Date(Number(v));
  if (typeof v !== "string") return v;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(" ", "T")}Z`);
}

function sqliteRows(rs: ResultSet): Record<string, unknown>[] {
  const kinds = rs.columnTypes.map((t) => (/^(DATETIME|TIMESTAMP|DATE)$/i.test(t) ? "date" : /^BOOLEAN$/i.test(t) ? "boolean" : ""));
  return rs.rows.map((row) => {
    const out: Record<string, unknown> = {};
    rs.columns.forEach((name, i) => {
      const v = row[i];
      out[name] = v === null ? null : kinds[i] === "date" ? sqliteDate(v) : kinds[i] === "boolean" ? Boolean(v) : v instanceof ArrayBuffer ? Buffer.from(v) : v;
    });
    return out;
  });
}

/** The raw surface over a libsql client that shareLibsql prepared (`client()`: the one Prisma uses now). */
export function libsqlDirectSql(client: () => Client): DirectSql {
  const exec = async (execute: (stmt: InStatement) => Promise<ResultSet>, q: Prisma.Sql) => {
    const rs = await execute({ sql: q.sql, args: q.values.map(sqliteArg) as never });
    return { rows: sqliteRows(rs), changed: rs.rowsAffected };
  };
  return {
    ...runner((q) => exec((stmt) => client().execute(stmt), q)),
    async $transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
      const tx = await client().transaction("write");
      try {
        const result = await fn(runner((q) => exec((stmt) => tx.execute(stmt), q)));
        await tx.commit();
        return result;
      } catch (err) {
        await tx.rollback().catch(() => undefined);
        throw err;
      }
    },
  };
}

// --- PostgreSQL (pg) ----------------------------------------------------------------------------------------

const TIMESTAMP_OID = 1114;
const pgTypes = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary"
      ? (s: string) => new Date(`${s.replace(" ", "T")}Z`)
      : (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format),
};

/** A value as @prisma/adapter-pg binds it (DateTime columns are timestamp(3) without time zone, in UTC). */
function pgArg(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString().replace("T", " ").replace("Z", "");
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return v;
}

async function pgExec(client: pg.Pool | pg.PoolClient, q: Prisma.Sql) {
  const r = await client.query({ text: q.text, values: q.values.map(pgArg), types: pgTypes as never });
  return { rows: r.rows as Record<string, unknown>[], changed: r.rowCount ?? 0 };
}

/**
 * The raw surface over the pg pool that the Prisma client shares. A transaction that has not finished after
 * `transactionTimeoutMs` (default 10 s; Prisma's interactive transactions had a 5 s limit) is cut off: its
 * connection is closed, so PostgreSQL rolls it back and frees its locks, and the call rejects with a timeout
 * error (the job fails and is retried). A statement outside a transaction has no limit, as with Prisma.
 */
export function pgDirectSql(pool: pg.Pool, options: { transactionTimeoutMs?: number } = {}): DirectSql {
  const timeoutMs = options.transactionTimeoutMs ?? 10_000;
  return {
    ...runner((q) => pgExec(pool, q)),
    async $transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined; // set when the connection must not go back to the pool
      let timedOut: Error | undefined;
      const timer = setTimeout(() => {
        broken = timedOut = new Error(`database transaction did not finish within ${timeoutMs} ms; its connection was closed`);
        void client.end().catch(() => undefined); // the statement in flight fails; the server rolls back
      }, timeoutMs);
      try {
        await client.query("BEGIN");
        const result = await fn(runner((q) => pgExec(client, q)));
        await client.query("COMMIT"); // once this resolves the work is durable, whatever the timer did since
        return result;
      } catch (err) {
        if (!timedOut) await client.query("ROLLBACK").catch((e: Error) => (broken = e)); // a connection that cannot roll back is dropped
        throw timedOut ?? err;
      } finally {
        clearTimeout(timer);
        client.release(broken);
      }
    },
  };
}

import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import path from "node:path";
import postgres from "postgres";
import * as schema from "~db/schema";

/** One type above both drivers: every query function takes this. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; inside a transaction always use it, never the outer db (PGlite would deadlock). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: "postgres" | "pglite";
  /** Raw access for pg-boss and benchmarks. */
  pglite?: PGlite;
  sql?: postgres.Sql;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

export interface OpenDbOptions {
  /** Postgres URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; absent = in memory. */
  dataDir?: string;
  /** Pool size for postgres-js. */
  max?: number;
}

export async function openDb(opts: OpenDbOptions): Promise<DbHandle> {
  if (opts.url) {
    const sql = postgres(opts.url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      connection: { TimeZone: "UTC" },
    });
    const db = drizzlePostgres(sql, { schema }) as unknown as Db;
    return { db, kind: "postgres", sql, close: () => sql.end({ timeout: 5 }) };
  }
  const pglite = await PGlite.create({ dataDir: opts.dataDir, extensions: { pg_trgm } });
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return { db, kind: "pglite", pglite, close: () => pglite.close() };
}

export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.kind === "postgres") {
    await migratePostgres(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

// The Remix server bundle and the tsx-run server load this module twice; the handle lives on
// globalThis so both see the one database (PGlite allows one owner of its data directory).
const GLOBAL_KEY = Symbol.for("loket.db");
type Holder = { [GLOBAL_KEY]?: DbHandle };

export function setDbHandle(handle: DbHandle | undefined): void {
  (globalThis as Holder)[GLOBAL_KEY] = handle;
}

export function getDbHandle(): DbHandle {
  const h = (globalThis as Holder)[GLOBAL_KEY];
  if (!h) throw new Error("Database not initialised: call initDb() at boot (server/index.ts) or in the test setup.");
  return h;
}

/** The application's database. */
export function db(): Db {
  return getDbHandle().db;
}

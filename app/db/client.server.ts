import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import * as schema from "~db/schema";
import { preparingClient, registerPrepared, StatementBudget, type PreparedLimits } from "./prepared.server";

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
  /** The Postgres URL the handle was opened with. */
  url?: string;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

/** Postgres connections per process unless DATABASE_POOL_MAX says otherwise (app/env.server.ts). */
export const DEFAULT_POOL_MAX = 10;

export interface OpenDbOptions {
  /** Postgres URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; absent = in memory. */
  dataDir?: string;
  /** PGlite: start from this dumped data directory (`dumpDataDir`), e.g. the tests' migrated template. */
  loadDataDir?: Blob;
  /** Pool size for postgres-js. */
  max?: number;
  /**
   * Postgres: send the app's parameterised queries as named prepared statements within
   * `preparedLimits` (app/db/prepared.server.ts). Default true; false = every query unnamed.
   */
  prepare?: boolean;
  preparedLimits?: PreparedLimits;
}

export async function openDb(opts: OpenDbOptions): Promise<DbHandle> {
  if (opts.url) {
    // `?prepare=false` in the URL (postgres.js' own switch, for a pooler that cannot keep prepared
    // statements) turns preparing off everywhere; then the plan mode is left to the server too.
    const prepare = opts.prepare !== false && !/[?&]prepare=(false|disable)(&|$)/i.test(opts.url);
    const sql = postgres(opts.url, {
      max: opts.max ?? DEFAULT_POOL_MAX,
      onnotice: () => {},
      // force_custom_plan: a prepared statement is planned for its values every time, as the unnamed
      // statements it replaces were (no generic plan chosen after five runs; app/db/prepared.server.ts).
      connection: prepare ? { TimeZone: "UTC", plan_cache_mode: "force_custom_plan" } : { TimeZone: "UTC" },
      ...(prepare ? {} : { prepare: false }),
    });
    const budget = new StatementBudget(opts.preparedLimits);
    const db = drizzlePostgres(prepare ? preparingClient(sql, budget) : sql, { schema }) as unknown as Db;
    if (prepare) registerPrepared(db, budget);
    return { db, kind: "postgres", sql, url: opts.url, close: () => sql.end({ timeout: 5 }) };
  }
  const release = opts.dataDir ? claimDataDir(opts.dataDir) : () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir, extensions: { pg_trgm } });
  } catch (err) {
    release();
    throw err;
  }
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return { db, kind: "pglite", pglite, close: () => pglite.close().finally(release) };
}

/**
 * PGlite is Postgres inside ONE process: a second process opening the same data directory is not
 * refused by PGlite — both write, and each overwrites what the other wrote. So an embedded data
 * directory is claimed with `<dataDir>.lock` (the owner's pid), and a second live process is
 * refused with what to do instead. A lock left by a process that died is taken over.
 */
function claimDataDir(dataDir: string): () => void {
  const file = `${path.resolve(dataDir)}.lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.rmSync(file, { force: true });
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw err;
      const pid = Number.parseInt(fs.readFileSync(file, "utf8").trim(), 10);
      if (pid === process.pid) return () => {}; // this process already holds it (opened again after a close)
      if (Number.isSafeInteger(pid) && pid > 0 && processAlive(pid)) {
        throw new Error(
          `The embedded database in ${dataDir} is open in another process (pid ${pid}). It serves one process only: ` +
            `stop that one, or run several instances on PostgreSQL (DATABASE_URL; README "Running several instances"). Lock file: ${file}`,
        );
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The advisory-lock key that serialises migrations between app processes on one database
 * (advisory locks are per database, so test databases on one server do not wait for each other).
 */
export const MIGRATIONS_LOCK_KEY = "loket:migrations";

/**
 * Runs `fn` while holding a Postgres session advisory lock named `key`, taken on a connection of its
 * own (the handle's pool may have only one: the test template, the owner URL). Other processes
 * asking for the same key wait; `onWait` is called first when they must. The lock ends with its
 * connection, so a process killed inside `fn` never leaves the others waiting. PGlite is one
 * process by nature: `fn` just runs.
 */
export async function withAdvisoryLock<T>(handle: DbHandle, key: string, fn: () => Promise<T>, onWait?: () => void): Promise<T> {
  if (handle.kind !== "postgres") return fn();
  if (!handle.url) throw new Error("withAdvisoryLock: a Postgres handle without its URL (open it with openDb)");
  const lock = postgres(handle.url, { max: 1, onnotice: () => {} });
  try {
    const [got] = await lock<{ ok: boolean }[]>`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as ok`;
    if (!got?.ok) {
      onWait?.();
      await lock`select pg_advisory_lock(hashtextextended(${key}, 0))`;
    }
    return await fn();
  } finally {
    // Ending the session releases its advisory lock.
    await lock.end({ timeout: 5 });
  }
}

/**
 * Runs `fn` only if no other process holds the session advisory lock named `key` right now; returns
 * `{ ran: false }` at once otherwise. For work that one process doing it is enough (a boot-time
 * backfill): the others skip instead of repeating it in lockstep. Same connection rules as
 * withAdvisoryLock; on PGlite (one process) `fn` always runs.
 */
export async function withAdvisoryTryLock<T>(handle: DbHandle, key: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  if (handle.kind !== "postgres") return { ran: true, value: await fn() };
  if (!handle.url) throw new Error("withAdvisoryTryLock: a Postgres handle without its URL (open it with openDb)");
  const lock = postgres(handle.url, { max: 1, onnotice: () => {} });
  try {
    const [got] = await lock<{ ok: boolean }[]>`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as ok`;
    if (!got?.ok) return { ran: false };
    return { ran: true, value: await fn() };
  } finally {
    await lock.end({ timeout: 5 });
  }
}

/**
 * Applies the committed migrations. On Postgres several app processes may start at once (a scale-out,
 * a rolling deploy): under MIGRATIONS_LOCK_KEY one migrates while the others wait, and a process
 * that then finds everything applied starts as usual. Without it two processes ran the same
 * CREATE TABLE and one crashed (issue 15).
 */
export async function migrateDb(handle: DbHandle, opts: { onWait?: () => void } = {}): Promise<void> {
  if (handle.kind !== "postgres") {
    await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const onWait =
    opts.onWait ??
    (() => void import("~/lib/logger.server").then(({ logger }) => logger().info("another process is applying migrations: waiting for it (advisory lock)")));
  await withAdvisoryLock(handle, MIGRATIONS_LOCK_KEY, () => migratePostgres(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER }), onWait);
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

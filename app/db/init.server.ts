import path from "node:path";
import { getDbHandle, migrateDb, openDb, setDbHandle, type DbHandle } from "./client.server";

/**
 * Opens the application's database once per process and applies migrations:
 * DATABASE_URL → Postgres; otherwise embedded PGlite in <dataDir>/pglite.
 * With `migrationUrl` (DATABASE_MIGRATION_URL: the schema's owner) the migrations run over a
 * short-lived connection as that owner, and the app then serves as DATABASE_URL's role — the
 * least-privilege runtime role of `npm run db:roles` (README "Database roles").
 */
export async function initDb(opts: {
  url?: string;
  migrationUrl?: string;
  dataDir?: string;
  inMemory?: boolean;
  /** Postgres pool size (DATABASE_POOL_MAX); absent = DEFAULT_POOL_MAX. */
  max?: number;
}): Promise<DbHandle> {
  const existing = (() => {
    try {
      return getDbHandle();
    } catch {
      return undefined;
    }
  })();
  if (existing) return existing;
  const handle = await openDb({
    url: opts.url,
    max: opts.max,
    dataDir: opts.url || opts.inMemory ? undefined : path.join(opts.dataDir ?? ".data", "pglite"),
  });
  try {
    await migrateAs(handle, opts.url ? opts.migrationUrl : undefined);
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
  setDbHandle(handle);
  return handle;
}

async function migrateAs(handle: DbHandle, ownerUrl: string | undefined): Promise<void> {
  if (!ownerUrl) {
    try {
      await migrateDb(handle);
    } catch (err) {
      // 42501 insufficient_privilege: DATABASE_URL is the runtime role, which may not change the schema.
      const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
      if (code === "42501") {
        throw new Error("DATABASE_URL's role may not run migrations: set DATABASE_MIGRATION_URL to the schema owner's URL (README \"Database roles\").", { cause: err });
      }
      throw err;
    }
    return;
  }
  const owner = await openDb({ url: ownerUrl, max: 1 });
  try {
    await migrateDb(owner);
  } finally {
    await owner.close();
  }
}

export async function closeDb(): Promise<void> {
  try {
    const h = getDbHandle();
    setDbHandle(undefined);
    await h.close();
  } catch {
    // not open
  }
}

import path from "node:path";
import { getDbHandle, migrateDb, openDb, setDbHandle, type DbHandle } from "./client.server";

/**
 * Opens the application's database once per process and applies migrations:
 * DATABASE_URL → Postgres; otherwise embedded PGlite in <dataDir>/pglite.
 */
export async function initDb(opts: { url?: string; dataDir?: string; inMemory?: boolean }): Promise<DbHandle> {
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
    dataDir: opts.url || opts.inMemory ? undefined : path.join(opts.dataDir ?? ".data", "pglite"),
  });
  await migrateDb(handle);
  setDbHandle(handle);
  return handle;
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

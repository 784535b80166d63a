import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { migrateDb, openDb, setDbHandle, type Db, type DbHandle } from "../../app/db/client.server";
import { withDatabase } from "./pg-url";

/**
 * A fresh, migrated database for one test file, installed as the app's database (db()).
 * Postgres (a clone of the run's template) when DATABASE_URL is set; in-memory PGlite otherwise.
 * Call at the top of a test file: `const t = useTestDb();` then `t.db` inside tests.
 */
export function useTestDb(): { readonly db: Db; readonly handle: DbHandle } {
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    handle = await createTestDb();
    setDbHandle(handle);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await handle?.close();
  });
  return {
    get db() {
      if (!handle) throw new Error("useTestDb: database not ready (use it inside tests or hooks)");
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error("useTestDb: database not ready");
      return handle;
    },
  };
}

export async function createTestDb(opts: { max?: number } = {}): Promise<DbHandle> {
  const url = process.env.DATABASE_URL;
  const template = inject("templateDb");
  if (url && template) {
    const name = `loket_t_${inject("runId")}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await admin.end();
    }
    return openDb({ url: withDatabase(url, name), max: opts.max ?? 20 });
  }
  // The run's migrated PGlite data directory (global-setup.ts); without it, migrate here.
  const dump = inject("pgliteTemplate");
  if (dump) return openDb({ loadDataDir: new Blob([await fs.readFile(dump)]) });
  const handle = await openDb({});
  await migrateDb(handle);
  return handle;
}

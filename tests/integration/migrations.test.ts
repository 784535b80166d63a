import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { migrateDb, openDb } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { createTestDb } from "../support/db";

describe("migrations", () => {
  it("apply from empty and create every table", async () => {
    const handle = await createTestDb();
    try {
      const names = (
        await rows<{ table_name: string }>(
          handle.db,
          sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
        )
      ).map((r) => r.table_name);
      for (const t of ["staff", "sessions", "audit_log", "orders", "operations", "refunds", "holds", "notifications"]) {
        expect(names).toContain(t);
      }
      // Re-applying is a no-op, on both drivers.
      await migrateDb(handle);
    } finally {
      await handle.close();
    }
  });

  it("apply on the embedded database (PGlite) too", async () => {
    const handle = await openDb({});
    try {
      await migrateDb(handle);
      const [n] = await rows<{ n: number }>(handle.db, sql`select count(*)::int as n from staff`);
      expect(n?.n).toBe(0);
    } finally {
      await handle.close();
    }
  });
});

import type { SQL } from "drizzle-orm";
import type { DbOrTx } from "./client.server";

/** Runs raw SQL and returns its rows the same way on both drivers (postgres-js gives an array, PGlite { rows }). */
export async function rows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown;
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

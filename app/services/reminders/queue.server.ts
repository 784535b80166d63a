import { sql, type SQL } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Tx } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { boss, QUEUE } from "~/lib/queue.server";

/**
 * pg-boss 10 sends through any `executeSql`: this one runs pg-boss's INSERT on the caller's
 * transaction, so the job exists exactly when the change that asked for it commits (a rollback
 * leaves no job; a commit cannot lose it). Positional parameters become drizzle parameters.
 */
function txExecutor(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const parts = text.split(/\$(\d+)\b/);
      const query: SQL = sql.empty();
      query.append(sql.raw(parts[0] ?? ""));
      for (let i = 1; i < parts.length; i += 2) {
        const v = values[Number(parts[i]) - 1];
        const param =
          v === undefined
            ? null
            : v instanceof Date
              ? v.toISOString()
              : typeof v === "object" && v !== null
                ? JSON.stringify(v)
                : v;
        query.append(sql`${param}`);
        query.append(sql.raw(parts[i + 1] ?? ""));
      }
      return { rows: await rows(tx, query) };
    },
  };
}

/** Asks for the removal of these reminders at GoPay, in the caller's transaction; null when jobs do not run in this process (the sweep picks them up). */
export async function enqueueRemoval(tx: Tx, ids: string[]): Promise<string | null> {
  const b = boss();
  if (!b || ids.length === 0) return null;
  return b.send(QUEUE.removeReminders, { ids }, { db: txExecutor(tx) });
}

import PgBoss from "pg-boss";
import type { DbHandle } from "~/db/client.server";

/**
 * pg-boss 10 on the app's own database. Postgres: its own pool from DATABASE_URL. PGlite: the
 * `db.executeSql` adapter — PGlite's query() prepares statements and rejects multi-statement SQL,
 * so parameterless SQL goes through exec() and the rest through query().
 */
export function createBoss(handle: DbHandle, url: string | undefined): PgBoss {
  const common = {
    schema: "pgboss",
    // The demo machine is small: keep maintenance light.
    maintenanceIntervalSeconds: 120,
    // Schedules (cron) are cluster-safe in pg-boss 10: every process checks every
    // cronMonitorIntervalSeconds, but one UPDATE of pgboss.version.cron_on lets only one of them
    // evaluate the crons per interval, and each due schedule becomes one `__pgboss__send-it` job
    // with singletonKey = its name and singletonSeconds = 60 (a unique index), so a tick makes one
    // job however many processes run. Checking every 10 s (default 30) starts a minute's sweep within
    // ~12 s of the minute instead of ~35 s.
    cronMonitorIntervalSeconds: 10,
    cronWorkerIntervalSeconds: 2,
  } as const;
  if (handle.kind === "postgres") {
    if (!url) throw new Error("createBoss: postgres handle without a URL");
    return new PgBoss({ ...common, connectionString: url, max: 4 });
  }
  const pglite = handle.pglite!;
  return new PgBoss({
    ...common,
    db: {
      async executeSql(text: string, values?: unknown[]) {
        if (!values || values.length === 0) {
          const results = await pglite.exec(text);
          return { rows: (results.at(-1)?.rows ?? []) as unknown[] };
        }
        const res = await pglite.query(text, values as never[]);
        return { rows: res.rows as unknown[] };
      },
    },
  });
}

export { boss, setBoss } from "~/lib/queue.server";

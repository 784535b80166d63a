/**
 * Child of db-pool-size.test.ts: boots the app as `npm start` does (env → boot → initDb → openDb)
 * on DATABASE_URL, then runs 8 queries at once that each hold their connection for 150 ms and
 * prints how many distinct Postgres backends answered them, i.e. how many connections the app's pool
 * opened under that load. Exits 1 with the error on stderr when boot refuses the environment.
 */
import { boot } from "../../app/boot.server";
import { closeDb } from "../../app/db/init.server";
import { getDbHandle } from "../../app/db/client.server";

try {
  await boot();
  const sql = getDbHandle().sql!;
  const rows = await Promise.all(
    Array.from({ length: 8 }, () => sql<{ pid: number }[]>`select pg_backend_pid() as pid from pg_sleep(0.15)`),
  );
  process.stdout.write(JSON.stringify({ backends: new Set(rows.map((r) => r[0]!.pid)).size }));
  await closeDb();
} catch (err) {
  process.stderr.write(String(err instanceof Error ? err.message : err));
  process.exit(1);
}

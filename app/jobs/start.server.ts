import { getDbHandle, withAdvisoryLock } from "~/db/client.server";
import { env } from "~/env.server";
import { createBoss, setBoss, boss } from "./boss.server";
import { queues } from "./queues.server";
import { logger } from "~/lib/logger.server";

export const JOBS_SETUP_LOCK_KEY = "loket:jobs-setup";

/** Boot task: start pg-boss, create queues, register workers and schedules. */
export async function startJobs(): Promise<string[]> {
  const e = env();
  if (e.JOBS_ENABLED === "false") return ["Background jobs disabled (JOBS_ENABLED=false)"];
  const handle = getDbHandle();
  const b = createBoss(handle, e.DATABASE_URL);
  b.on("error", (err) => logger().error({ err }, "pg-boss error"));
  // Several processes starting together: pg-boss serialises its own schema creation, but two
  // create_queue calls at once deadlock (each attaches a partition to pgboss.job) and one process
  // crashed. One process at a time creates the schema, the queues and the schedules; the others
  // then find them (create_queue and schedule are idempotent).
  await withAdvisoryLock(handle, JOBS_SETUP_LOCK_KEY, async () => {
    await b.start();
    for (const q of queues) {
      await b.createQueue(q.name, q.options ?? { name: q.name, retryLimit: 5, retryBackoff: true });
      if (q.cron) await b.schedule(q.name, q.cron);
    }
  });
  for (const q of queues) {
    await b.work(q.name, q.workOptions ?? { pollingIntervalSeconds: 2 }, q.handler as never);
  }
  setBoss(b);
  return [`Background jobs running (${queues.length} queues)`];
}

export async function stopJobs(): Promise<void> {
  const b = boss();
  if (!b) return;
  setBoss(undefined);
  await b.stop({ graceful: true, timeout: 5000 });
}

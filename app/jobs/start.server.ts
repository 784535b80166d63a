import { getDbHandle } from "~/db/client.server";
import { env } from "~/env.server";
import { createBoss, setBoss, boss } from "./boss.server";
import { queues } from "./queues.server";
import { logger } from "~/lib/logger.server";

/** Boot task: start pg-boss, create queues, register workers and schedules. */
export async function startJobs(): Promise<string[]> {
  const e = env();
  if (e.JOBS_ENABLED === "false") return ["Background jobs disabled (JOBS_ENABLED=false)"];
  const b = createBoss(getDbHandle(), e.DATABASE_URL);
  b.on("error", (err) => logger().error({ err }, "pg-boss error"));
  await b.start();
  for (const q of queues) {
    await b.createQueue(q.name, q.options ?? { name: q.name, retryLimit: 5, retryBackoff: true });
    await b.work(q.name, q.workOptions ?? { pollingIntervalSeconds: 2 }, q.handler as never);
    if (q.cron) await b.schedule(q.name, q.cron);
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

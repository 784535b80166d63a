import { QUEUE } from "~/lib/queue.server";
import { logger } from "~/lib/logger.server";
import { ensureDailyRun } from "~/services/reconciliation/daily.server";
import type { QueueDef } from "./queues.server";

/**
 * Yesterday's reconciliation, every day at 01:00 WIB (18:00 UTC; WIB has no daylight saving).
 * pg-boss fires a schedule once per tick across processes, and ensureDailyRun is idempotent anyway
 * (one daily run per WIB day, by a unique index).
 */
export const reconciliationDailyQueue: QueueDef = {
  name: QUEUE.reconcileDaily,
  cron: "0 18 * * *",
  options: { name: QUEUE.reconcileDaily, retryLimit: 5, retryBackoff: true, policy: "singleton" },
  handler: async () => {
    const runId = await ensureDailyRun();
    if (runId) logger().info({ job: "reconciliation-daily", runId }, "daily reconciliation queued");
  },
};

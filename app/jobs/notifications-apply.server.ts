import { applyPendingNotifications } from "~/services/notifications/sweep.server";
import { APPLY_QUEUE } from "~/services/notifications/process.server";
import type { QueueDef } from "./queues.server";
import { logger } from "~/lib/logger.server";

/**
 * Nothing received is lost: a notification stored but not applied (DB error, order not there yet,
 * GoPay unreachable for a pay-account re-fetch) is re-applied every minute, and ~5 s after a
 * failure (the webhook enqueues a job). Every job runs the same idempotent sweep.
 */
export const notificationsApplyQueue: QueueDef = {
  name: APPLY_QUEUE,
  cron: "* * * * *",
  // stately: at most one queued + one active; extra enqueues collapse (each run sweeps everything).
  options: { name: APPLY_QUEUE, retryLimit: 0, policy: "stately" },
  handler: async () => {
    const summary = await applyPendingNotifications({ minAgeMs: 2_000 });
    if (summary.checked > 0) logger().info({ job: "notifications-apply", ...summary }, "notifications sweep");
  },
};

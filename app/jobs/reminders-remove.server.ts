import type PgBoss from "pg-boss";
import { QUEUE } from "~/lib/queue.server";
import { logger } from "~/lib/logger.server";
import { removeMarked } from "~/services/reminders/resolve.server";
import type { QueueDef } from "./queues.server";

/**
 * Removes reminders at GoPay that were marked for deletion (an order paid, a campaign's reminders
 * deleted), enqueued in the transaction that marked them. Idempotent: a reminder no longer marked
 * is skipped, and each removal carries its stored Request-Id. Unconfirmed removals make the job
 * fail so pg-boss retries it (with backoff); the minute sweep is the last resort.
 */
export const remindersRemoveQueue: QueueDef<{ ids?: string[] }> = {
  name: QUEUE.removeReminders,
  options: { name: QUEUE.removeReminders, retryLimit: 5, retryDelay: 10, retryBackoff: true },
  handler: async (jobs: PgBoss.Job<{ ids?: string[] }>[]) => {
    for (const job of jobs) {
      const ids = (job.data.ids ?? []).filter((x): x is string => typeof x === "string");
      const r = await removeMarked(ids);
      logger().info({ job: "reminders-remove", ...r }, "reminders removed at GoPay");
      if (r.pending > 0)
        throw new Error(`${r.pending} reminder removal(s) not confirmed by GoPay yet; retried`);
    }
  },
};

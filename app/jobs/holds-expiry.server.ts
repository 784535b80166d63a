import { sweepExpiredHolds } from "~/services/holds/sweep.server";
import { QUEUE } from "~/lib/queue.server";
import type { QueueDef } from "./queues.server";
import { logger } from "~/lib/logger.server";

/** Marks lapsed holds after confirming with GoPay, for when the expiry notification never came. */
export const holdsExpiryQueue: QueueDef = {
  name: QUEUE.expireHolds,
  cron: "* * * * *",
  options: { name: QUEUE.expireHolds, retryLimit: 0, policy: "singleton" },
  handler: async () => {
    const summary = await sweepExpiredHolds();
    if (summary.checked > 0) logger().info({ job: "holds-expiry", ...summary }, "holds expiry sweep");
  },
};

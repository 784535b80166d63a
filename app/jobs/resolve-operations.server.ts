import "~/services/operations/resolvers.server";
import { resolveUnsettledOperations } from "~/services/operations/resolve.server";
import { QUEUE } from "~/lib/queue.server";
import type { QueueDef } from "./queues.server";
import { logger } from "~/lib/logger.server";

/** Settles unknown outcomes by status query; every minute, and soon after an unknown appears. */
export const resolveOperationsQueue: QueueDef = {
  name: QUEUE.resolveOperations,
  cron: "* * * * *",
  options: { name: QUEUE.resolveOperations, retryLimit: 0, policy: "singleton" },
  handler: async () => {
    const summary = await resolveUnsettledOperations({ staleMs: 60_000 });
    if (summary.checked > 0) logger().info({ job: "operations-resolve", ...summary }, "unknown operations resolved");
  },
};

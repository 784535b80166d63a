import { QUEUE } from "~/lib/queue.server";
import { logger } from "~/lib/logger.server";
import { resolveReminders } from "~/services/reminders/resolve.server";
import type { QueueDef } from "./queues.server";

/** Every minute: reminders whose creation or removal answer was lost are sent again with their own Request-Ids. */
export const remindersResolveQueue: QueueDef = {
  name: QUEUE.resolveReminders,
  cron: "* * * * *",
  options: { name: QUEUE.resolveReminders, retryLimit: 0, policy: "singleton" },
  handler: async () => {
    const s = await resolveReminders({ staleMs: 60_000 });
    if (s.settled + s.removed + s.stillUnknown + s.settledOrders > 0)
      logger().info({ job: "reminders-resolve", ...s }, "reminders resolved");
  },
};

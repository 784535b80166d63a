import { expireApprovals } from "~/services/approvals/approvals.server";
import { QUEUE } from "~/lib/queue.server";
import type { QueueDef } from "./queues.server";
import { logger } from "~/lib/logger.server";

/** Approvals not decided within 24 h expire; the service also refuses expired ones, so a late sweep is harmless. */
export const approvalsExpireQueue: QueueDef = {
  name: QUEUE.expireApprovals,
  cron: "*/5 * * * *",
  options: { name: QUEUE.expireApprovals, retryLimit: 0, policy: "singleton" },
  handler: async () => {
    const n = await expireApprovals();
    if (n > 0) logger().info({ job: "approvals-expire", expired: n }, "approvals expired");
  },
};

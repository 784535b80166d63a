import { expireApprovals } from "~/services/approvals/approvals.server";
import type { QueueDef } from "./queues.server";

/** Approvals not decided within 24 h expire; the service also refuses expired ones, so a late sweep is harmless. */
export const approvalsExpireQueue: QueueDef = {
  name: "approvals-expire",
  cron: "*/5 * * * *",
  options: { name: "approvals-expire", retryLimit: 0, policy: "singleton" },
  handler: async () => {
    const n = await expireApprovals();
    if (n > 0) console.warn("[jobs] approvals-expire", n);
  },
};

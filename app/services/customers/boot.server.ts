import type { BootTask } from "~/boot.server";
import { db } from "~/db/client.server";
import { logger } from "~/lib/logger.server";
import { backfillCustomerLinks } from "./match.server";

/**
 * Boot task: links orders and pay accounts that have no customer yet (rows from before customers
 * were linked, rows written by bulk paths) and fills missing search names. Re-runnable and cheap
 * when there is nothing to do; in the background so a large first backfill does not delay serving.
 * Also `npm run customers:backfill`.
 */
export const customerLinksBootTask: BootTask = async () => {
  void backfillCustomerLinks(db())
    .then((r) => logger().info({ backfill: r }, "customer links backfilled"))
    .catch((err: unknown) => logger().error({ err }, "customer links backfill failed"));
};

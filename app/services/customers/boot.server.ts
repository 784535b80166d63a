import type { BootTask } from "~/boot.server";
import { getDbHandle, withAdvisoryTryLock, type DbHandle } from "~/db/client.server";
import { logger } from "~/lib/logger.server";
import { backfillCustomerLinks, type BackfillResult } from "./match.server";

/** The advisory lock one process holds while it backfills customer links (the others skip). */
export const CUSTOMER_BACKFILL_LOCK_KEY = "loket:customer-backfill";

/**
 * Runs the customer-link backfill unless another process on the same database is running it now:
 * with N app processes booting together, one walks the unlinked rows and the others skip, instead
 * of all N walking the same rows in lockstep (idempotent, but N times the work for as long as a
 * large import takes). A process that skips loses nothing: rows written later are linked when they
 * are written, and the next boot re-runs the backfill.
 */
export async function backfillCustomerLinksOnce(handle: DbHandle): Promise<BackfillResult | "busy"> {
  const r = await withAdvisoryTryLock(handle, CUSTOMER_BACKFILL_LOCK_KEY, () => backfillCustomerLinks(handle.db));
  return r.ran ? r.value : "busy";
}

/**
 * Boot task: links orders and pay accounts that have no customer yet (rows from before customers
 * were linked, rows written by bulk paths) and fills missing search names. Re-runnable and cheap
 * when there is nothing to do; in the background so a large first backfill does not delay serving.
 * Also `npm run customers:backfill`.
 */
export const customerLinksBootTask: BootTask = async () => {
  void backfillCustomerLinksOnce(getDbHandle())
    .then((r) =>
      r === "busy"
        ? logger().info("customer links: another process is backfilling them; this one skips")
        : logger().info({ backfill: r }, "customer links backfilled"),
    )
    .catch((err: unknown) => logger().error({ err }, "customer links backfill failed"));
};

import { and, eq, lte } from "drizzle-orm";
import { holds, orders } from "~db/schema";
import { db as appDb } from "~/db/client.server";
import { gopay, isGopayError } from "~/gopay/index.server";
import { QUEUE } from "~/lib/queue.server";
import { applyAfterCall, type HoldDeps } from "./actions.server";

export const HOLDS_EXPIRY_ACTOR = { email: `job:${QUEUE.expireHolds}` } as const;

export interface SweepSummary {
  checked: number;
  expired: number;
  released: number;
  captured: number;
  stillAuthorised: number;
  errors: number;
}

/**
 * Holds past expires_at that are still "authorised" here because no notification arrived: ask
 * GoPay (`GET /v2/{order_id}/status`) and apply what it says. Never marks a hold expired on our
 * clock alone — GoPay may have captured it, or may still hold it (clock skew). Idempotent.
 */
export async function sweepExpiredHolds(deps: HoldDeps & { limit?: number } = {}): Promise<SweepSummary> {
  const database = deps.database ?? appDb();
  const client = deps.client ?? gopay();
  const now = deps.now?.() ?? new Date();
  const due = await database
    .select({ hold: holds, order: orders })
    .from(holds)
    .innerJoin(orders, eq(orders.id, holds.orderId))
    .where(and(eq(holds.status, "authorised"), lte(holds.expiresAt, now)))
    .orderBy(holds.expiresAt)
    .limit(deps.limit ?? 100);
  const summary: SweepSummary = { checked: 0, expired: 0, released: 0, captured: 0, stillAuthorised: 0, errors: 0 };
  for (const { order } of due) {
    summary.checked++;
    try {
      const st = await client.core.status(order.orderId);
      // Audited as the job: a hold captured, released or expired here was found by the sweep.
      const after = await applyAfterCall(database, order, st.transactionStatus, null, now, HOLDS_EXPIRY_ACTOR);
      const s = after?.status ?? "authorised";
      if (s === "authorised") summary.stillAuthorised++;
      else summary[s]++;
    } catch (err) {
      if (!isGopayError(err)) throw err;
      summary.errors++;
    }
  }
  return summary;
}

import { and, eq, inArray, lt, or } from "drizzle-orm";
import { orders, reminders } from "~db/schema";
import type { OrderStatus } from "~db/schema";
import { audit } from "~/services/audit.server";
import { isPaidFamily } from "~/services/payments/state";
import { LIVE_REMINDER_STATUSES, markForDeletion } from "./delete.server";
import { deps, JOB_ACTOR, sendCreate, sendRemove, type ReminderDeps } from "./send.server";

export interface ResolveSummary {
  settled: number;
  removed: number;
  stillUnknown: number;
  /** Reminders marked for removal because their order was paid or closed unpaid by a path without the hook. */
  settledOrders: number;
}

/** An order in one of these can no longer be paid (paid already, or cancelled, expired, failed): its reminders go. */
const SETTLED_ORDER_STATUSES: readonly OrderStatus[] = ["paid", "partially_refunded", "refunded", "cancelled", "expired", "failed"];

/**
 * The sweep (every minute, and the removal job's fallback): sends again, with their own stored
 * Request-Ids, the creations whose answer was lost (unknown, or "creating" for longer than
 * `staleMs`: a process died mid-call) and the removals not confirmed yet; and marks for removal the
 * live reminders of orders that became paid, or closed unpaid, by any path (a resync, a missed hook).
 */
export async function resolveReminders(
  d: ReminderDeps & { staleMs?: number; now?: Date; limit?: number } = {},
): Promise<ResolveSummary> {
  const { client, database } = deps(d);
  const now = d.now ?? new Date();
  const stale = new Date(now.getTime() - (d.staleMs ?? 60_000));
  const limit = d.limit ?? 200;

  // Orders that were paid, or closed unpaid, by a path without the hook (a resync, a status
  // answer, an expiry): their live reminders are removed with the reason that fits.
  const onSettledOrders = await database.transaction(async (tx) => {
    // From the few live reminders to their orders (never from the many settled orders to reminders).
    const onSettled = await tx
      .select({ id: reminders.id, status: orders.status })
      .from(reminders)
      .innerJoin(orders, eq(orders.id, reminders.orderId))
      .where(
        and(
          inArray(reminders.status, [...LIVE_REMINDER_STATUSES]),
          inArray(orders.status, [...SETTLED_ORDER_STATUSES]),
        ),
      )
      .limit(limit);
    let count = 0;
    for (const reason of ["order_paid", "order_closed"] as const) {
      const ids = onSettled.filter((r) => (isPaidFamily(r.status) ? "order_paid" : "order_closed") === reason).map((r) => r.id);
      if (!ids.length) continue;
      const marked = await markForDeletion(tx, inArray(reminders.id, ids), reason);
      if (!marked.length) continue;
      await audit(tx, {
        actor: JOB_ACTOR,
        action: "reminder.delete",
        targetType: "reminders",
        targetId: reason,
        result: "pending",
        detail: { reason, ids: marked.map((m) => m.id) },
      });
      count += marked.length;
    }
    return count;
  });

  const due = await database
    .select({ id: reminders.id, status: reminders.status })
    .from(reminders)
    .where(
      or(
        inArray(reminders.status, ["unknown", "deleting"]),
        and(eq(reminders.status, "creating"), lt(reminders.updatedAt, stale)),
      ),
    )
    .orderBy(reminders.updatedAt)
    .limit(limit);
  const summary: ResolveSummary = { settled: 0, removed: 0, stillUnknown: 0, settledOrders: onSettledOrders };
  for (const r of due) {
    if (r.status === "deleting") {
      const after = await sendRemove(r.id, { client, database });
      if (after?.status === "deleted") summary.removed++;
      else summary.stillUnknown++;
    } else {
      const after = await sendCreate(r.id, { client, database }, { auditAs: "reminder.create_resolved" });
      // Settled: GoPay answered (active with its id, or refused: failed).
      if (after && (after.status === "active" || after.status === "failed" || after.reminderId))
        summary.settled++;
      else summary.stillUnknown++;
    }
  }
  return summary;
}

/** The removal job's work: these reminders, if still marked. Throws when some stay unconfirmed, so pg-boss retries later. */
export async function removeMarked(
  ids: string[],
  d: ReminderDeps = {},
): Promise<{ deleted: number; pending: number }> {
  const { client, database } = deps(d);
  let deleted = 0;
  let pending = 0;
  for (const id of ids) {
    const after = await sendRemove(id, { client, database });
    if (after?.status === "deleting") pending++;
    else if (after?.status === "deleted") deleted++;
  }
  return { deleted, pending };
}

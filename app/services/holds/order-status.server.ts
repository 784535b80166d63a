import { eq } from "drizzle-orm";
import { orderEvents, orders, type OrderStatus } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { audit, type AuditActor } from "~/services/audit.server";
import { decide, isPaidFamily, isTerminalFailure, mapCoreStatus, STATUS_RANK, targetOf } from "~/services/payments/state";
import type { HoldRow } from "./apply.server";

type OrderRow = typeof orders.$inferSelect;

/**
 * A pre-auth order follows what GoPay's status says of its hold, in the transaction that changed
 * the hold (a capture → paid, a release → cancelled, a lapse → expired). Without this an order
 * whose hold was settled by a staff action, the expiry sweep or the resolver stayed "authorised"
 * until a notification arrived, and forever when none did. Forward only (INGEST's `decide`): a
 * notification that already moved the order, or arrives later, changes nothing twice.
 * Call with the order row locked; `cur` is that fresh row. Audited as `actor`.
 */
export async function applyHoldOrderStatus(
  tx: DbOrTx,
  cur: OrderRow,
  gopayStatus: string,
  hold: HoldRow | null,
  actor: AuditActor,
  now: Date,
): Promise<OrderStatus | null> {
  if (cur.channel !== "preauth") return null;
  const mapping = mapCoreStatus(gopayStatus, { holdExpired: gopayStatus === "cancel" && hold?.status === "expired" });
  if (mapping.kind !== "status") return null; // refunds: REFUNDS' own paths
  const target = targetOf(cur, { gopayStatus, kind: "status", status: mapping.status });
  if (decide(cur, target) !== "apply") return null;
  const to = target.status;
  const enteringPaid = isPaidFamily(to) && !isPaidFamily(cur.status);
  const paidAmount = enteringPaid && cur.paidAmount === 0n ? (hold?.amount ?? cur.amount) : undefined;
  await tx
    .update(orders)
    .set({
      status: to,
      statusRank: STATUS_RANK[to],
      gopayStatus,
      paidAmount,
      paidAt: enteringPaid && !cur.paidAt ? now : undefined,
      closedAt: isTerminalFailure(to) && !cur.closedAt ? now : undefined,
      updatedAt: now,
    })
    .where(eq(orders.id, cur.id));
  const label = actor.email ?? "loket";
  await tx.insert(orderEvents).values({
    orderId: cur.id,
    kind: "status.changed",
    title: to === "paid" ? "Paid at GoPay (hold captured)" : `Status ${cur.status.replace("_", " ")} → ${to.replace("_", " ")}`,
    actorId: actor.id ?? null,
    actorLabel: label,
    detail: { before: cur.status, after: to, gopayStatus, source: "status", holdId: hold?.id ?? null },
  });
  await audit(tx, {
    actor,
    action: "order.status_changed",
    targetType: "order",
    targetId: cur.orderId,
    amount: isPaidFamily(to) ? (paidAmount ?? cur.paidAmount) : cur.amount,
    result: "ok",
    detail: { from: cur.status, to, gopayStatus, holdId: hold?.id ?? null, confirmedBy: "status" },
  });
  return to;
}

import { and, eq } from "drizzle-orm";
import { holds, orders, refunds } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { refundableNow, type Refundable } from "./refundable";
import { orderTimeline, type TimelineEntry } from "./timeline.server";

export type OrderRow = typeof orders.$inferSelect;
export type HoldRow = typeof holds.$inferSelect;

export interface OrderView {
  order: OrderRow;
  refundable: Refundable;
  hold: HoldRow | null;
  timeline: TimelineEntry[];
}

export async function findOrderByOrderId(db: DbOrTx, orderId: string): Promise<OrderRow | undefined> {
  const [o] = await db.select().from(orders).where(eq(orders.orderId, orderId)).limit(1);
  return o;
}

/** The order page's data, by our order id; undefined when there is no such order. */
export async function getOrderView(db: DbOrTx, orderId: string, now: Date = new Date()): Promise<OrderView | undefined> {
  const order = await findOrderByOrderId(db, orderId);
  if (!order) return undefined;
  const [refundRows, holdRows, timeline] = await Promise.all([
    db.select({ amount: refunds.amount, status: refunds.status }).from(refunds).where(eq(refunds.orderId, order.id)),
    db.select().from(holds).where(eq(holds.orderId, order.id)).limit(1),
    orderTimeline(db, order),
  ]);
  return {
    order,
    refundable: refundableNow(order, refundRows, now),
    hold: holdRows[0] ?? null,
    timeline,
  };
}

/** Is this hold the order's own? (A capture or release posted to an order's page acts only on its hold.) */
export async function isHoldOfOrder(db: DbOrTx, holdId: string, orderUuid: string): Promise<boolean> {
  const [row] = await db.select({ id: holds.id }).from(holds).where(and(eq(holds.id, holdId), eq(holds.orderId, orderUuid))).limit(1);
  return Boolean(row);
}

import { randomUUID } from "node:crypto";
import { holds, notifications, operations, orderEvents, orders, refunds } from "../../db/schema";
import type { DbOrTx } from "../../app/db/client.server";

/**
 * Test data inserted straight into the test database (no services, no GoPay): each helper fills
 * sensible defaults and takes overrides. Shared by integration and e2e tests.
 */
type NewOrder = typeof orders.$inferInsert;
type NewNotification = typeof notifications.$inferInsert;
type NewRefund = typeof refunds.$inferInsert;
type NewOperation = typeof operations.$inferInsert;
type NewHold = typeof holds.$inferInsert;
type NewOrderEvent = typeof orderEvents.$inferInsert;

let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString().padStart(5, "0")}`;

export function orderDefaults(over: Partial<NewOrder> = {}): NewOrder {
  const n = next();
  const status = over.status ?? "paid";
  const amount = over.amount ?? 150_000_00n;
  const paid = ["paid", "partially_refunded", "refunded"].includes(status);
  return {
    orderId: `ORD-${n}`,
    gopayReference: `GP${n}`,
    channel: "deeplink",
    paymentOption: "GOPAY_WALLET",
    status,
    amount,
    paidAmount: paid ? amount : 0n,
    refundedAmount: status === "refunded" ? amount : 0n,
    customerName: "Siti Rahma",
    customerPhone: "6281234567890",
    customerEmail: "siti@example.com",
    popId: "POP-1",
    createdAt: new Date(),
    paidAt: paid ? (over.createdAt ?? new Date()) : null,
    ...over,
  };
}

export async function insertOrder(db: DbOrTx, over: Partial<NewOrder> = {}) {
  const [row] = await db.insert(orders).values(orderDefaults(over)).returning();
  return row!;
}

export async function insertOrders(db: DbOrTx, list: Partial<NewOrder>[]) {
  if (list.length === 0) return [];
  return db.insert(orders).values(list.map((o) => orderDefaults(o))).returning();
}

export async function insertNotification(db: DbOrTx, over: Partial<NewNotification> & { reference: string }) {
  const body = over.rawBody ?? JSON.stringify({ originalPartnerReferenceNo: over.reference, latestTransactionStatus: "00" });
  const [row] = await db
    .insert(notifications)
    .values({
      source: "snap_debit",
      headers: { "content-type": "application/json" },
      rawBody: body,
      signatureValid: true,
      verification: "ok",
      statusCode: "00",
      receivedAt: new Date(),
      ...over,
    })
    .returning();
  return row!;
}

export async function insertRefund(db: DbOrTx, over: Partial<NewRefund> & { orderId: string; amount: bigint }) {
  const [row] = await db
    .insert(refunds)
    .values({ partnerRefundNo: randomUUID(), reasonCode: "customer_request", status: "succeeded", ...over })
    .returning();
  return row!;
}

export async function insertOperation(db: DbOrTx, over: Partial<NewOperation> & { kind: string }) {
  const [row] = await db
    .insert(operations)
    .values({ idempotencyKey: randomUUID(), status: "succeeded", attempts: 1, ...over })
    .returning();
  return row!;
}

export async function insertHold(db: DbOrTx, over: Partial<NewHold> & { orderId: string; amount: bigint }) {
  const now = new Date();
  const [row] = await db
    .insert(holds)
    .values({ authorisedAt: now, expiresAt: new Date(now.getTime() + 7 * 86_400_000), ...over })
    .returning();
  return row!;
}

export async function insertOrderEvent(db: DbOrTx, over: Partial<NewOrderEvent> & { orderId: string }) {
  const [row] = await db.insert(orderEvents).values({ kind: "sync", title: "Status synced", ...over }).returning();
  return row!;
}

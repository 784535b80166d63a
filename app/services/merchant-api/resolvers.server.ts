import { eq } from "drizzle-orm";
import { orders } from "~db/schema";
import { db } from "~/db/client.server";
import { gopay, isGopayError, type GopayClient } from "~/gopay/index.server";
import { newIdempotencyKey } from "~/lib/ids.server";
import type { Resolution } from "~/services/operations/resolve.server";
import type { Operation } from "~/services/operations/operations.server";
import { applyChargeResult } from "./charges.server";
import { applyPaymentCreated, snapRequestOf } from "./payments.server";

/**
 * Settles a payment.create whose outcome is unknown: a SNAP status query with
 * originalExternalId = the operation's key (and a FRESH X-EXTERNAL-ID for the query itself).
 * - not found → GoPay never applied it → failed (the order is marked failed);
 * - found → succeeded; the order gets GoPay's referenceNo. The status answer carries no
 *   webRedirectUrl, so for a still-pending payment the original request is re-sent with the SAME
 *   X-EXTERNAL-ID and body: GoPay replays its stored response (contract §1.3), nothing new is created.
 */
export async function resolvePaymentCreate(op: Operation, client: GopayClient = gopay()): Promise<Resolution> {
  if (!op.orderId) return { status: "failed", message: "operation has no order" };
  const [order] = await db().select().from(orders).where(eq(orders.id, op.orderId)).limit(1);
  if (!order) return { status: "failed", message: "order row missing" };
  let status;
  try {
    status = await client.snap.status({ externalId: newIdempotencyKey(), originalExternalId: op.idempotencyKey, serviceCode: "54" });
  } catch (err) {
    if (isGopayError(err) && err.kind === "not_found") {
      await db().update(orders).set({ status: "failed", closedAt: new Date(), updatedAt: new Date() }).where(eq(orders.id, order.id));
      return { status: "failed", message: "GoPay has no payment for this X-EXTERNAL-ID: it was never created", responseCode: err.responseCode };
    }
    return { status: "unknown", message: err instanceof Error ? err.message : String(err) };
  }
  let response: unknown = status;
  if (!order.webRedirectUrl && status.latestTransactionStatus === "03") {
    try {
      const replay = await client.snap.payment(snapRequestOf(order, op.idempotencyKey));
      await applyPaymentCreated(order.id, replay);
      response = replay;
    } catch {
      // The payment exists; only its links are missing. Record the reference and settle anyway.
    }
  }
  if (!order.gopayReference) await db().update(orders).set({ gopayReference: status.originalReferenceNo, updatedAt: new Date() }).where(eq(orders.id, order.id));
  return { status: "succeeded", response, responseCode: status.responseCode };
}

/** A charge whose answer was lost: Core `GET /v2/{order_id}/status`; 404 → never created → failed. */
export async function resolveCharge(op: Operation, client: GopayClient = gopay()): Promise<Resolution> {
  if (!op.orderId || !op.targetId) return { status: "failed", message: "operation has no order" };
  try {
    const tx = await client.core.status(op.targetId);
    await applyChargeResult(op.orderId, tx);
    return { status: "succeeded", response: tx, responseCode: tx.statusCode };
  } catch (err) {
    if (isGopayError(err) && err.kind === "not_found") {
      await db().update(orders).set({ status: "failed", closedAt: new Date(), updatedAt: new Date() }).where(eq(orders.id, op.orderId));
      return { status: "failed", message: "GoPay has no transaction for this order: the charge was never made" };
    }
    return { status: "unknown", message: err instanceof Error ? err.message : String(err) };
  }
}

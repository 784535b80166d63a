import { eq } from "drizzle-orm";
import { operations, orderEvents, orders } from "~db/schema";
import { STATUS_RANK } from "~/services/payments/state";
import { db } from "~/db/client.server";
import { gopay, type SnapPaymentRequest, type SnapPaymentResponse } from "~/gopay/index.server";
import { env } from "~/env.server";
import { claimOperation, executeOperation, type Operation } from "~/services/operations/operations.server";
import { audit } from "~/services/audit.server";
import { upsertCustomer } from "~/services/customers/customers.server";
import { linkOrder } from "~/services/customers/match.server";
import type { ApiCaller } from "~/services/api-keys/api-keys.server";
import { ApiError, orderExists } from "./errors";
import type { ApiResult } from "./idempotency.server";
import type { CreatePaymentInput } from "./schemas";

export const PAYMENT_CREATE = "payment.create";
const DEFAULT_VALID_MINUTES = 15;

type OrderRow = typeof orders.$inferSelect;

/** `gopay://merchanttransfer?<query of webRedirectUrl>` — what the mini app hands to launchPayment (contract §1.8). */
export function deeplinkFrom(webRedirectUrl: string): string {
  const q = webRedirectUrl.indexOf("?");
  return `gopay://merchanttransfer?${q >= 0 ? webRedirectUrl.slice(q + 1) : ""}`;
}

/**
 * The exact SNAP request of an order. Rebuilt from what was stored at claim time (validUpTo
 * included), so a retry or the resolver sends byte-identical bodies under the same X-EXTERNAL-ID
 * (a different body under the same id would be a 409 at GoPay).
 */
export function snapRequestOf(order: OrderRow, externalId: string): SnapPaymentRequest {
  const meta = (order.metadata ?? {}) as { returnUrl?: string; items?: { id?: string; name: string; price: string; quantity: number }[] };
  const [firstName, ...rest] = (order.customerName ?? "").split(" ");
  return {
    externalId,
    partnerReferenceNo: order.orderId,
    amount: order.amount,
    validUpTo: order.expiresAt ?? undefined,
    returnUrl: meta.returnUrl,
    pointOfPurchaseId: order.popId ?? undefined,
    customer:
      order.customerPhone || order.customerEmail || order.customerName
        ? { phone: order.customerPhone ?? undefined, email: order.customerEmail ?? undefined, firstName: firstName || undefined, lastName: rest.join(" ") || undefined }
        : undefined,
    items: meta.items?.map((i) => ({ id: i.id, name: i.name, price: BigInt(i.price), quantity: i.quantity })),
  };
}

export function paymentBody(order: OrderRow) {
  return {
    order_id: order.orderId,
    status: order.status,
    amount: order.amount,
    reference_no: order.gopayReference,
    web_redirect_url: order.webRedirectUrl,
    deeplink: order.deeplink,
    expires_at: order.expiresAt?.toISOString() ?? null,
  };
}

/** Writes what GoPay answered to the order (reference, links, validUpTo). Idempotent. */
export async function applyPaymentCreated(orderId: string, res: SnapPaymentResponse): Promise<OrderRow> {
  const validUpTo = res.additionalInfo?.validUpTo ? new Date(res.additionalInfo.validUpTo) : undefined;
  const [row] = await db()
    .update(orders)
    .set({
      gopayReference: res.referenceNo ?? null,
      webRedirectUrl: res.webRedirectUrl,
      deeplink: deeplinkFrom(res.webRedirectUrl),
      ...(validUpTo && !Number.isNaN(validUpTo.getTime()) ? { expiresAt: validUpTo } : {}),
      updatedAt: new Date(),
    })
    .where(eq(orders.id, orderId))
    .returning();
  return row!;
}

/**
 * POST /api/v1/payments: a GoPay deeplink payment via SNAP BI host-to-host. The order and the
 * operation row (X-EXTERNAL-ID = its key) commit first; then the call. A timeout after GoPay
 * applied it leaves the operation unknown → 202; the resolver settles it by a status query.
 */
export async function createPayment(input: CreatePaymentInput, caller: ApiCaller, key: string): Promise<ApiResult> {
  const claimed = await db().transaction(async (tx) => {
    const [existing] = await tx.select().from(orders).where(eq(orders.orderId, input.order_id)).limit(1);
    const { op, created } = await claimOperation(tx, {
      kind: PAYMENT_CREATE,
      idempotencyKey: key,
      targetType: "order",
      targetId: input.order_id,
      amount: input.amount,
      actorLabel: caller.label,
      request: { order_id: input.order_id, amount: input.amount, valid_minutes: input.valid_minutes ?? DEFAULT_VALID_MINUTES },
    });
    if (!created) {
      if (!existing) throw new Error(`operation ${op.id} has no order`);
      return { op, order: existing };
    }
    if (existing) throw orderExists(input.order_id);
    const customer = input.customer?.merchant_user_id
      ? await upsertCustomer(tx, { merchantUserId: input.customer.merchant_user_id, name: input.customer.name, phone: input.customer.phone, email: input.customer.email })
      : undefined;
    const expiresAt = new Date(Date.now() + (input.valid_minutes ?? DEFAULT_VALID_MINUTES) * 60_000);
    expiresAt.setMilliseconds(0); // GoPay's validUpTo has second precision: keep ours identical
    const [order] = await tx
      .insert(orders)
      .values({
        orderId: input.order_id,
        channel: "deeplink",
        status: "pending",
        statusRank: STATUS_RANK.pending,
        amount: input.amount,
        customerId: customer?.id ?? null,
        customerMatchedBy: customer ? "merchant_user_id" : null,
        customerName: input.customer?.name ?? customer?.name ?? null,
        customerPhone: input.customer?.phone ?? customer?.phone ?? null,
        customerEmail: input.customer?.email ?? customer?.email ?? null,
        popId: env().GOPAY_POP_ID,
        externalId: key,
        expiresAt,
        metadata: {
          source: caller.label,
          returnUrl: input.redirect_url,
          items: input.items?.map((i) => ({ id: i.id, name: i.name, price: i.price.toString(), quantity: i.quantity })),
        },
      })
      .onConflictDoNothing({ target: orders.orderId })
      .returning();
    if (!order) throw orderExists(input.order_id);
    // No merchant user id: the customer is found by phone, then email (or a guest is made).
    if (!order.customerId) await linkOrder(tx, order);
    await tx.update(operations).set({ orderId: order.id }).where(eq(operations.id, op.id));
    await tx.insert(orderEvents).values({ orderId: order.id, kind: "created", title: "Payment created via the merchant API", actorLabel: caller.label, operationId: op.id });
    return { op: { ...op, orderId: order.id } as Operation, order };
  });

  const { op, order } = claimed;
  if (op.status === "succeeded" && order.webRedirectUrl) return { status: 201, body: paymentBody(order) };
  if (op.status === "failed") return failedResult(op);

  // pending or unknown: (re)send under the SAME X-EXTERNAL-ID and body; GoPay replays a stored answer.
  const outcome = await executeOperation(op, () => gopay().snap.payment(snapRequestOf(order, key)), { responseCodeOf: (r) => r.responseCode });
  const base = { actor: { email: caller.label }, action: "payment.create", targetType: "order", targetId: input.order_id, amount: input.amount, idempotencyKey: key } as const;
  if (outcome.status === "succeeded") {
    const after = await applyPaymentCreated(order.id, outcome.result);
    await audit(db(), { ...base, result: "ok", detail: { referenceNo: after.gopayReference } });
    return { status: 201, body: paymentBody(after) };
  }
  if (outcome.status === "failed") {
    await db().update(orders).set({ status: "failed", statusRank: STATUS_RANK.failed, closedAt: new Date(), updatedAt: new Date() }).where(eq(orders.id, order.id));
    await audit(db(), { ...base, result: "failed", detail: { responseCode: outcome.responseCode, message: outcome.message } });
    return failedResult(outcome.op);
  }
  await audit(db(), { ...base, result: "unknown", detail: { message: outcome.message } });
  return {
    status: 202,
    body: {
      order_id: order.orderId,
      status: "unknown",
      message: "GoPay did not confirm the payment in time. Loket settles it with a status query; retry with the same Idempotency-Key to get the result.",
    },
  };
}

function failedResult(op: Operation): ApiResult {
  return {
    status: 502,
    body: new ApiError(502, "gopay_rejected", `GoPay refused the payment${op.responseCode ? ` (${op.responseCode})` : ""}: ${op.errorMessage ?? "no reason given"}.`).toBody(),
  };
}

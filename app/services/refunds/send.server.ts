import { and, eq } from "drizzle-orm";
import { orderEvents, orders, refunds } from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import { GopayError, isGopayError } from "~/gopay/errors";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { enqueue, QUEUE } from "~/lib/queue.server";
import { audit, type AuditActor } from "~/services/audit.server";
import { executeOperation, type Operation } from "~/services/operations/operations.server";
import { recomputeRefundedAmount, settleRefundRow } from "./apply.server";
import { logger } from "~/lib/logger.server";

export type RefundRow = typeof refunds.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;

export type SendOutcome =
  | { status: "succeeded"; refund: RefundRow }
  | { status: "failed"; refund: RefundRow; message: string }
  | { status: "unknown"; refund: RefundRow; message: string };

/** GoPay's refusals as sentences an agent can act on; anything else keeps GoPay's own words. */
export function refundFailureSentence(responseCode: string | undefined, gopayMessage: string): string {
  switch (responseCode) {
    case "4035802":
    case "414":
      return "GoPay says this is more than what is left to refund on this payment.";
    case "4035815":
      return "GoPay no longer allows a refund on this payment (not paid, or its refund window has closed).";
    case "4045801":
    case "404":
      return "GoPay cannot find this payment.";
    case "412":
      return "GoPay cannot refund this transaction in its current state.";
    default:
      return `GoPay refused the refund: ${gopayMessage}`;
  }
}

/**
 * The refund request itself, built only from the refund row and the order, so that sending it
 * again (the resolver, for an outcome that stayed unknown) is byte-for-byte the same request
 * under the same keys: X-EXTERNAL-ID + partnerRefundNo (SNAP), Idempotency-Key + refund_key (Core).
 * GoPay answers a repeat with the original refund or a definite refusal, never a second refund.
 */
export async function callGopayRefund(
  client: GopayClient,
  order: Pick<OrderRow, "channel" | "orderId" | "gopayReference">,
  refund: Pick<RefundRow, "partnerRefundNo" | "amount" | "reasonText" | "reasonCode">,
): Promise<{ responseCode: string | undefined; refundNo: string | null; raw: unknown }> {
  const reason = refund.reasonText ?? refund.reasonCode;
  if (order.channel === "deeplink") {
    const r = await client.snap.refund({
      externalId: refund.partnerRefundNo,
      originalReferenceNo: order.gopayReference ?? undefined,
      originalPartnerReferenceNo: order.orderId,
      partnerRefundNo: refund.partnerRefundNo,
      amount: refund.amount,
      reason,
    });
    return { responseCode: r.responseCode, refundNo: r.refundNo ?? null, raw: r };
  }
  const r = await client.core.refund({
    idempotencyKey: refund.partnerRefundNo,
    orderId: order.orderId,
    refundKey: refund.partnerRefundNo,
    amount: refund.amount,
    reason,
  });
  // Core answers 202 to a repeat of an Idempotency-Key whose first request is still being processed
  // (contract §2): not a refund made, not a refusal — the outcome is still unknown.
  if (r.statusCode !== undefined && r.statusCode !== "200" && r.statusCode !== "201") {
    throw new GopayError({
      kind: "server",
      api: "core",
      operation: "core.refund",
      message: `GoPay answered ${r.statusCode} (${r.statusMessage ?? "in progress"}): the refund is not confirmed yet`,
      responseCode: r.statusCode,
      retryable: true,
      outcomeUnknown: true,
      requestId: refund.partnerRefundNo,
      body: r,
    });
  }
  return { responseCode: r.statusCode, refundNo: null, raw: r };
}

/**
 * A GoPay refusal of a refund request that proves no refund exists under its key: GoPay looked at
 * the refund itself (amount left, payment state, window, payment not found) and said no. An auth,
 * signature, conflict, rate-limit or malformed-request error says nothing about the refund: the
 * request was not evaluated, so an earlier attempt under the same key may still have been made.
 */
export function isDefiniteRefusal(err: unknown): err is GopayError {
  if (!isGopayError(err) || err.outcomeUnknown) return false;
  if (err.kind === "not_permitted" || err.kind === "not_found") return true;
  return err.api === "core" && err.responseCode === "414"; // invalid amount: more than what is left
}

/**
 * Makes the refund call for a claimed operation (after the claiming transaction committed) and
 * records the outcome on the refund row, the order and the audit log. Deeplink payments go
 * through SNAP BI, tokenized / pre-auth charges through the Core API; both are keyed by the
 * refund's partnerRefundNo, so a retry of this function never refunds twice at GoPay.
 */
export async function sendRefund(
  refund: RefundRow,
  order: OrderRow,
  op: Operation,
  actor: AuditActor,
  opts: { client?: GopayClient; database?: DbOrTx } = {},
): Promise<SendOutcome> {
  const client = opts.client ?? gopay();
  const database = opts.database ?? appDb();
  const result = await executeOperation(op, () => callGopayRefund(client, order, refund), { responseCodeOf: (r) => r.responseCode, database });

  if (result.status === "succeeded") {
    const updated = await database.transaction(async (tx) => {
      const [locked] = await tx.select().from(orders).where(eq(orders.id, order.id)).for("update");
      const [row] = await tx.select().from(refunds).where(eq(refunds.id, refund.id));
      // The resolver or a notification may have settled it while this call waited: then its
      // outcome is already audited by whoever moved the row, and this call moved nothing.
      const moved = row ? await settleRefundRow(tx, row, { status: "succeeded", refundNo: result.result.refundNo, source: "GoPay answer" }) : false;
      if (locked) await recomputeRefundedAmount(tx, locked);
      if (moved) await audit(tx, {
        actor,
        action: "refund.succeeded",
        targetType: "order",
        targetId: order.orderId,
        amount: refund.amount,
        idempotencyKey: refund.partnerRefundNo,
        result: "ok",
        detail: { refundNo: result.result.refundNo, responseCode: result.result.responseCode },
      });
      const [after] = await tx.select().from(refunds).where(eq(refunds.id, refund.id));
      return after ?? refund;
    });
    return { status: "succeeded", refund: updated };
  }

  if (result.status === "failed") {
    const message = refundFailureSentence(result.responseCode, result.message);
    const updated = await database.transaction(async (tx) => {
      await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, order.id)).for("update");
      const [row] = await tx.select().from(refunds).where(eq(refunds.id, refund.id));
      const moved = row ? await settleRefundRow(tx, row, { status: "failed", failureMessage: message, source: "GoPay answer" }) : false;
      if (moved) await audit(tx, {
        actor,
        action: "refund.failed",
        targetType: "order",
        targetId: order.orderId,
        amount: refund.amount,
        idempotencyKey: refund.partnerRefundNo,
        result: "failed",
        detail: { responseCode: result.responseCode, gopayMessage: result.message, message },
      });
      const [after] = await tx.select().from(refunds).where(eq(refunds.id, refund.id));
      return after ?? refund;
    });
    return { status: "failed", refund: updated, message };
  }

  // Unknown: GoPay may or may not have refunded. Money stays reserved; the resolve job asks
  // GoPay's status (never a new key) and a notification with refundHistory may settle it first.
  const updated = await database.transaction(async (tx) => {
    const [row] = await tx
      .update(refunds)
      .set({ status: "unknown", updatedAt: new Date() })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, "pending"))) // a notification may have settled it already
      .returning();
    if (row) {
      await tx.insert(orderEvents).values({
        orderId: order.id,
        kind: "refund.unknown",
        title: `Refund ${refund.partnerRefundNo}: waiting for GoPay`,
        actorLabel: "refunds",
        operationId: op.id,
        detail: { partnerRefundNo: refund.partnerRefundNo, message: result.message },
      });
    }
    await audit(tx, {
      actor,
      action: "refund.unknown",
      targetType: "order",
      targetId: order.orderId,
      amount: refund.amount,
      idempotencyKey: refund.partnerRefundNo,
      result: "unknown",
      detail: { message: result.message },
    });
    const [current] = row ? [row] : await tx.select().from(refunds).where(eq(refunds.id, refund.id));
    return current ?? refund;
  });
  // Ask GoPay now rather than at the next cron minute: the agent is looking at "Waiting for
  // GoPay". A no-op when jobs do not run in this process; a failure to enqueue only delays it.
  await enqueue(QUEUE.resolveOperations, {}).catch((err: unknown) => logger().warn({ err }, "could not enqueue operations-resolve"));
  return { status: "unknown", refund: updated, message: result.message };
}

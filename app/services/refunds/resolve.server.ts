import { eq } from "drizzle-orm";
import { orders, refunds } from "~db/schema";
import { db as appDb } from "~/db/client.server";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { audit } from "~/services/audit.server";
import type { Operation } from "~/services/operations/operations.server";
import { registerResolver, type Resolution } from "~/services/operations/resolve.server";
import { applyRefundHistory, recomputeRefundedAmount, settleRefundRow } from "./apply.server";
import { readExternalId } from "./keys.server";

const NOT_AT_GOPAY = "GoPay has no record of this refund: it was not made. Nothing was refunded.";

/**
 * Settles a refund whose outcome is unknown by asking GoPay for the payment's status (never by
 * sending the refund again with a new key): our partnerRefundNo / refund_key in the refund
 * history → succeeded (applied through applyRefundHistory); absent → failed (the money is
 * released for a new attempt). Idempotent: a settled refund is left as it is.
 */
export async function resolveRefundOperation(op: Operation, client: GopayClient = gopay()): Promise<Resolution> {
  const database = appDb();
  const [refund] = await database.select().from(refunds).where(eq(refunds.partnerRefundNo, op.idempotencyKey));
  if (!refund) return { status: "failed", message: "No refund row for this operation." };
  if (refund.status === "succeeded") return { status: "succeeded" };
  if (refund.status === "failed") return { status: "failed", message: refund.failureMessage ?? "failed" };
  const [order] = await database.select().from(orders).where(eq(orders.id, refund.orderId));
  if (!order) return { status: "failed", message: "Order missing." };

  let found: { refundNo?: string | null; status?: string } | undefined;
  let history: Parameters<typeof applyRefundHistory>[2] = [];
  if (order.channel === "deeplink") {
    const s = await client.snap.status({
      externalId: readExternalId(),
      originalReferenceNo: order.gopayReference ?? undefined,
      originalExternalId: order.externalId ?? undefined,
    });
    history = s.refunds;
    found = s.refunds.find((r) => r.partnerRefundNo === refund.partnerRefundNo);
  } else {
    const t = await client.core.status(order.orderId);
    const hit = t.refunds.find((r) => r.refundKey === refund.partnerRefundNo);
    found = hit ? { status: "00" } : undefined;
  }

  await database.transaction(async (tx) => {
    const [locked] = await tx.select().from(orders).where(eq(orders.id, order.id)).for("update");
    const [row] = await tx.select().from(refunds).where(eq(refunds.id, refund.id));
    if (!locked || !row) return;
    if (found && history.length) {
      await applyRefundHistory(tx, locked, history, null);
    } else if (found) {
      await settleRefundRow(tx, row, { status: found.status === "06" ? "failed" : "succeeded", source: "status query" });
      await recomputeRefundedAmount(tx, locked);
    } else {
      await settleRefundRow(tx, row, { status: "failed", failureMessage: NOT_AT_GOPAY, source: "status query" });
    }
    const [after] = await tx.select().from(refunds).where(eq(refunds.id, refund.id));
    await audit(tx, {
      actor: { email: "job:operations-resolve" },
      action: `refund.${after?.status === "succeeded" ? "succeeded" : "failed"}`,
      targetType: "order",
      targetId: order.orderId,
      amount: refund.amount,
      idempotencyKey: refund.partnerRefundNo,
      result: after?.status === "succeeded" ? "ok" : "failed",
      detail: { resolvedBy: "status query" },
    });
  });
  const [final] = await database.select().from(refunds).where(eq(refunds.id, refund.id));
  return final?.status === "succeeded"
    ? { status: "succeeded" }
    : { status: "failed", message: final?.failureMessage ?? NOT_AT_GOPAY };
}

registerResolver("refund", (op) => resolveRefundOperation(op));

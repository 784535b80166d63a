import { eq } from "drizzle-orm";
import { orders } from "~db/schema";
import { db } from "~/db/client.server";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { QUEUE } from "~/lib/queue.server";
import { audit } from "~/services/audit.server";
import type { Resolution } from "~/services/operations/resolve.server";
import type { Operation } from "~/services/operations/operations.server";
import { applyAfterCall, HOLD_OP_KIND } from "./actions.server";

const RESOLVE_ACTOR = { email: `job:${QUEUE.resolveOperations}` } as const;

/**
 * Settles a capture or release whose outcome was unknown (timeout, 5xx, dropped answer) by asking
 * GoPay for the transaction's status — never by sending it again with a new key. The status is
 * also applied to the hold, so the hold and the operation agree.
 */
export async function resolveHoldOperation(op: Operation, client: GopayClient = gopay()): Promise<Resolution> {
  if (!op.orderId) return { status: "failed", message: "operation has no order" };
  const database = db();
  const [order] = await database.select().from(orders).where(eq(orders.id, op.orderId)).limit(1);
  if (!order) return { status: "failed", message: "order not found" };
  const st = await client.core.status(order.orderId);
  const s = st.transactionStatus;
  const isCapture = op.kind === HOLD_OP_KIND.capture;
  const done = isCapture ? s === "capture" || s === "settlement" || s === "refund" || s === "partial_refund" : s === "cancel";
  const settled = async (res: Resolution & { status: "succeeded" | "failed" }): Promise<Resolution> => {
    // The final outcome of an operation that was unknown is a change of money state: audited as
    // the job that learned it, with the operation's key.
    await audit(database, {
      actor: RESOLVE_ACTOR,
      action: isCapture ? "hold.capture.resolved" : "hold.release.resolved",
      targetType: "hold",
      targetId: op.targetId,
      amount: op.amount,
      idempotencyKey: op.idempotencyKey,
      result: res.status === "succeeded" ? "ok" : "failed",
      detail: { orderId: order.orderId, gopayStatus: s, message: res.status === "failed" ? res.message : undefined },
    });
    return res;
  };
  if (s === "authorize") {
    return settled({ status: "failed", message: `GoPay still holds the money: the ${isCapture ? "capture" : "release"} was not applied`, responseCode: st.statusCode });
  }
  // Apply before reporting: for a release, applyHoldPaymentState needs the operation not failed to
  // say "released" rather than "expired"; the resolve job settles the row right after.
  await applyAfterCall(database, order, s, null, new Date(), RESOLVE_ACTOR);
  if (done) return settled({ status: "succeeded", response: { transactionStatus: s }, responseCode: st.statusCode });
  return settled({ status: "failed", message: `GoPay's transaction is ${s}: the ${isCapture ? "capture" : "release"} did not happen`, responseCode: st.statusCode });
}

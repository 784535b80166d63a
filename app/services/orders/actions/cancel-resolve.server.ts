import { eq } from "drizzle-orm";
import { orderEvents, orders } from "~db/schema";
import { db as appDb } from "~/db/client.server";
import { isGopayError } from "~/gopay/errors";
import { audit } from "~/services/audit.server";
import type { Operation } from "~/services/operations/operations.server";
import type { ResolveDeps, Resolution } from "~/services/operations/resolve.server";
import { resyncOrder } from "./resync.server";

/** GoPay's statuses that mean "the cancel happened" (SNAP 05 Canceled, Core cancel). */
const CANCELLED = new Set(["05", "cancel"]);
/**
 * Not definite: still open at GoPay (the cancel has not happened YET, it may still arrive), or
 * SNAP 07 "not found" (absence from a status answer is not an answer).
 */
const STILL_OPEN = new Set(["01", "02", "03", "07", "pending"]);

/**
 * Settles a cancel whose answer was lost: a status query (SNAP for deeplink orders, Core
 * otherwise, through resyncOrder so the order itself follows GoPay forward only).
 * - cancelled at GoPay → succeeded (the order is cancelled, its event and audit written);
 * - still pending → unknown: not cancelled YET is not "not cancelled"; asked again next pass;
 * - any other final state (paid, expired, failed, refunded) → failed: this cancel can never apply;
 * - no answer, or GoPay does not know the payment (absence is not an answer) → unknown.
 */
export async function resolveCancelOperation(op: Operation, deps: ResolveDeps = {}): Promise<Resolution> {
  const database = deps.database ?? appDb();
  if (!op.orderId) return { status: "unknown", message: "The cancel operation names no order; a person must look at it." };
  const actor = { id: op.actorId, email: op.actorLabel ?? "job:operations-resolve" };
  let gopayStatus: string;
  let orderId: string;
  try {
    const r = await resyncOrder({ orderId: op.orderId, actor: { id: null, email: "job:operations-resolve" } }, { client: deps.client, database });
    gopayStatus = r.gopayStatus;
    const [order] = await database.select({ orderId: orders.orderId }).from(orders).where(eq(orders.id, op.orderId));
    orderId = order?.orderId ?? op.targetId ?? "";
  } catch (err) {
    return { status: "unknown", message: isGopayError(err) || err instanceof Error ? err.message : String(err) };
  }
  if (STILL_OPEN.has(gopayStatus)) {
    return { status: "unknown", message: `GoPay still shows the payment open (${gopayStatus}): the cancel has not happened yet.` };
  }
  const done = CANCELLED.has(gopayStatus);
  await database.transaction(async (tx) => {
    if (done) {
      await tx.insert(orderEvents).values({ orderId: op.orderId!, kind: "cancel.succeeded", title: "Order cancelled at GoPay (confirmed by a status query)", actorId: op.actorId, actorLabel: op.actorLabel, operationId: op.id });
    }
    await audit(tx, {
      actor,
      action: "order.cancel",
      targetType: "order",
      targetId: orderId,
      idempotencyKey: op.idempotencyKey,
      result: done ? "ok" : "failed",
      detail: { resolvedBy: "status query", gopayStatus },
    });
  });
  if (done) return { status: "succeeded", response: { gopayStatus } };
  return { status: "failed", message: `GoPay's payment is ${gopayStatus}: the cancel did not happen.`, response: { gopayStatus } };
}

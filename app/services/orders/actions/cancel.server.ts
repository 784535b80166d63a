import { eq } from "drizzle-orm";
import { orderEvents, orders } from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { refused, type MoneyOutcome } from "~/lib/outcome";
import { audit, type AuditActor } from "~/services/audit.server";
import { claimOperation, executeOperation } from "~/services/operations/operations.server";
import { STATUS_RANK } from "~/services/payments/state";
import { removeRemindersOfOrder } from "~/services/reminders/delete.server";
import { resyncOrder } from "./resync.server";

export const PAID_MEANTIME = "This order was paid in the meantime — refund it instead.";

/** The money outcome vocabulary (app/lib/outcome.ts): refused, succeeded, failed or unknown. */
export type CancelResult = MoneyOutcome<"form">;

export const CANCEL_UNKNOWN: CancelResult = { status: "unknown", title: "Waiting for GoPay", description: "The outcome of the cancel is not known yet; it is checked automatically." };

/**
 * Cancels an unpaid (pending) order at GoPay: one key per intent (minted with the dialog), the
 * operation row claimed under the order lock before the call. If GoPay refuses because the
 * customer paid meanwhile (SNAP 4035715 / Core 412), nothing is changed here except a resync so
 * the page shows the payment.
 */
export async function cancelOrder(
  input: { orderId: string; key: string; actor: AuditActor; ip?: string | null },
  deps: { client?: GopayClient; database?: DbOrTx } = {},
): Promise<CancelResult> {
  const database = deps.database ?? appDb();
  const client = deps.client ?? gopay();
  if (!/^CX[0-9a-f]{32}$/.test(input.key)) return refused("form", "This form is out of date. Close it and open it again.");
  const step = await database.transaction(async (tx) => {
    // A non-UUID id is "does not exist", never Postgres 22P02 (whoever calls this).
    const [order] = isUuid(input.orderId) ? await tx.select().from(orders).where(eq(orders.id, input.orderId)).for("update") : [];
    if (!order) return { refused: "This order does not exist." };
    if (order.status !== "pending") return { refused: `A ${order.status.replace("_", " ")} order cannot be cancelled.` };
    const { op, created } = await claimOperation(tx, {
      kind: "cancel",
      idempotencyKey: input.key,
      orderId: order.id,
      targetType: "order",
      targetId: order.orderId,
      actorId: input.actor.id ?? null,
      actorLabel: input.actor.email ?? null,
    });
    if (created) await audit(tx, { actor: input.actor, action: "order.cancel", targetType: "order", targetId: order.orderId, idempotencyKey: input.key, result: "pending", ip: input.ip });
    return { order, op, created };
  });
  if (step.refused !== undefined || !step.order) return refused("form", step.refused ?? "Refused.");
  const { order, op } = step;
  if (!step.created) return refused("form", "This cancel was already sent.");

  const res = await executeOperation(
    op,
    async (): Promise<unknown> =>
      order.channel === "deeplink"
        ? client.snap.cancel({ externalId: input.key, originalReferenceNo: order.gopayReference ?? undefined, originalPartnerReferenceNo: order.orderId })
        : client.core.cancel(order.orderId, { idempotencyKey: input.key }),
    { database },
  );
  if (res.status === "succeeded") {
    await database.transaction(async (tx) => {
      const [cur] = await tx.select().from(orders).where(eq(orders.id, order.id)).for("update");
      if (cur?.status === "pending") {
        await tx.update(orders).set({ status: "cancelled", statusRank: STATUS_RANK.cancelled, closedAt: new Date(), updatedAt: new Date() }).where(eq(orders.id, order.id));
        // REMINDERS: a cancelled order can no longer be paid, so its payment reminders go too.
        await removeRemindersOfOrder(tx, order, "order_closed", input.actor);
      }
      await tx.insert(orderEvents).values({ orderId: order.id, kind: "cancel.succeeded", title: "Order cancelled at GoPay", actorId: input.actor.id ?? null, actorLabel: input.actor.email ?? null, operationId: op.id });
      await audit(tx, { actor: input.actor, action: "order.cancel", targetType: "order", targetId: order.orderId, idempotencyKey: input.key, result: "ok", ip: input.ip });
    });
    return { status: "succeeded", title: "Order cancelled" };
  }
  if (res.status === "failed") {
    const paidMeantime = res.responseCode === "4035715" || res.responseCode === "412";
    const message = paidMeantime ? PAID_MEANTIME : `GoPay refused the cancel: ${res.message}`;
    await audit(database, { actor: input.actor, action: "order.cancel", targetType: "order", targetId: order.orderId, idempotencyKey: input.key, result: "failed", detail: { responseCode: res.responseCode, message }, ip: input.ip });
    if (paidMeantime) await resyncOrder({ orderId: order.id, actor: input.actor, ip: input.ip }, { client, database }).catch(() => undefined);
    return { status: "failed", title: "Not cancelled", description: message };
  }
  await audit(database, { actor: input.actor, action: "order.cancel", targetType: "order", targetId: order.orderId, idempotencyKey: input.key, result: "unknown", detail: { message: res.message }, ip: input.ip });
  return CANCEL_UNKNOWN;
}

import { eq } from "drizzle-orm";
import { orderEvents, orders, PAYMENT_OPTIONS, type OrderStatus, type PaymentOption } from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { audit, type AuditActor } from "~/services/audit.server";
import { applyHoldPaymentState } from "~/services/holds/apply.server";
import { decide, mapCoreStatus, mapSnapStatus, STATUS_RANK, targetOf, type SnapMapping } from "~/services/payments/state";
import { applyRefundHistory, coreRefundHistory } from "~/services/refunds/apply.server";
import { readExternalId } from "~/services/refunds/keys.server";

export interface ResyncResult {
  gopayStatus: string;
  before: { status: OrderStatus; refundedAmount: bigint };
  after: { status: OrderStatus; refundedAmount: bigint };
  changed: boolean;
}

/**
 * Asks GoPay for the payment's status and applies it forward only (INGEST's mapping and
 * monotonic `decide`): a resync never moves an order back. GoPay's refund history (SNAP
 * `refundHistory`, Core `refunds[]`) goes through applyRefundHistory into the ledger. Writes an order_events "sync" row with before/after either way.
 */
export async function resyncOrder(
  input: { orderId: string; actor: AuditActor; ip?: string | null },
  deps: { client?: GopayClient; database?: DbOrTx } = {},
): Promise<ResyncResult> {
  const database = deps.database ?? appDb();
  const client = deps.client ?? gopay();
  const [order] = isUuid(input.orderId) ? await database.select().from(orders).where(eq(orders.id, input.orderId)) : [];
  if (!order) throw new Error("No such order.");

  let gopayStatus: string;
  let mapping: SnapMapping;
  let history: Parameters<typeof applyRefundHistory>[2] = [];
  let paidAmount: bigint | undefined;
  let payOption: string | undefined;
  if (order.channel === "deeplink") {
    const s = await client.snap.status({
      externalId: readExternalId(),
      originalReferenceNo: order.gopayReference ?? undefined,
      originalExternalId: order.externalId ?? undefined,
    });
    gopayStatus = s.latestTransactionStatus;
    mapping = mapSnapStatus(gopayStatus);
    history = s.refunds;
    paidAmount = s.amount;
    payOption = s.additionalInfo?.userPaymentDetails?.[0]?.payOption;
  } else {
    const t = await client.core.status(order.orderId);
    history = coreRefundHistory(t.refunds);
    gopayStatus = t.transactionStatus;
    mapping = mapCoreStatus(gopayStatus);
    paidAmount = t.grossAmount;
    payOption = t.paymentOptionType;
  }
  const paymentOption = (PAYMENT_OPTIONS as readonly string[]).includes(payOption ?? "") ? (payOption as PaymentOption) : undefined;

  return database.transaction(async (tx) => {
    const [cur] = await tx.select().from(orders).where(eq(orders.id, order.id)).for("update");
    if (!cur) throw new Error("No such order.");
    const before = { status: cur.status, refundedAmount: cur.refundedAmount };
    // A pre-auth order: the hold follows GoPay's status too, and a `cancel` of a hold that lapsed
    // is an expiry, not a cancel (the same rule as a notification, HOLDS' applyHoldPaymentState).
    if (cur.channel === "preauth") {
      // Audited as the staff member who asked (hold changes found by a resync are theirs, not "loket").
      const held = await applyHoldPaymentState(tx, cur, gopayStatus, null, { actor: input.actor });
      if (gopayStatus === "cancel" && held.hold?.status === "expired") mapping = mapCoreStatus(gopayStatus, { holdExpired: true });
    }
    if (mapping.kind === "status") {
      const target = targetOf(cur, { gopayStatus, kind: "status", status: mapping.status });
      if (decide(cur, target) === "apply") {
        const paid = target.status === "paid";
        await tx
          .update(orders)
          .set({
            status: target.status,
            statusRank: STATUS_RANK[target.status],
            gopayStatus,
            paidAmount: paid && cur.paidAmount === 0n ? (paidAmount ?? cur.amount) : undefined,
            paidAt: paid && !cur.paidAt ? new Date() : undefined,
            paymentOption: paid && !cur.paymentOption ? paymentOption : undefined,
            closedAt: ["cancelled", "expired", "failed"].includes(target.status) ? new Date() : undefined,
            updatedAt: new Date(),
          })
          .where(eq(orders.id, cur.id));
      }
    }
    // What GoPay refunded is what Loket books: settles open refunds, reconciles ones Loket booked
    // failed and records ones it never knew, each audited as the staff member who asked.
    if (history.length) await applyRefundHistory(tx, cur, history, null, input.actor);
    const [now] = await tx.select().from(orders).where(eq(orders.id, cur.id));
    const after = { status: now!.status, refundedAmount: now!.refundedAmount };
    const changed = after.status !== before.status || after.refundedAmount !== before.refundedAmount;
    await tx.insert(orderEvents).values({
      orderId: cur.id,
      kind: "sync",
      title: changed ? `Resynced with GoPay: ${before.status} → ${after.status}` : "Resynced with GoPay: no difference",
      actorId: input.actor.id ?? null,
      actorLabel: input.actor.email ?? null,
      // jsonb cannot hold bigint: amounts as strings of minor units
      detail: {
        gopayStatus,
        before: { status: before.status, refundedAmount: before.refundedAmount.toString() },
        after: { status: after.status, refundedAmount: after.refundedAmount.toString() },
      },
    });
    await audit(tx, { actor: input.actor, action: "order.resync", targetType: "order", targetId: cur.orderId, result: "ok", detail: { gopayStatus, before, after }, ip: input.ip });
    return { gopayStatus, before, after, changed };
  });
}

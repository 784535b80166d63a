import { and, eq, inArray } from "drizzle-orm";
import { orderEvents, orders, refunds } from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import { env } from "~/env.server";
import { isGopayError } from "~/gopay/errors";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { QUEUE } from "~/lib/queue.server";
import { audit, type AuditActor } from "~/services/audit.server";
import type { Operation } from "~/services/operations/operations.server";
import type { Resolution } from "~/services/operations/resolve.server";
import { applyRefundHistory, coreRefundHistory, OPEN_REFUND_STATUSES, settleRefundRow, type RefundHistoryEntry } from "./apply.server";
import { readExternalId } from "./keys.server";
import { callGopayRefund, isDefiniteRefusal, refundFailureSentence, type OrderRow, type RefundRow } from "./send.server";

const JOB_ACTOR: AuditActor = { email: `job:${QUEUE.resolveOperations}` };
const HOUR_MS = 3_600_000;

/** How long an unknown refund may stay unknown before a person is asked (REFUND_ATTENTION_AFTER_HOURS). */
export function attentionAfterMs(): number {
  return env().REFUND_ATTENTION_AFTER_HOURS * HOUR_MS;
}

/** GoPay's refund history of an order: SNAP status `refundHistory`, Core status `refunds[]`. */
export async function gopayRefundHistory(
  client: GopayClient,
  order: Pick<OrderRow, "channel" | "orderId" | "gopayReference" | "externalId">,
): Promise<RefundHistoryEntry[]> {
  if (order.channel === "deeplink") {
    const s = await client.snap.status({
      externalId: readExternalId(),
      originalReferenceNo: order.gopayReference ?? undefined,
      originalExternalId: order.externalId ?? undefined,
    });
    return s.refunds;
  }
  const t = await client.core.status(order.orderId);
  return coreRefundHistory(t.refunds);
}

type Retry =
  | { kind: "made"; refundNo: string | null; raw: unknown }
  | { kind: "refused"; message: string; responseCode?: string }
  | { kind: "no_answer"; message: string };

/**
 * Settles a refund whose outcome is unknown (or a stale pending one). Absence from GoPay's refund
 * history is never proof of failure — GoPay may apply a refund after the status query (the issue:
 * applied 25 s late, booked failed, paid twice). So:
 *
 * 1. GoPay's refund history (status query) lists our key → what it says is booked (applyRefundHistory:
 *    it also books refunds Loket never knew and reconciles ones it had marked failed).
 * 2. Otherwise the SAME request is sent again under the same keys (callGopayRefund). GoPay answers a
 *    repeat with the original refund (→ succeeded) or a definite refusal (→ failed: no refund exists
 *    under this key, and a late first attempt gets the same answer). A timeout, 5xx or an error that
 *    says nothing about the refund keeps it unknown.
 * 3. Still unknown `attentionAfterMs` after the call was first made (default 24 h, far past GoPay's
 *    processing time) → needs_attention: still holding the money, shown on the order and in the
 *    refund watch, audited, and still checked on every pass until GoPay answers.
 *
 * Idempotent (at-least-once job delivery): a settled refund is left as it is.
 */
export async function resolveRefundOperation(
  op: Operation,
  client: GopayClient = gopay(),
  opts: { now?: Date; attentionAfterMs?: number; database?: DbOrTx } = {},
): Promise<Resolution> {
  const database = opts.database ?? appDb();
  const now = opts.now ?? new Date();
  const [refund] = await database.select().from(refunds).where(eq(refunds.partnerRefundNo, op.idempotencyKey));
  if (!refund) return { status: "failed", message: "No refund row for this operation." };
  if (refund.status === "succeeded") return { status: "succeeded" };
  if (!OPEN_REFUND_STATUSES.includes(refund.status)) return { status: "failed", message: refund.failureMessage ?? refund.status };
  const [order] = await database.select().from(orders).where(eq(orders.id, refund.orderId));
  if (!order) return { status: "failed", message: "Order missing." };

  // No status answer (timeout, 5xx): nothing can be learnt or booked this pass, but the deadline
  // still runs, so a refund GoPay never answers for reaches a person rather than waiting forever.
  let history: RefundHistoryEntry[] | undefined;
  let retry: Retry | undefined;
  try {
    history = await gopayRefundHistory(client, order);
  } catch (err) {
    if (!isGopayError(err)) throw err;
    retry = { kind: "no_answer", message: `Status query failed: ${err.message}` };
  }
  const listed = history?.some((e) => e.partnerRefundNo === refund.partnerRefundNo) ?? false;
  if (history && !listed) retry = await retrySameKey(client, order, refund);

  await database.transaction(async (tx) => {
    const [locked] = await tx.select().from(orders).where(eq(orders.id, order.id)).for("update");
    if (!locked) return;
    // GoPay's history first: our refund if listed, and any refund Loket never knew or booked wrong.
    if (history) await applyRefundHistory(tx, locked, history, null, JOB_ACTOR);
    const [row] = await tx.select().from(refunds).where(eq(refunds.id, refund.id));
    if (!row || !OPEN_REFUND_STATUSES.includes(row.status) || !retry) return;
    if (retry.kind === "made") {
      await settleRefundRow(tx, row, { status: "succeeded", refundNo: retry.refundNo, source: "same key sent again", response: retry.raw, actor: JOB_ACTOR });
      await applyRefundHistory(tx, locked, [], null, JOB_ACTOR); // recompute refunded amount and status
    } else if (retry.kind === "refused") {
      await settleRefundRow(tx, row, {
        status: "failed",
        failureMessage: retry.message,
        source: "same key sent again, GoPay refused it",
        actor: JOB_ACTOR,
      });
    } else if (row.status !== "needs_attention") {
      const since = op.createdAt.getTime();
      const limit = opts.attentionAfterMs ?? attentionAfterMs();
      if (now.getTime() - since >= limit) await markNeedsAttention(tx, row, locked, retry.message, limit);
    }
  });

  const [final] = await database.select().from(refunds).where(eq(refunds.id, refund.id));
  if (final?.status === "succeeded") return { status: "succeeded" };
  if (final?.status === "failed") return { status: "failed", message: final.failureMessage ?? "GoPay refused the refund." };
  const why = retry?.kind === "no_answer" ? retry.message : "GoPay has not answered for this refund yet.";
  return { status: "unknown", message: final?.status === "needs_attention" ? `Needs attention: ${why}` : why };
}

/** The same refund request again; what GoPay's answer proves about the refund under this key. */
async function retrySameKey(client: GopayClient, order: OrderRow, refund: RefundRow): Promise<Retry> {
  try {
    const r = await callGopayRefund(client, order, refund);
    return { kind: "made", refundNo: r.refundNo, raw: r.raw };
  } catch (err) {
    if (isDefiniteRefusal(err)) return { kind: "refused", message: refundFailureSentence(err.responseCode, err.message), responseCode: err.responseCode };
    if (isGopayError(err)) return { kind: "no_answer", message: err.message };
    throw err;
  }
}

async function markNeedsAttention(tx: DbOrTx, row: RefundRow, order: OrderRow, message: string, limitMs: number): Promise<void> {
  const [moved] = await tx
    .update(refunds)
    .set({ status: "needs_attention", updatedAt: new Date() })
    .where(and(eq(refunds.id, row.id), inArray(refunds.status, ["pending", "unknown"])))
    .returning({ id: refunds.id });
  if (!moved) return;
  const hours = Math.round(limitMs / HOUR_MS);
  await tx.insert(orderEvents).values({
    orderId: order.id,
    kind: "refund.needs_attention",
    title: `Refund ${row.partnerRefundNo}: GoPay has given no answer for ${hours} h. Needs a person; the money stays reserved`,
    actorLabel: JOB_ACTOR.email,
    operationId: row.operationId,
    detail: { partnerRefundNo: row.partnerRefundNo, amount: row.amount.toString(), before: row.status, message },
  });
  await audit(tx, {
    actor: JOB_ACTOR,
    action: "refund.needs_attention",
    targetType: "order",
    targetId: order.orderId,
    amount: row.amount,
    idempotencyKey: row.partnerRefundNo,
    result: "unknown",
    detail: { before: row.status, after: "needs_attention", message, afterHours: hours },
  });
}

import { and, eq, inArray, sql } from "drizzle-orm";
import { orderEvents, orders, refunds, type OrderStatus } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { audit, type AuditActor } from "~/services/audit.server";
import { reconcileOperation, settleOperation } from "~/services/operations/operations.server";

/**
 * One refund as GoPay reports it (SNAP notification / status `refundHistory`, already parsed by
 * app/gopay: amount in minor units). `status` is SNAP's refundStatus: "00" success, "06" failed;
 * absent means GoPay listed it without a status, which it only does for refunds it made.
 */
export interface RefundHistoryEntry {
  refundNo?: string;
  partnerRefundNo?: string;
  amount: bigint;
  status?: string;
  date?: string;
  reason?: string;
}

/** Core API status `refunds[]` as history entries: Core lists only refunds it made, keyed by refund_key. */
export function coreRefundHistory(list: readonly { refundKey?: string; amount: bigint; reason?: string; createdAt?: string }[]): RefundHistoryEntry[] {
  return list.map((r) => ({ partnerRefundNo: r.refundKey, amount: r.amount, reason: r.reason, date: r.createdAt }));
}

/** Who GoPay's word arrived through, for the audit row: a notification (default), the resolve job, a staff Resync. */
export const GOPAY_ACTOR: AuditActor = { email: "gopay" };

export interface ApplyRefundHistoryResult {
  /** Our refund rows that moved to succeeded/failed because of this history. */
  settled: { partnerRefundNo: string; status: "succeeded" | "failed" }[];
  /** Our refund rows Loket had marked failed (or rejected/expired) that GoPay lists as made: now succeeded. */
  reconciled: string[];
  /** Refunds GoPay knows and we did not (made outside Loket), now recorded. */
  recordedExternal: string[];
  refundedAmount: bigint;
  status: OrderStatus;
  changed: boolean;
}

type RefundRow = typeof refunds.$inferSelect;
type OrderRow = typeof orders.$inferSelect;

/** Only these statuses may still change by a normal settle (late duplicates are harmless). */
export const OPEN_REFUND_STATUSES: RefundRow["status"][] = ["pending", "unknown", "needs_attention"];
const OPEN = OPEN_REFUND_STATUSES;
/**
 * Statuses that say "no money moved" but that GoPay's own record can contradict: a refund booked
 * failed by an older resolver (absent from a too-early status query) that GoPay applied late.
 */
const RECONCILABLE: RefundRow["status"][] = ["failed", "rejected", "expired"];

const isFailed = (e: RefundHistoryEntry) => e.status === "06";

/**
 * Applies GoPay's refund history to one order, inside the caller's transaction (INGEST calls it
 * for a SNAP notification carrying refundHistory; the refund resolver calls it with a status
 * query's history). Idempotent: applying the same history twice changes nothing the second time.
 *
 * - our refund rows (matched by partnerRefundNo) that are pending/unknown/needs_attention become
 *   succeeded or failed, get GoPay's refundNo, and their operation row is settled the same way
 *   (so the resolve job stops asking);
 * - a row Loket had marked failed that GoPay lists as made is reconciled: succeeded, with an
 *   order event and an audit row that say Loket had it wrong (GoPay's record is what happened);
 * - a refund GoPay lists that we never asked for (made in GoPay's dashboard) is recorded as a
 *   succeeded refund row: it holds money, so the invariant "sum of refunds ≤ paid" must see it;
 * - orders.refunded_amount is recomputed from succeeded refunds, and the status becomes
 *   partially_refunded / refunded (only from paid / partially_refunded / refunded).
 * Every refund state change writes an audit row as `actor` (GoPay for a notification, the job
 * or the staff member who asked for a Resync otherwise).
 */
export async function applyRefundHistory(
  tx: DbOrTx,
  order: Pick<OrderRow, "id">,
  refundHistory: readonly RefundHistoryEntry[],
  notificationId: bigint | null,
  actor: AuditActor = GOPAY_ACTOR,
): Promise<ApplyRefundHistoryResult> {
  // Lock the order row: refund rows for this order are only written under this lock.
  const [locked] = await tx.select().from(orders).where(eq(orders.id, order.id)).for("update");
  if (!locked) throw new Error(`applyRefundHistory: order ${order.id} not found`);

  const keys = refundHistory.map((e) => e.partnerRefundNo).filter((k): k is string => !!k);
  const ours = keys.length
    ? await tx.select().from(refunds).where(and(eq(refunds.orderId, locked.id), inArray(refunds.partnerRefundNo, keys)))
    : [];
  const byKey = new Map(ours.map((r) => [r.partnerRefundNo, r]));

  const settled: ApplyRefundHistoryResult["settled"] = [];
  const reconciled: string[] = [];
  const recordedExternal: string[] = [];
  const now = new Date();
  const source = notificationId === null ? "status query" : "notification";

  for (const entry of refundHistory) {
    const key = entry.partnerRefundNo ?? (entry.refundNo ? `gopay-${entry.refundNo}` : undefined);
    if (!key) continue; // nothing to match or record it by
    const row = byKey.get(key);
    if (row) {
      if (RECONCILABLE.includes(row.status) && !isFailed(entry)) {
        if (await reconcileRefundRow(tx, row, { refundNo: entry.refundNo ?? null, notificationId, source, actor, now })) reconciled.push(key);
        continue;
      }
      if (!OPEN.includes(row.status)) {
        // Settled already; still remember GoPay's refund id if we did not have it.
        if (!row.refundNo && entry.refundNo) await tx.update(refunds).set({ refundNo: entry.refundNo }).where(eq(refunds.id, row.id));
        continue;
      }
      const status = isFailed(entry) ? "failed" : "succeeded";
      const moved = await settleRefundRow(tx, row, {
        status,
        refundNo: entry.refundNo ?? null,
        failureMessage: status === "failed" ? "GoPay reported this refund as failed." : null,
        notificationId,
        source,
        now,
        actor,
      });
      if (moved) settled.push({ partnerRefundNo: key, status });
      continue;
    }
    if (isFailed(entry)) continue; // a failed refund we never made holds no money
    const [inserted] = await tx
      .insert(refunds)
      .values({
        orderId: locked.id,
        partnerRefundNo: key,
        amount: entry.amount,
        reasonCode: "external",
        reasonText: entry.reason ?? "Refund made outside Loket",
        status: "succeeded",
        refundNo: entry.refundNo ?? null,
        settledAt: now,
      })
      .onConflictDoNothing({ target: refunds.partnerRefundNo })
      .returning({ id: refunds.id });
    if (inserted) {
      recordedExternal.push(key);
      await tx.insert(orderEvents).values({
        orderId: locked.id,
        kind: "refund.external",
        title: `Refund ${key} made outside Loket recorded (${source})`,
        actorLabel: "gopay",
        notificationId,
        detail: { partnerRefundNo: key, refundNo: entry.refundNo ?? null, amount: entry.amount.toString() },
      });
      await audit(tx, {
        actor,
        action: "refund.reconciled",
        targetType: "order",
        targetId: locked.orderId,
        amount: entry.amount,
        idempotencyKey: key,
        result: "ok",
        detail: { before: null, after: "succeeded", why: "GoPay lists a refund Loket never knew", source, refundNo: entry.refundNo ?? null },
      });
    }
  }

  const recomputed = await recomputeRefundedAmount(tx, locked);
  return {
    settled,
    reconciled,
    recordedExternal,
    ...recomputed,
    changed: settled.length > 0 || reconciled.length > 0 || recordedExternal.length > 0 || recomputed.changed,
  };
}

/**
 * A row Loket booked as failed (or rejected/expired) that GoPay's record lists as made: GoPay paid
 * it, so it is succeeded now, its operation too (explicitly: settleOperation never flips a failed
 * row), with an order event and an audit row that say Loket had booked it wrong. Caller holds the
 * order lock and recomputes amounts after.
 */
export async function reconcileRefundRow(
  tx: DbOrTx,
  row: RefundRow,
  o: { refundNo: string | null; notificationId: bigint | null; source: string; actor: AuditActor; now?: Date },
): Promise<boolean> {
  const now = o.now ?? new Date();
  const [updated] = await tx
    .update(refunds)
    .set({ status: "succeeded", refundNo: o.refundNo ?? row.refundNo, failureMessage: null, settledAt: now, updatedAt: now })
    .where(and(eq(refunds.id, row.id), inArray(refunds.status, RECONCILABLE)))
    .returning({ id: refunds.id, orderId: refunds.orderId });
  if (!updated) return false;
  if (row.operationId) await reconcileOperation(tx, row.operationId, { reason: `GoPay lists refund ${row.partnerRefundNo} (${o.source})` });
  const [order] = await tx.select({ orderId: orders.orderId }).from(orders).where(eq(orders.id, row.orderId));
  await tx.insert(orderEvents).values({
    orderId: row.orderId,
    kind: "refund.reconciled",
    title: `Refund ${row.partnerRefundNo} was made by GoPay after Loket booked it ${row.status}: now booked as succeeded (${o.source})`,
    actorLabel: "gopay",
    operationId: row.operationId,
    notificationId: o.notificationId,
    detail: { partnerRefundNo: row.partnerRefundNo, refundNo: o.refundNo, amount: row.amount.toString(), before: row.status, previousMessage: row.failureMessage },
  });
  await audit(tx, {
    actor: o.actor,
    action: "refund.reconciled",
    targetType: "order",
    targetId: order?.orderId ?? row.orderId,
    amount: row.amount,
    idempotencyKey: row.partnerRefundNo,
    result: "ok",
    detail: { before: row.status, after: "succeeded", why: "GoPay lists this refund as made", source: o.source, refundNo: o.refundNo },
  });
  return true;
}

/**
 * Moves one of our refund rows from pending/unknown to its final status, settles its operation,
 * and writes the timeline event. The caller holds the order lock and recomputes amounts after.
 */
export async function settleRefundRow(
  tx: DbOrTx,
  row: RefundRow,
  outcome: {
    status: "succeeded" | "failed";
    refundNo?: string | null;
    failureMessage?: string | null;
    notificationId?: bigint | null;
    source: string;
    now?: Date;
    response?: unknown;
    /** When given, the audit row is written here (as this actor); otherwise the caller writes it. */
    actor?: AuditActor;
  },
): Promise<boolean> {
  const now = outcome.now ?? new Date();
  const [updated] = await tx
    .update(refunds)
    .set({
      status: outcome.status,
      refundNo: outcome.refundNo ?? row.refundNo,
      failureMessage: outcome.status === "failed" ? (outcome.failureMessage ?? null) : null,
      settledAt: now,
      updatedAt: now,
    })
    .where(and(eq(refunds.id, row.id), inArray(refunds.status, OPEN)))
    .returning({ id: refunds.id });
  if (!updated) return false;
  if (row.operationId) {
    await settleOperation(tx, row.operationId, outcome.status, {
      response: outcome.response,
      errorMessage: outcome.status === "failed" ? (outcome.failureMessage ?? "failed") : null,
    });
  }
  // A refund whose outcome was unknown says so: the agent saw "waiting for GoPay" or "needs attention".
  const was = row.status === "pending" ? "" : `; its outcome had been ${row.status.replace("_", " ")}`;
  await tx.insert(orderEvents).values({
    orderId: row.orderId,
    kind: `refund.${outcome.status}`,
    title:
      outcome.status === "succeeded"
        ? `Refund ${row.partnerRefundNo} succeeded (${outcome.source}${was})`
        : `Refund ${row.partnerRefundNo} failed (${outcome.source}${was})`,
    actorLabel: "gopay",
    operationId: row.operationId,
    notificationId: outcome.notificationId ?? null,
    detail: {
      partnerRefundNo: row.partnerRefundNo,
      refundNo: outcome.refundNo ?? null,
      amount: row.amount.toString(),
      message: outcome.failureMessage ?? null,
      before: row.status,
    },
  });
  if (outcome.actor) {
    const [order] = await tx.select({ orderId: orders.orderId }).from(orders).where(eq(orders.id, row.orderId));
    await audit(tx, {
      actor: outcome.actor,
      action: `refund.${outcome.status}`,
      targetType: "order",
      targetId: order?.orderId ?? row.orderId,
      amount: row.amount,
      idempotencyKey: row.partnerRefundNo,
      result: outcome.status === "succeeded" ? "ok" : "failed",
      detail: { before: row.status, source: outcome.source, refundNo: outcome.refundNo ?? null, message: outcome.failureMessage ?? null },
    });
  }
  return true;
}

const REFUND_STATE_ORDER_STATUSES: readonly OrderStatus[] = ["paid", "partially_refunded", "refunded"];

/**
 * refunded_amount = sum of succeeded refunds; status follows it (paid → partially_refunded →
 * refunded). Never moves a cancelled/expired/failed order. Caller holds the order's row lock.
 */
export async function recomputeRefundedAmount(
  tx: DbOrTx,
  order: Pick<OrderRow, "id" | "paidAmount" | "status" | "refundedAmount">,
): Promise<{ refundedAmount: bigint; status: OrderStatus; changed: boolean }> {
  const [sum] = await tx
    .select({ total: sql<string>`coalesce(sum(${refunds.amount}), 0)::text` })
    .from(refunds)
    .where(and(eq(refunds.orderId, order.id), eq(refunds.status, "succeeded")));
  const refundedAmount = BigInt(sum?.total ?? "0");
  let status = order.status;
  if (REFUND_STATE_ORDER_STATUSES.includes(order.status) && refundedAmount > 0n) {
    status = refundedAmount >= order.paidAmount ? "refunded" : "partially_refunded";
  }
  const changed = refundedAmount !== order.refundedAmount || status !== order.status;
  if (changed) {
    await tx.update(orders).set({ refundedAmount, status, updatedAt: new Date() }).where(eq(orders.id, order.id));
    if (status !== order.status) {
      await tx.insert(orderEvents).values({
        orderId: order.id,
        kind: "status.changed",
        title: `Status ${order.status.replace("_", " ")} → ${status.replace("_", " ")}`,
        actorLabel: "refunds",
        detail: { before: order.status, after: status, refundedAmount: refundedAmount.toString() },
      });
    }
  }
  return { refundedAmount, status, changed };
}

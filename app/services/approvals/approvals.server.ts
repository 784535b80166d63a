import { and, desc, eq, inArray, lt, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { approvals, orderEvents, orders, refunds, staff } from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import { formatIdr } from "~/lib/money";
import { audit } from "~/services/audit.server";
import type { Operation } from "~/services/operations/operations.server";
import { claimRefundOperation, type RefundActor, type RefundDeps } from "~/services/refunds/request-refund.server";
import { whyNotHonourable } from "./honour";
import { sendRefund, type OrderRow, type RefundRow, type SendOutcome } from "~/services/refunds/send.server";
import { approveBatch, batchApprovalInfo, expireCoinBatches, rejectBatch, type BatchApprovalInfo } from "~/services/coins/batch-approval.server";
import { approvePayout, expireCoinPayouts, payoutApprovalInfo, rejectPayout, COIN_PAYOUT_APPROVAL, type PayoutApprovalInfo } from "~/services/coins/single-approval.server";
import type { PayResult } from "~/services/coins/pay.server";

export type ApprovalRow = typeof approvals.$inferSelect;

export interface ApprovalListItem {
  id: string;
  status: ApprovalRow["status"];
  amount: bigint | null;
  requestedAt: Date;
  expiresAt: Date;
  requestedBy: string;
  requesterEmail: string | null;
  requesterName: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  deciderEmail: string | null;
  decisionReason: string | null;
  orderId: string | null;
  customerName: string | null;
  /** A refund request's reason code (refunds:reasons.*) and stored text; see ./reason.server.ts to show them. */
  reasonCode: string | null;
  reasonText: string | null;
  refundStatus: RefundRow["status"] | null;
  /**
   * Pending requests only: why approving it now would be refused (whyNotHonourable, the approve
   * path's own rule), e.g. the order was refunded or cancelled meanwhile; null when it would go ahead.
   */
  problem: string | null;
  /** The approval's kind: refund, or coins_batch (then `batch` says what it pays). */
  kind: string;
  batch: BatchApprovalInfo | null;
  /** A single coin payout at or above the threshold (kind coins_payout): who gets how much, and why. */
  coinPayout: PayoutApprovalInfo | null;
}

const requester = alias(staff, "requester");
const decider = alias(staff, "decider");

/** Pending requests oldest first (the next one to look at on top), or decided ones newest first. */
export async function listApprovals(
  database: DbOrTx,
  which: "pending" | "decided",
  limit = 100,
  now: Date = new Date(),
  where?: { orderUuid: string },
): Promise<ApprovalListItem[]> {
  const rows = await database
    .select({
      a: approvals,
      requesterEmail: requester.email,
      requesterName: requester.name,
      requesterActive: requester.active,
      deciderEmail: decider.email,
      order: orders,
      reasonCode: refunds.reasonCode,
      reasonText: refunds.reasonText,
      refundStatus: refunds.status,
      refundAmount: refunds.amount,
    })
    .from(approvals)
    .leftJoin(requester, eq(requester.id, approvals.requestedBy))
    .leftJoin(decider, eq(decider.id, approvals.decidedBy))
    .leftJoin(refunds, and(eq(approvals.targetType, "refund"), sql`${refunds.id}::text = ${approvals.targetId}`)) // target_id is text (any kind)
    .leftJoin(orders, eq(orders.id, refunds.orderId))
    .where(
      and(
        which === "pending" ? eq(approvals.status, "pending") : ne(approvals.status, "pending"),
        where ? eq(refunds.orderId, where.orderUuid) : undefined,
      ),
    )
    .orderBy(which === "pending" ? approvals.requestedAt : desc(approvals.decidedAt))
    .limit(limit);
  // The refunds of every order listed, so each request is judged against what its order holds now.
  const orderIds = [...new Set(rows.flatMap((r) => (which === "pending" && r.order ? [r.order.id] : [])))];
  const orderRefunds = orderIds.length
    ? await database.select({ orderId: refunds.orderId, amount: refunds.amount, status: refunds.status }).from(refunds).where(inArray(refunds.orderId, orderIds))
    : [];
  const batches = await batchApprovalInfo(
    database,
    rows.filter((r) => r.a.kind === "coins_batch").map((r) => r.a.id),
    now,
  );
  const coinPayouts = await payoutApprovalInfo(
    database,
    rows.filter((r) => r.a.kind === COIN_PAYOUT_APPROVAL).map((r) => r.a.id),
  );
  return rows.map((r) => ({
    id: r.a.id,
    coinPayout: coinPayouts.get(r.a.id) ?? null,
    kind: r.a.kind,
    batch: batches.get(r.a.id) ?? null,
    status: r.a.status,
    amount: r.a.amount,
    requestedAt: r.a.requestedAt,
    expiresAt: r.a.expiresAt,
    requestedBy: r.a.requestedBy,
    requesterEmail: r.requesterEmail,
    requesterName: r.requesterName,
    decidedAt: r.a.decidedAt,
    decidedBy: r.a.decidedBy,
    deciderEmail: r.deciderEmail,
    decisionReason: r.a.decisionReason,
    orderId: r.order?.orderId ?? null,
    customerName: r.order?.customerName ?? null,
    reasonCode: r.reasonCode,
    reasonText: r.reasonText,
    refundStatus: r.refundStatus,
    problem:
      r.a.kind === "coins_batch"
        ? (batches.get(r.a.id)?.problem ?? null)
        : r.a.kind === COIN_PAYOUT_APPROVAL
        ? null
        : which === "pending"
        ? whyNotHonourable({
            approval: r.a,
            refund: r.refundStatus !== null && r.refundAmount !== null ? { status: r.refundStatus, amount: r.refundAmount } : null,
            order: r.order,
            orderRefunds: orderRefunds.filter((x) => x.orderId === r.order?.id),
            requester: r.requesterEmail !== null ? { email: r.requesterEmail, active: r.requesterActive ?? false } : null,
            now,
          })
        : null,
  }));
}

export type DecideResult =
  | { kind: "refused"; message: string }
  | { kind: "rejected" }
  | { kind: "approved"; outcome: SendOutcome }
  /** a coins_batch approved: its rows are queued and the pay job started */
  | { kind: "batch_approved"; batchId: string }
  /** a coins_payout approved and sent: what GoPay answered (unknown is never failed) */
  | { kind: "payout_approved"; result: PayResult };

/** The kind of an approval (null: no such request), to send a coins_batch decision to its own service. */
async function approvalKind(database: DbOrTx, approvalId: string): Promise<string | null> {
  if (!isUuid(approvalId)) return null;
  const [a] = await database.select({ kind: approvals.kind }).from(approvals).where(eq(approvals.id, approvalId));
  return a?.kind ?? null;
}

type Locked = { approval: ApprovalRow; refund: RefundRow; order: OrderRow } | { refused: string };

/** Locks the approval, then its order (same order as the refund path: approval → order), and checks who and when. */
async function lockForDecision(tx: DbOrTx, approvalId: string, actor: RefundActor, now: Date): Promise<Locked> {
  // A forged or mangled id is "does not exist", not a Postgres 22P02 (500).
  if (!isUuid(approvalId)) return { refused: "This approval request does not exist." };
  const [approval] = await tx.select().from(approvals).where(eq(approvals.id, approvalId)).for("update");
  if (!approval) return { refused: "This approval request does not exist." };
  if (approval.status !== "pending") return { refused: `This request was already ${approval.status}.` };
  if (approval.requestedBy === actor.id) return { refused: "You cannot decide on your own request: another finance or admin user must." };
  if (approval.expiresAt.getTime() <= now.getTime()) return { refused: "This request expired (after 24 hours). Ask for a new refund." };
  const [refund] = await tx.select().from(refunds).where(eq(refunds.id, approval.targetId));
  if (!refund) return { refused: "The refund of this request is missing." };
  const [order] = await tx.select().from(orders).where(eq(orders.id, refund.orderId)).for("update");
  if (!order) return { refused: "The order of this request is missing." };
  return { approval, refund, order };
}

/**
 * A second person approves a refund request: under the approval's and the order's row locks the
 * amount is checked again (the order may have been refunded meanwhile), the refund row becomes
 * pending with its operation claimed under the SAME partnerRefundNo, and after commit it is sent
 * exactly like a refund within the limit. If it no longer fits, nothing changes and the approver
 * is told why (they can reject it).
 */
export async function approveRequest(
  input: { approvalId: string; actor: RefundActor; ip?: string | null; now?: Date },
  deps: RefundDeps = {},
): Promise<DecideResult> {
  const database = deps.database ?? appDb();
  const now = input.now ?? new Date();
  const actor = { id: input.actor.id, email: input.actor.email };
  if ((await approvalKind(database, input.approvalId)) === "coins_batch") {
    const d = await approveBatch(database, { approvalId: input.approvalId, actor, ip: input.ip, now });
    return d.kind === "refused" ? { kind: "refused", message: d.message } : { kind: "batch_approved", batchId: d.batchId };
  }
  if ((await approvalKind(database, input.approvalId)) === COIN_PAYOUT_APPROVAL) {
    const d = await approvePayout(database, { approvalId: input.approvalId, actor, ip: input.ip, now }, { client: deps.client });
    return d.kind === "approved" ? { kind: "payout_approved", result: d.result } : { kind: "refused", message: d.kind === "refused" ? d.message : "Not approved." };
  }
  const step = await database.transaction(async (tx): Promise<{ refused: string } | { refund: RefundRow; order: OrderRow; op: Operation }> => {
    const locked = await lockForDecision(tx, input.approvalId, input.actor, now);
    if ("refused" in locked) return locked;
    const { approval, refund, order } = locked;
    // The same rule /approvals and the order page flag with, here under the approval's and order's locks.
    const orderRefunds = await tx.select({ amount: refunds.amount, status: refunds.status }).from(refunds).where(eq(refunds.orderId, order.id));
    const [who] = await tx.select({ email: staff.email, active: staff.active }).from(staff).where(eq(staff.id, approval.requestedBy));
    const problem = whyNotHonourable({ approval, refund, order, orderRefunds, requester: who ?? null, now });
    if (problem) return { refused: problem };
    await tx
      .update(approvals)
      .set({ status: "approved", decidedBy: input.actor.id, decidedAt: now })
      .where(eq(approvals.id, approval.id));
    await tx.insert(orderEvents).values({
      orderId: order.id,
      kind: "refund.approved",
      title: `Refund of ${formatIdr(refund.amount)} approved by ${input.actor.email}`,
      actorId: input.actor.id,
      actorLabel: input.actor.email,
      detail: { approvalId: approval.id, partnerRefundNo: refund.partnerRefundNo },
    });
    await audit(tx, {
      actor,
      action: "approval.approve",
      targetType: "approval",
      targetId: approval.id,
      amount: refund.amount,
      idempotencyKey: refund.partnerRefundNo,
      result: "ok",
      detail: { orderId: order.orderId },
      ip: input.ip,
    });
    const claimed = await claimRefundOperation(tx, refund, order, input.actor.id, input.actor.email);
    return { refund: claimed.refund, order, op: claimed.op };
  });
  if ("refused" in step) {
    await audit(database, { actor, action: "approval.approve", targetType: "approval", targetId: input.approvalId, result: "denied", detail: { message: step.refused }, ip: input.ip });
    return { kind: "refused", message: step.refused };
  }
  const outcome = await sendRefund(step.refund, step.order, step.op, actor, { client: deps.client, database });
  return { kind: "approved", outcome };
}

/** Rejects a request with a reason; the refund row becomes rejected and holds no money. */
export async function rejectRequest(
  input: { approvalId: string; actor: RefundActor; reason: string; ip?: string | null; now?: Date },
  deps: Pick<RefundDeps, "database"> = {},
): Promise<DecideResult> {
  const database = deps.database ?? appDb();
  const now = input.now ?? new Date();
  const actor = { id: input.actor.id, email: input.actor.email };
  const reason = input.reason.trim();
  if (!reason) return { kind: "refused", message: "Say why you reject it." };
  if (reason.length > 500) return { kind: "refused", message: "Keep the reason under 500 characters." };
  if ((await approvalKind(database, input.approvalId)) === "coins_batch") {
    const d = await rejectBatch(database, { approvalId: input.approvalId, actor, reason, ip: input.ip, now });
    return d.kind === "refused" ? { kind: "refused", message: d.message } : { kind: "rejected" };
  }
  if ((await approvalKind(database, input.approvalId)) === COIN_PAYOUT_APPROVAL) {
    const d = await rejectPayout(database, { approvalId: input.approvalId, actor, reason, ip: input.ip, now });
    return d.kind === "refused" ? { kind: "refused", message: d.message } : { kind: "rejected" };
  }
  const refused = await database.transaction(async (tx) => {
    const locked = await lockForDecision(tx, input.approvalId, input.actor, now);
    if ("refused" in locked) return locked.refused;
    const { approval, refund, order } = locked;
    await tx
      .update(approvals)
      .set({ status: "rejected", decidedBy: input.actor.id, decidedAt: now, decisionReason: reason })
      .where(eq(approvals.id, approval.id));
    await tx.update(refunds).set({ status: "rejected", failureMessage: reason, settledAt: now, updatedAt: now }).where(eq(refunds.id, refund.id));
    await tx.insert(orderEvents).values({
      orderId: order.id,
      kind: "refund.rejected",
      title: `Refund of ${formatIdr(refund.amount)} rejected by ${input.actor.email}`,
      actorId: input.actor.id,
      actorLabel: input.actor.email,
      detail: { approvalId: approval.id, reason },
    });
    await audit(tx, { actor, action: "approval.reject", targetType: "approval", targetId: approval.id, amount: refund.amount, result: "ok", detail: { reason, orderId: order.orderId }, ip: input.ip });
    return null;
  });
  if (refused) {
    await audit(database, { actor, action: "approval.reject", targetType: "approval", targetId: input.approvalId, result: "denied", detail: { message: refused }, ip: input.ip });
    return { kind: "refused", message: refused };
  }
  return { kind: "rejected" };
}

/** Marks pending requests past their expiry as expired (and their refunds). Idempotent; returns how many. */
export async function expireApprovals(database: DbOrTx = appDb(), now: Date = new Date()): Promise<number> {
  return database.transaction(async (tx) => {
    const expired = await tx
      .update(approvals)
      .set({ status: "expired", decidedAt: now, decisionReason: "Not decided within 24 hours" })
      .where(and(eq(approvals.status, "pending"), lt(approvals.expiresAt, now)))
      .returning();
    if (expired.length === 0) return 0;
    const refundIds = expired.filter((a) => a.targetType === "refund").map((a) => a.targetId);
    if (refundIds.length) {
      await tx
        .update(refunds)
        .set({ status: "expired", settledAt: now, updatedAt: now })
        .where(and(inArray(refunds.id, refundIds), eq(refunds.status, "awaiting_approval")));
    }
    await expireCoinPayouts(
      tx,
      expired.filter((a) => a.kind === COIN_PAYOUT_APPROVAL).map((a) => a.id),
      now,
    );
    await expireCoinBatches(
      tx,
      expired.filter((a) => a.kind === "coins_batch").map((a) => a.id),
      now,
    );
    for (const a of expired) {
      await audit(tx, { actor: { email: "job:approvals-expire" }, action: "approval.expire", targetType: "approval", targetId: a.id, amount: a.amount, result: "ok" });
    }
    return expired.length;
  });
}

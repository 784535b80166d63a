import { and, desc, eq, gte, inArray } from "drizzle-orm";
import { approvals, orderEvents, orders, refunds } from "~db/schema";
import type { Role } from "~db/schema/staff";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import type { GopayClient } from "~/gopay/index.server";
import { formatIdr, MAX_TRANSACTION_MINOR } from "~/lib/money";
import { audit } from "~/services/audit.server";
import { claimOperation, type Operation } from "~/services/operations/operations.server";
import { refundableNow } from "~/services/orders/refundable";
import { getRefundLimit } from "~/services/staff/limits.server";
import { isRefundReason, REFUND_KEY_PATTERN, REFUND_REASON_TEXT_MAX, refundReasonSentence, type RefundReasonCode } from "./reasons";
import { sendRefund, type OrderRow, type RefundRow, type SendOutcome } from "./send.server";

export const APPROVAL_TTL_MS = 24 * 60 * 60 * 1000;

export interface RefundActor {
  id: string;
  email: string;
  role: Role;
}

export interface RequestRefundInput {
  /** orders.id (uuid). */
  orderId: string;
  /** The intent's key, minted when the dialog opened; also GoPay's partnerRefundNo / refund_key. */
  partnerRefundNo: string;
  amount: bigint;
  reasonCode: string;
  reasonText?: string | null;
  actor: RefundActor;
  ip?: string | null;
  now?: Date;
  /**
   * The staff member ticked "refund again" after being told they refunded the same amount on
   * this order a few minutes ago (see findRepeat). Without it such a refund is refused.
   */
  confirmRepeat?: boolean;
}

export type RefundField = "amount" | "reasonCode" | "reasonText" | "form";

export type RequestRefundResult =
  /**
   * Refused before anything was written or sent; `field` says where to show it. `repeat`: the
   * same person refunded the same amount here minutes ago; sending again with confirmRepeat passes.
   */
  | { kind: "rejected"; field: RefundField; message: string; repeat?: true }
  /** This key was used before: the existing refund, untouched (no second call). */
  | { kind: "replay"; refund: RefundRow }
  /** Above the requester's limit: an approval request, nothing sent to GoPay. */
  | { kind: "awaiting_approval"; refund: RefundRow; approvalId: string }
  /** Sent to GoPay: what came back. */
  | { kind: "sent"; outcome: SendOutcome };

export interface RefundDeps {
  client?: GopayClient;
  database?: DbOrTx;
}

/** Field checks that need no database: reason and key shape. Amount rules need the order. */
function checkInput(input: RequestRefundInput): { field: RefundField; message: string } | null {
  if (!REFUND_KEY_PATTERN.test(input.partnerRefundNo)) {
    return { field: "form", message: "This form is out of date. Close the dialog and open it again." };
  }
  if (input.amount <= 0n) return { field: "amount", message: "The amount must be more than Rp 0." };
  if (input.amount > MAX_TRANSACTION_MINOR) {
    return { field: "amount", message: `That is more than GoPay moves in one transaction (at most ${formatIdr(MAX_TRANSACTION_MINOR)}).` };
  }
  if (!isRefundReason(input.reasonCode)) return { field: "reasonCode", message: "Choose a reason." };
  const text = input.reasonText?.trim() ?? "";
  if (input.reasonCode === "other" && !text) return { field: "reasonText", message: "Say why, in a few words." };
  if (text.length > REFUND_REASON_TEXT_MAX) {
    return { field: "reasonText", message: `Keep the note under ${REFUND_REASON_TEXT_MAX} characters.` };
  }
  return null;
}

/**
 * Checks the order can give this amount back now: status, window, and the invariant
 * sum(pending + unknown + needs_attention + succeeded refunds) + amount ≤ paid. Call with the order row locked.
 */
export async function checkRefundable(
  tx: DbOrTx,
  order: OrderRow,
  amount: bigint,
  now: Date,
): Promise<{ field: RefundField; message: string } | null> {
  const existing = await tx.select({ amount: refunds.amount, status: refunds.status }).from(refunds).where(eq(refunds.orderId, order.id));
  const r = refundableNow(order, existing, now);
  if (r.reason) return { field: "amount", message: r.reason };
  if (amount > r.amount) return { field: "amount", message: `At most ${formatIdr(r.amount)} can be refunded now.` };
  return null;
}

/**
 * One refund intent. In ONE transaction: lock the order, replay an existing refund with this key,
 * check status / window / amount, then either record an approval request (above the role's
 * limit) or insert the refund row and claim its operation. After commit, call GoPay.
 *
 * Approval requests are NOT counted against the invariant (awaiting_approval is not a reserving
 * status): a request may wait 24 h and must not block smaller refunds meanwhile; the amount is
 * checked again, under the same lock, when it is approved.
 */
export async function requestRefund(input: RequestRefundInput, deps: RefundDeps = {}): Promise<RequestRefundResult> {
  const database = deps.database ?? appDb();
  const now = input.now ?? new Date();
  const actor = { id: input.actor.id, email: input.actor.email };
  const reasonText = input.reasonText?.trim() || null;
  const request = { amount: input.amount, reasonCode: input.reasonCode, reasonText };

  const bad = checkInput(input);
  if (bad) {
    await audit(database, {
      actor,
      action: "refund.request",
      targetType: "order",
      targetId: input.orderId,
      // why: an amount past the ceiling may not fit the audit's bigint column; the text stays in `request`.
      amount: input.amount > MAX_TRANSACTION_MINOR ? null : input.amount,
      idempotencyKey: input.partnerRefundNo,
      request,
      result: "denied",
      detail: bad,
      ip: input.ip,
    });
    return { kind: "rejected", ...bad };
  }

  type Step =
    | { kind: "rejected"; field: RefundField; message: string; orderRef: string; repeat?: true }
    | { kind: "replay"; refund: RefundRow }
    | { kind: "awaiting_approval"; refund: RefundRow; approvalId: string }
    | { kind: "claimed"; refund: RefundRow; order: OrderRow; op: Operation };

  const step: Step = await database.transaction(async (tx): Promise<Step> => {
    // A non-UUID id is "does not exist", never Postgres 22P02 (whoever calls this).
    const [order] = isUuid(input.orderId) ? await tx.select().from(orders).where(eq(orders.id, input.orderId)).for("update") : [];
    if (!order) return { kind: "rejected", field: "form", message: "This order does not exist.", orderRef: input.orderId };

    // Same key again (double click, second tab, retry): the first submission's refund, untouched.
    const [prior] = await tx.select().from(refunds).where(eq(refunds.partnerRefundNo, input.partnerRefundNo));
    if (prior) {
      if (prior.orderId !== order.id) {
        return { kind: "rejected", field: "form", message: "This form belongs to another order. Close it and open it again.", orderRef: order.orderId };
      }
      return { kind: "replay", refund: prior };
    }

    const problem = await checkRefundable(tx, order, input.amount, now);
    if (problem) return { kind: "rejected", ...problem, orderRef: order.orderId };

    // A second tab (or a reopened dialog) has its own key, so the key cannot catch it: ask first.
    if (!input.confirmRepeat) {
      const repeat = await findRepeat(tx, { orderId: order.id, staffId: input.actor.id, amount: input.amount, now });
      if (repeat) return { kind: "rejected", field: "amount", message: repeat, repeat: true, orderRef: order.orderId };
    }

    const limit = await getRefundLimit(tx, input.actor.role);
    const needsApproval = limit !== null && input.amount > limit;
    const [refund] = await tx
      .insert(refunds)
      .values({
        orderId: order.id,
        partnerRefundNo: input.partnerRefundNo,
        amount: input.amount,
        reasonCode: input.reasonCode as RefundReasonCode,
        reasonText: refundReasonSentence(input.reasonCode as RefundReasonCode, reasonText),
        status: needsApproval ? "awaiting_approval" : "pending",
        requestedBy: input.actor.id,
      })
      .returning();
    if (!refund) throw new Error("refund insert returned nothing");

    if (needsApproval) {
      const [approval] = await tx
        .insert(approvals)
        .values({
          kind: "refund",
          targetType: "refund",
          targetId: refund.id,
          amount: input.amount,
          payload: { orderId: order.orderId, partnerRefundNo: refund.partnerRefundNo, reasonCode: input.reasonCode, reasonText, limit: limit?.toString() },
          requestedBy: input.actor.id,
          expiresAt: new Date(now.getTime() + APPROVAL_TTL_MS),
        })
        .returning({ id: approvals.id });
      await tx.insert(orderEvents).values({
        orderId: order.id,
        kind: "refund.approval_requested",
        title: `Refund of ${formatIdr(input.amount)} needs approval (above ${formatIdr(limit ?? 0n)})`,
        actorId: input.actor.id,
        actorLabel: input.actor.email,
        detail: { partnerRefundNo: refund.partnerRefundNo, approvalId: approval!.id },
      });
      await audit(tx, {
        actor,
        action: "refund.approval_requested",
        targetType: "order",
        targetId: order.orderId,
        amount: input.amount,
        idempotencyKey: refund.partnerRefundNo,
        request,
        result: "pending",
        detail: { approvalId: approval!.id, limit: limit?.toString() },
        ip: input.ip,
      });
      return { kind: "awaiting_approval", refund, approvalId: approval!.id };
    }

    const claimed = await claimRefundOperation(tx, refund, order, input.actor.id, input.actor.email);
    await audit(tx, {
      actor,
      action: "refund.request",
      targetType: "order",
      targetId: order.orderId,
      amount: input.amount,
      idempotencyKey: refund.partnerRefundNo,
      request,
      result: "pending",
      ip: input.ip,
    });
    return { kind: "claimed", refund: claimed.refund, order, op: claimed.op };
  });

  if (step.kind === "rejected") {
    await audit(database, {
      actor,
      action: "refund.request",
      targetType: "order",
      targetId: step.orderRef,
      amount: input.amount,
      idempotencyKey: input.partnerRefundNo,
      request,
      result: "denied",
      detail: { field: step.field, message: step.message, repeat: step.repeat ?? false },
      ip: input.ip,
    });
    return step.repeat
      ? { kind: "rejected", field: step.field, message: step.message, repeat: true }
      : { kind: "rejected", field: step.field, message: step.message };
  }
  if (step.kind !== "claimed") return step;
  const outcome = await sendRefund(step.refund, step.order, step.op, actor, { client: deps.client, database });
  return { kind: "sent", outcome };
}

/** How far back a refund of the same amount by the same person counts as a likely accident. */
export const REPEAT_WINDOW_MS = 10 * 60 * 1000;
const REPEAT_STATUSES: RefundRow["status"][] = ["pending", "unknown", "needs_attention", "succeeded", "awaiting_approval"];

function minutesAgo(then: Date, now: Date): string {
  const m = Math.floor((now.getTime() - then.getTime()) / 60_000);
  if (m < 1) return "less than a minute ago";
  return m === 1 ? "1 minute ago" : `${m} minutes ago`;
}

/**
 * The two-tab accident: the same staff member already refunded (or asked approval for) the same
 * amount on this order within REPEAT_WINDOW_MS, and that refund was not failed/rejected. Returns
 * the sentence to show at the amount field, or null. Runs under the order's row lock, so two
 * tabs submitting at once are serialised and the second one sees the first.
 */
export async function findRepeat(
  tx: DbOrTx,
  q: { orderId: string; staffId: string; amount: bigint; now: Date },
): Promise<string | null> {
  const [hit] = await tx
    .select({ createdAt: refunds.createdAt, status: refunds.status })
    .from(refunds)
    .where(
      and(
        eq(refunds.orderId, q.orderId),
        eq(refunds.requestedBy, q.staffId),
        eq(refunds.amount, q.amount),
        inArray(refunds.status, REPEAT_STATUSES),
        gte(refunds.createdAt, new Date(q.now.getTime() - REPEAT_WINDOW_MS)),
      ),
    )
    .orderBy(desc(refunds.createdAt))
    .limit(1);
  if (!hit) return null;
  const ago = minutesAgo(hit.createdAt, q.now);
  return hit.status === "awaiting_approval"
    ? `You asked to refund ${formatIdr(q.amount)} on this order ${ago}; it is waiting for approval. Refund again?`
    : `You refunded ${formatIdr(q.amount)} on this order ${ago}. Refund again?`;
}

/**
 * Claims the GoPay call for a refund row (inside the caller's transaction, order locked): the
 * operation row keyed by partnerRefundNo exists before the call, and the refund points at it.
 */
export async function claimRefundOperation(
  tx: DbOrTx,
  refund: RefundRow,
  order: OrderRow,
  actorId: string | null,
  actorLabel: string,
): Promise<{ refund: RefundRow; op: Operation }> {
  const { op } = await claimOperation(tx, {
    kind: "refund",
    idempotencyKey: refund.partnerRefundNo,
    orderId: order.id,
    targetType: "refund",
    targetId: refund.id,
    amount: refund.amount,
    request: { channel: order.channel, orderId: order.orderId, partnerRefundNo: refund.partnerRefundNo, amount: refund.amount, reason: refund.reasonText },
    actorId,
    actorLabel,
  });
  const [updated] = await tx
    .update(refunds)
    .set({ operationId: op.id, status: "pending", updatedAt: new Date() })
    .where(eq(refunds.id, refund.id))
    .returning();
  await tx.insert(orderEvents).values({
    orderId: order.id,
    kind: "refund.requested",
    title: `Refund of ${formatIdr(refund.amount)} sent to GoPay`,
    actorId,
    actorLabel,
    operationId: op.id,
    detail: { partnerRefundNo: refund.partnerRefundNo, amount: refund.amount.toString(), reason: refund.reasonText },
  });
  return { refund: updated ?? refund, op };
}

import type { ApprovalStatus } from "~db/schema";
import type { RefundStatus } from "~db/schema/orders";
import { formatIdr } from "~/lib/money";
import { refundableNow, type RefundableOrder, type RefundableRefund } from "~/services/orders/refundable";

/** What must be known about a pending approval to say whether approving it now would work. */
export interface HonourFacts {
  approval: { status: ApprovalStatus; expiresAt: Date };
  /** The refund row the approval is for (null: missing). */
  refund: { status: RefundStatus; amount: bigint } | null;
  /** Its order (null: missing). */
  order: RefundableOrder | null;
  /** Every refund row of that order (refundableNow keeps the ones that hold money). */
  orderRefunds: readonly RefundableRefund[];
  /** Who asked (null: no such staff member). */
  requester: { active: boolean; email: string } | null;
  now: Date;
}

/**
 * THE rule for "can this approval still be honoured?", used both by the approve path (under the
 * approval's and the order's row locks, so it is authoritative there) and by the /approvals list
 * and the order page (without locks, so it flags early what approving would refuse). Returns the
 * sentence for the approver, or null when approving would go ahead. Who approves (not yourself)
 * is checked separately: it depends on the viewer, not on the request.
 */
export function whyNotHonourable(f: HonourFacts): string | null {
  if (f.approval.status !== "pending") return `This request was already ${f.approval.status}.`;
  if (f.approval.expiresAt.getTime() <= f.now.getTime()) return "This request expired (after 24 hours). Ask for a new refund.";
  if (!f.refund) return "The refund of this request is missing.";
  if (f.refund.status !== "awaiting_approval") return `Its refund is ${f.refund.status.replace("_", " ")}, no longer waiting for approval.`;
  if (!f.order) return "The order of this request is missing.";
  if (!f.requester || !f.requester.active) {
    return `${f.requester?.email ?? "The requester"} was deactivated since asking: reject it, and refund again yourself if it is still owed.`;
  }
  const r = refundableNow(f.order, f.orderRefunds, f.now);
  if (r.reason) return `Cannot approve: ${r.reason}`;
  if (f.refund.amount > r.amount) {
    return `Cannot approve: ${formatIdr(f.refund.amount)} no longer fits; at most ${formatIdr(r.amount)} can be refunded now.`;
  }
  return null;
}

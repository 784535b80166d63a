import type { OrderStatus } from "~db/schema";

/**
 * GoPay status → order status, and the monotonic order in which an order may move.
 *
 * Notifications arrive late, twice, or out of order (contract §2.4, sandbox faults), so an order
 * only ever moves "forward": pending → authorised → paid → partially_refunded → refunded, or from
 * pending/authorised to a terminal failure (cancelled, expired, failed). A paid order never moves to
 * a failure, and a terminal failure never moves at all. Inside the refund states, progress is the
 * refunded total: a notification saying "Rp 10.000 refunded" after one saying "Rp 20.000" is late.
 */

export const STATUS_RANK: Record<OrderStatus, number> = {
  pending: 10,
  authorised: 20,
  paid: 30,
  partially_refunded: 40,
  refunded: 50,
  cancelled: 90,
  expired: 90,
  failed: 90,
};

const PAID_FAMILY = new Set<OrderStatus>(["paid", "partially_refunded", "refunded"]);
const TERMINAL_FAILURES = new Set<OrderStatus>(["cancelled", "expired", "failed"]);

export const isPaidFamily = (s: OrderStatus) => PAID_FAMILY.has(s);
export const isTerminalFailure = (s: OrderStatus) => TERMINAL_FAILURES.has(s);

/** What a notification (or a status query) says the payment is now. */
export interface PaymentSignal {
  /** "00", "03" … (SNAP) or "settlement", "pending" … (Core), stored as orders.gopay_status. */
  gopayStatus: string;
  /** refund | partial_refund | refunded (SNAP 04): the order status follows from the totals. */
  kind: "status" | "refund";
  /** For kind "status": the order status it maps to. */
  status?: OrderStatus;
  /** GoPay's total refunded so far (minor units), when it says so. */
  refundTotal?: bigint;
}

export type SnapMapping = { kind: "status"; status: OrderStatus } | { kind: "refund" } | { kind: "ignore"; why: string };

/** SNAP BI latestTransactionStatus (contract §1.12). 01/02 (initiated/paying) are still pending. */
export function mapSnapStatus(code: string): SnapMapping {
  switch (code) {
    case "00":
      return { kind: "status", status: "paid" };
    case "01":
    case "02":
    case "03":
      return { kind: "status", status: "pending" };
    case "04":
      return { kind: "refund" };
    case "05":
      return { kind: "status", status: "cancelled" };
    case "06":
    case "09": // rejected: the customer's side failed it
      return { kind: "status", status: "failed" };
    case "08":
      return { kind: "status", status: "expired" };
    default: // 07 "not found" and anything new: nothing to apply
      return { kind: "ignore", why: `latestTransactionStatus ${code} has no order status` };
  }
}

/**
 * Core API transaction_status (contract §2.4). `cancel` of a pre-auth hold is a release (or an
 * expiry when the hold ran out): the caller decides between cancelled and expired with the hold.
 */
export function mapCoreStatus(status: string, opts: { holdExpired?: boolean } = {}): SnapMapping {
  switch (status) {
    case "settlement":
    case "capture":
      return { kind: "status", status: "paid" };
    case "authorize":
      return { kind: "status", status: "authorised" };
    case "pending":
      return { kind: "status", status: "pending" };
    case "deny":
    case "failure":
      return { kind: "status", status: "failed" };
    case "cancel":
      return { kind: "status", status: opts.holdExpired ? "expired" : "cancelled" };
    case "expire":
      return { kind: "status", status: "expired" };
    case "refund":
    case "partial_refund":
      return { kind: "refund" };
    default:
      return { kind: "ignore", why: `transaction_status ${status} has no order status` };
  }
}

export interface CurrentPaymentState {
  status: OrderStatus;
  paidAmount: bigint;
  refundedAmount: bigint;
  amount: bigint;
}

export interface Target {
  status: OrderStatus;
  refundedAmount: bigint;
}

/** The order status a signal leads to (refund signals: partially_refunded / refunded by totals). */
export function targetOf(cur: CurrentPaymentState, s: PaymentSignal): Target {
  if (s.kind === "status") return { status: s.status!, refundedAmount: cur.refundedAmount };
  const base = cur.paidAmount > 0n ? cur.paidAmount : cur.amount;
  const total = s.refundTotal ?? cur.refundedAmount;
  return { status: total >= base && total > 0n ? "refunded" : "partially_refunded", refundedAmount: total };
}

export type Decision = "apply" | "same" | "out_of_order";

/** Compares a target with the order's state: forward → apply, equal → same, backward → out_of_order. */
export function decide(cur: CurrentPaymentState, target: Target): Decision {
  const from = cur.status;
  const to = target.status;
  if (isTerminalFailure(from)) return to === from ? "same" : "out_of_order";
  if (isPaidFamily(from)) {
    if (!isPaidFamily(to)) return "out_of_order";
    const a = STATUS_RANK[from];
    const b = STATUS_RANK[to];
    if (b !== a) return b > a ? "apply" : "out_of_order";
    if (target.refundedAmount === cur.refundedAmount) return "same";
    return target.refundedAmount > cur.refundedAmount ? "apply" : "out_of_order";
  }
  const a = STATUS_RANK[from];
  const b = STATUS_RANK[to];
  if (b === a) return "same";
  return b > a ? "apply" : "out_of_order";
}

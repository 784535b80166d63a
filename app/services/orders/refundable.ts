import type { Channel, OrderStatus, RefundStatus } from "~db/schema/orders";
import type { Words } from "~/lib/words";

/** GoPay accepts refunds this many days after payment: deeplink (SNAP) 45, tokenized/pre-auth (Core API) 180. */
export const REFUND_WINDOW_DAYS: Record<Channel, number> = { deeplink: 45, tokenized: 180, preauth: 180 };
/** Refunds that hold money: done, in flight, or with an outcome not yet known (however long ago). */
export const RESERVING_REFUND_STATUSES: readonly RefundStatus[] = ["succeeded", "pending", "unknown", "needs_attention"];
const REFUNDABLE_STATUSES: readonly OrderStatus[] = ["paid", "partially_refunded"];
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RefundableOrder {
  status: OrderStatus;
  channel: Channel;
  paidAmount: bigint;
  paidAt: Date | null;
}
export interface RefundableRefund {
  amount: bigint;
  status: RefundStatus;
}
export interface Refundable {
  /** What may still be refunded right now (minor units); 0n when nothing may. */
  amount: bigint;
  /** Paid amount minus reserving refunds, ignoring the window (what a refund would have left). */
  remaining: bigint;
  /** End of the refund window (exclusive); null when the order was never paid. */
  until: Date | null;
  /** Why nothing is refundable, as a sentence for the page; null when something is. */
  reason: string | null;
  /** The same reason as translation words (app/locales refunds:refundable.*), for the page's language. */
  reasonWords?: Words;
}

/**
 * The refund rule, shared by the order page and the refund service (which re-checks it under
 * the order's row lock): refundable = paid − (succeeded + pending + unknown + needs_attention refunds), only for
 * a paid or partially refunded order, and only inside the channel's window after paid_at.
 */
export function refundableNow(order: RefundableOrder, refunds: readonly RefundableRefund[], now: Date): Refundable {
  const reserved = refunds
    .filter((r) => RESERVING_REFUND_STATUSES.includes(r.status))
    .reduce((sum, r) => sum + r.amount, 0n);
  const remaining = order.paidAmount > reserved ? order.paidAmount - reserved : 0n;
  const until = order.paidAt ? new Date(order.paidAt.getTime() + REFUND_WINDOW_DAYS[order.channel] * DAY_MS) : null;
  const none = (reason: string, key: string, params?: Words["params"]): Refundable => ({
    amount: 0n,
    remaining,
    until,
    reason,
    reasonWords: { key: `refunds:refundable.${key}`, params },
  });
  if (order.status === "authorised") {
    // A pre-auth hold: nothing is paid until it is captured, and a release is how its money goes back.
    return none("A hold is not paid until it is captured: capture it first, or release it to give the money back.", "authorised");
  }
  if (!REFUNDABLE_STATUSES.includes(order.status)) {
    const word = order.status.replace("_", " ");
    return none(`${/^[aeiou]/.test(word) ? "An" : "A"} ${word} order cannot be refunded.`, "status", { status: order.status });
  }
  if (!until) return none("The order has no payment time.", "noPaymentTime");
  if (now.getTime() >= until.getTime()) {
    return none(`The ${REFUND_WINDOW_DAYS[order.channel]}-day refund window has closed.`, "windowClosed", { days: REFUND_WINDOW_DAYS[order.channel] });
  }
  if (remaining === 0n) return none("Everything paid is already refunded or being refunded.", "nothingLeft");
  return { amount: remaining, remaining, until, reason: null };
}

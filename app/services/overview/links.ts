import type { OrderStatus } from "~db/schema/orders";

/*
 * Where each overview figure is explained: the filtered list behind it. Client-safe (types only
 * from the schema). The /orders URL is the one app/services/orders/search-params.ts parses:
 * repeated `status`, and `range=today|7d` (WIB days, by creation time).
 */
function ordersLink(statuses: readonly OrderStatus[], range?: "today" | "7d"): string {
  const p = new URLSearchParams();
  for (const s of statuses) p.append("status", s);
  if (range) p.set("range", range);
  const q = p.toString();
  return q ? `/orders?${q}` : "/orders";
}

/** Orders that took money: a refund does not undo the payment, so refunded orders were paid too. */
export const PAID_STATUSES = ["paid", "partially_refunded", "refunded"] as const satisfies readonly OrderStatus[];
export const FAILED_STATUSES = ["failed", "expired"] as const satisfies readonly OrderStatus[];
export const REFUNDED_STATUSES = ["partially_refunded", "refunded"] as const satisfies readonly OrderStatus[];

export const OVERVIEW_LINKS = {
  paidToday: ordersLink(PAID_STATUSES, "today"),
  failedToday: ordersLink(FAILED_STATUSES, "today"),
  refunded: ordersLink(REFUNDED_STATUSES),
  ordersWeek: ordersLink([], "7d"),
  /** /holds supports `view=expiring` (authorised holds lapsing within its EXPIRING_SOON_MS). */
  holdsExpiring: "/holds?view=expiring",
  holdsActive: "/holds?status=authorised",
  approvals: "/approvals",
  order: (orderId: string) => `/orders/${encodeURIComponent(orderId)}`,
} as const;

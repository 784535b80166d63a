import type { Channel, OrderStatus, PaymentOption } from "~db/schema/orders";
import { rowsLink, type DayRange } from "~/services/reports/period";
import type { ReportSourceKey } from "~/services/reports/sources";
import type { OverviewPeriod } from "./periods";

/*
 * Where each overview figure is explained: the filtered list behind it. Client-safe (types only
 * from the schema). The /orders URL is the one app/services/orders/search-params.ts parses:
 * repeated `status`, and `range=today|7d` (WIB days, by creation time).
 */
function ordersLink(
  statuses: readonly OrderStatus[],
  range?: "today" | "7d" | "30d",
  split: { channel?: Channel; option?: PaymentOption } = {},
): string {
  const p = new URLSearchParams();
  for (const s of statuses) p.append("status", s);
  if (split.channel) p.set("channel", split.channel);
  if (split.option) p.set("option", split.option);
  if (range) p.set("range", range);
  const q = p.toString();
  return q ? `/orders?${q}` : "/orders";
}

/** Orders that took money: a refund does not undo the payment, so refunded orders were paid too. */
export const PAID_STATUSES = [
  "paid",
  "partially_refunded",
  "refunded",
] as const satisfies readonly OrderStatus[];
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

/**
 * Where a number of the today / 7 days / 30 days panel leads. Finance (finance:read) gets the
 * report's rows — the very rows the number sums (by paid / settled time). Others get /orders
 * filtered by creation day, status, channel and option: the nearest list they may open.
 */
export function periodLink(
  what: ReportSourceKey | "created",
  period: OverviewPeriod,
  range: DayRange,
  canFinance: boolean,
  split: { channel?: Channel; option?: PaymentOption } = {},
): string {
  if (canFinance && what !== "created") return rowsLink({ source: what, ...range, ...split });
  const statuses = what === "payments" ? PAID_STATUSES : what === "refunds" ? REFUNDED_STATUSES : [];
  return ordersLink(statuses, period, split);
}

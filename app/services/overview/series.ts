import { weekDays, type OverviewWindow } from "./window";

/*
 * Shapes the grouped rows into chart series. Pure and client-safe. Money stays bigint (minor
 * units); the chart converts to rupiah numbers only for drawing, and its tooltip shows these exact values.
 */
export interface HourPoint {
  /** WIB hour, 0–23. */
  hour: number;
  today: bigint | null; // null after the current hour: the line stops at "now" instead of dropping to zero
  todayCount: number | null;
  yesterday: bigint;
  yesterdayCount: number;
}

export function hourlySeries(
  buckets: { bucket: number; sum: bigint; count: number }[],
  w: Pick<OverviewWindow, "currentHour">,
): HourPoint[] {
  const by = new Map(buckets.map((b) => [b.bucket, b]));
  return Array.from({ length: 24 }, (_, hour) => {
    const y = by.get(hour);
    const t = by.get(24 + hour);
    const future = hour > w.currentHour;
    return {
      hour,
      yesterday: y?.sum ?? 0n,
      yesterdayCount: y?.count ?? 0,
      today: future ? null : (t?.sum ?? 0n),
      todayCount: future ? null : (t?.count ?? 0),
    };
  });
}

/** The chart's status groups: a refund does not undo a payment, so refunded orders count as paid. */
export const STATUS_GROUPS = ["paid", "open", "cancelled", "expired", "failed"] as const;
export type StatusGroup = (typeof STATUS_GROUPS)[number];
const GROUP_OF: Record<string, StatusGroup> = {
  paid: "paid",
  partially_refunded: "paid",
  refunded: "paid",
  pending: "open",
  authorised: "open",
  cancelled: "cancelled",
  expired: "expired",
  failed: "failed",
};

export type StatusDay = { day: string; total: number } & Record<StatusGroup, number>;

export function statusSeries(
  rows: { day: number; status: string; count: number }[],
  w: Pick<OverviewWindow, "weekStart">,
): StatusDay[] {
  const days: StatusDay[] = weekDays(w).map((day) => ({ day, total: 0, paid: 0, open: 0, cancelled: 0, expired: 0, failed: 0 }));
  for (const r of rows) {
    const d = days[r.day];
    const g = GROUP_OF[r.status];
    if (!d || !g) continue;
    d[g] += r.count;
    d.total += r.count;
  }
  return days;
}

import { sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { EXPIRING_SOON_MS } from "~/services/holds/list.server";
import { OPEN_REFUND_STATUSES } from "~/services/refunds/apply.server";
import { weekDays, type OverviewWindow } from "./window";

/*
 * The overview's SQL: one statement per card group, each a range or equality scan on an index
 * (EXPLAIN ANALYZE on 1M orders: app/services/overview/EXPLAIN.md). Time bounds are passed as
 * ISO strings with an explicit cast so both drivers bind them the same way, and buckets are
 * computed by arithmetic on epochs from a WIB midnight, so no time-zone database is needed.
 * Sums are cast to text and parsed with BigInt: money never passes through a JS number.
 */
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const big = (v: unknown) => BigInt(String(v ?? "0"));
const int = (v: unknown) => Number(v ?? 0);
/** Not settled yet: waiting for a second pair of eyes, or sent and not answered (needs_attention included). */
const IN_PROGRESS_REFUND = sql.join(
  ["awaiting_approval", ...OPEN_REFUND_STATUSES].map((s) => sql`${s}`),
  sql`, `,
);

export interface Tally {
  sum: bigint;
  count: number;
}

export interface MoneyFigures {
  paidToday: Tally;
  paidYesterdaySameTime: Tally;
  paidYesterday: Tally;
  refundedToday: Tally;
  refundsInProgressToday: number;
  failedToday: number;
  expiredToday: number;
}

/**
 * Payments (by paid_at: when the money arrived), refunds requested today and orders created today
 * that failed or expired (by created_at, as /orders?range=today filters). One round trip.
 */
export async function moneyFigures(db: DbOrTx, w: OverviewWindow): Promise<MoneyFigures> {
  const [r] = await rows<Record<string, unknown>>(
    db,
    sql`
      select p.*, r.*, f.*
      from
        (select coalesce(sum(paid_amount) filter (where paid_at >= ${ts(w.todayStart)}), 0)::text as paid_today_sum,
                count(*) filter (where paid_at >= ${ts(w.todayStart)}) as paid_today_count,
                coalesce(sum(paid_amount) filter (where paid_at < ${ts(w.yesterdaySameTime)}), 0)::text as paid_ysame_sum,
                count(*) filter (where paid_at < ${ts(w.yesterdaySameTime)}) as paid_ysame_count,
                coalesce(sum(paid_amount) filter (where paid_at < ${ts(w.todayStart)}), 0)::text as paid_yday_sum,
                count(*) filter (where paid_at < ${ts(w.todayStart)}) as paid_yday_count
           from orders where paid_at >= ${ts(w.yesterdayStart)} and paid_at < ${ts(w.todayEnd)}) p,
        (select coalesce(sum(amount) filter (where status = 'succeeded'), 0)::text as refunded_sum,
                count(*) filter (where status = 'succeeded') as refunded_count,
                count(*) filter (where status in (${IN_PROGRESS_REFUND})) as in_progress
           from refunds where created_at >= ${ts(w.todayStart)} and created_at < ${ts(w.todayEnd)}) r,
        (select count(*) filter (where status = 'failed') as failed,
                count(*) filter (where status = 'expired') as expired
           from orders where status in ('failed', 'expired')
            and created_at >= ${ts(w.todayStart)} and created_at < ${ts(w.todayEnd)}) f
    `,
  );
  return {
    paidToday: { sum: big(r?.paid_today_sum), count: int(r?.paid_today_count) },
    paidYesterdaySameTime: { sum: big(r?.paid_ysame_sum), count: int(r?.paid_ysame_count) },
    paidYesterday: { sum: big(r?.paid_yday_sum), count: int(r?.paid_yday_count) },
    refundedToday: { sum: big(r?.refunded_sum), count: int(r?.refunded_count) },
    refundsInProgressToday: int(r?.in_progress),
    failedToday: int(r?.failed),
    expiredToday: int(r?.expired),
  };
}

/** Paid volume per WIB hour, yesterday (0–23) and today (24–47). */
export async function paidByHour(
  db: DbOrTx,
  w: OverviewWindow,
): Promise<{ bucket: number; sum: bigint; count: number }[]> {
  const list = await rows<Record<string, unknown>>(
    db,
    sql`
      select floor(extract(epoch from (paid_at - ${ts(w.yesterdayStart)})) / 3600)::int as bucket,
             sum(paid_amount)::text as sum, count(*) as count
      from orders
      where paid_at >= ${ts(w.yesterdayStart)} and paid_at < ${ts(w.todayEnd)}
      group by 1 order by 1
    `,
  );
  return list.map((r) => ({ bucket: int(r.bucket), sum: big(r.sum), count: int(r.count) }));
}

/**
 * Orders created per WIB day (0 = six days ago … 6 = today) and current status, as /orders?range=7d
 * counts them. Read from report_days ('created:<status>', kept by triggers in the same transaction
 * as each order change: docs/decisions/0005-report-days.md): a primary-key range of 7 days instead
 * of counting a week of orders (~77,000 rows at 11,000 a day, 40–145 ms; EXPLAIN.md).
 */
export async function ordersByDayAndStatus(
  db: DbOrTx,
  w: OverviewWindow,
): Promise<{ day: number; status: string; count: number }[]> {
  const days = weekDays(w);
  const list = await rows<Record<string, unknown>>(
    db,
    sql`
      select day::text as day, substr(source, 9) as status, sum(count)::text as count
      from report_days
      where day >= ${days[0]}::date and day <= ${days[6]}::date and source like 'created:%'
      group by day, source
    `,
  );
  return list
    .map((r) => ({ day: days.indexOf(String(r.day)), status: String(r.status), count: int(r.count) }))
    .filter((x) => x.day >= 0 && x.count > 0);
}

export interface AttentionFigures {
  holdsActive: Tally;
  holdsExpiringSoon: number;
  holdsPastExpiry: number;
  unknownOperations: number;
  oldestUnknownAt: Date | null;
  pendingApprovals: Tally;
  notificationsApplyFailed: number;
  notificationsBadSignature: number;
}

/** Holds, GoPay calls with no known outcome, approvals waiting, and troubled notifications (24 h). One round trip. */
export async function attentionFigures(db: DbOrTx, w: OverviewWindow): Promise<AttentionFigures> {
  const soon = new Date(w.now.getTime() + EXPIRING_SOON_MS);
  const since = new Date(w.now.getTime() - 24 * 60 * 60 * 1000);
  const [r] = await rows<Record<string, unknown>>(
    db,
    sql`
      select h.*, o.*, a.*, n.*
      from
        (select count(*) as holds_count, coalesce(sum(amount), 0)::text as holds_sum,
                count(*) filter (where expires_at >= ${ts(w.now)} and expires_at <= ${ts(soon)}) as holds_soon,
                count(*) filter (where expires_at < ${ts(w.now)}) as holds_past
           from holds where status = 'authorised') h,
        (select count(*) as ops_unknown, extract(epoch from min(updated_at))::text as ops_oldest
           from operations where status = 'unknown') o,
        (select count(*) as approvals_count, coalesce(sum(amount), 0)::text as approvals_sum
           from approvals where status = 'pending') a,
        -- Pay-account notifications are stored "unverified" by design (no published signature;
        -- GoPay is asked instead): they are not rejections.
        (select count(*) filter (where not signature_valid and verification not in ('unverified', 'refetched')) as notif_bad_sig,
                count(*) filter (where apply_error is not null
                                   and (signature_valid or verification in ('unverified', 'refetched'))) as notif_apply_failed
           from notifications
          where received_at >= ${ts(since)} and (apply_error is not null or not signature_valid)) n
    `,
  );
  return {
    holdsActive: { sum: big(r?.holds_sum), count: int(r?.holds_count) },
    holdsExpiringSoon: int(r?.holds_soon),
    holdsPastExpiry: int(r?.holds_past),
    unknownOperations: int(r?.ops_unknown),
    oldestUnknownAt: r?.ops_oldest ? new Date(Number(r.ops_oldest) * 1000) : null,
    pendingApprovals: { sum: big(r?.approvals_sum), count: int(r?.approvals_count) },
    notificationsApplyFailed: int(r?.notif_apply_failed),
    notificationsBadSignature: int(r?.notif_bad_sig),
  };
}

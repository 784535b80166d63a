import { REPORT_CHANNELS, REPORT_OPTIONS } from "~/services/reports/sources";
import { shiftDay, type DayRange } from "~/services/reports/period";
import { buildReport, successRate, type Cell, type DayFigure } from "~/services/reports/report";

/*
 * The overview's money over days: today, 7 days, 30 days (WIB days ending today), folded from
 * report_days (one indexed read of ≤ 30 days, whatever the order volume). Pure and client-safe.
 */
export const OVERVIEW_PERIODS = ["today", "7d", "30d"] as const;
export type OverviewPeriod = (typeof OVERVIEW_PERIODS)[number];
const LENGTH: Record<OverviewPeriod, number> = { today: 1, "7d": 7, "30d": 30 };

export function overviewPeriodRange(period: OverviewPeriod, today: string): DayRange {
  return { from: shiftDay(today, -(LENGTH[period] - 1)), to: today };
}

export function parseOverviewPeriod(v: string | null | undefined): OverviewPeriod {
  return (OVERVIEW_PERIODS as readonly string[]).includes(v ?? "") ? (v as OverviewPeriod) : "today";
}

export interface SplitFigures {
  key: string;
  payments: Cell;
  refunds: Cell;
  net: bigint;
  created: number;
  paidOfCreated: number;
  successRate?: number;
}

export interface PeriodFigures {
  period: OverviewPeriod;
  range: DayRange;
  payments: Cell;
  refunds: Cell;
  coinPayouts: Cell;
  net: bigint;
  created: number;
  paidOfCreated: number;
  /** Orders created in the period that are paid (refunded ones included) / orders created; undefined without orders. */
  successRate?: number;
  byChannel: SplitFigures[];
  byOption: SplitFigures[];
  /** One point per WIB day of the period: what the chart draws. */
  daily: { day: string; payments: bigint; refunds: bigint; net: bigint; count: number }[];
}

const zero = (): Cell => ({ count: 0, amount: 0n });

export function periodFigures(
  period: OverviewPeriod,
  today: string,
  figures: readonly DayFigure[],
): PeriodFigures {
  const range = overviewPeriodRange(period, today);
  const r = buildReport(range, figures);
  const all = successRate(figures, range);
  const split = (key: string, by: "channel" | "option"): SplitFigures => {
    const pick = (k: "payments" | "refunds") =>
      (by === "channel" ? r.sources[k].byChannel[key] : r.sources[k].byOption[key]) ?? zero();
    const s = successRate(figures, range, by === "channel" ? { channel: key } : { option: key });
    return {
      key,
      payments: pick("payments"),
      refunds: pick("refunds"),
      net: (by === "channel" ? r.netByChannel[key] : r.netByOption[key]) ?? 0n,
      created: s.created,
      paidOfCreated: s.paid,
      successRate: s.rate,
    };
  };
  return {
    period,
    range,
    payments: r.sources.payments.total,
    refunds: r.sources.refunds.total,
    coinPayouts: r.sources.coin_payouts.total,
    net: r.net,
    created: all.created,
    paidOfCreated: all.paid,
    successRate: all.rate,
    byChannel: REPORT_CHANNELS.map((c) => split(c, "channel")),
    byOption: REPORT_OPTIONS.map((o) => split(o, "option")),
    daily: r.days.map((d) => ({
      day: d.day,
      payments: d.sources.payments.amount,
      refunds: d.sources.refunds.amount,
      net: d.net,
      count: d.sources.payments.count,
    })),
  };
}

import { NET_SIGN, REPORT_SOURCES, SPLIT_SOURCES, type ReportSourceKey } from "./sources";
import { daysOf, shiftDay, type DayRange } from "./period";

/*
 * Folding report_days rows into a report. Pure and client-safe; money stays bigint (sen).
 * channel / payment_option '' = none (coin payouts; an order with no option). So the splits
 * (byChannel, byOption, netByChannel, netByOption) take only SPLIT_SOURCES: coin payouts count in
 * the totals and net, never in a channel's or option's column.
 */
export interface DayFigure {
  day: string;
  source: string;
  channel: string;
  option: string;
  count: number;
  amount: bigint;
}

export interface Cell {
  count: number;
  amount: bigint;
}

export interface SourceFigures {
  total: Cell;
  byChannel: Record<string, Cell>;
  byOption: Record<string, Cell>;
}

export interface ReportDay {
  day: string;
  sources: Record<ReportSourceKey, Cell>;
  net: bigint;
}

export interface Report {
  range: DayRange;
  sources: Record<ReportSourceKey, SourceFigures>;
  net: bigint;
  netByChannel: Record<string, bigint>;
  netByOption: Record<string, bigint>;
  /** The range's days up to today, oldest first: a day that has not happened is no row of zeros. */
  days: ReportDay[];
  /** The range's days after today (WIB), left out of `days`; undefined when none. */
  notYet?: DayRange;
}

const zero = (): Cell => ({ count: 0, amount: 0n });
const add = (c: Cell, count: number, amount: bigint) => {
  c.count += count;
  c.amount += amount;
};

function emptySources(): Record<ReportSourceKey, SourceFigures> {
  return Object.fromEntries(
    REPORT_SOURCES.map((k) => [k, { total: zero(), byChannel: {}, byOption: {} }]),
  ) as Record<ReportSourceKey, SourceFigures>;
}

/**
 * `today` (a WIB `YYYY-MM-DD`): the days after it are left out of `days` and named in `notYet`.
 * Totals are the range's whatever `today` is: a figure dated later (none should be) still counts.
 */
export function buildReport(range: DayRange, figures: readonly DayFigure[], opts: { today?: string } = {}): Report {
  const sources = emptySources();
  const today = opts.today;
  const happened = today === undefined || range.to <= today ? range : { from: range.from, to: today };
  const notYet = today !== undefined && range.to > today ? { from: range.from > today ? range.from : shiftDay(today, 1), to: range.to } : undefined;
  const days = new Map<string, ReportDay>(
    daysOf(happened).map((day) => [
      day,
      {
        day,
        net: 0n,
        sources: Object.fromEntries(REPORT_SOURCES.map((k) => [k, zero()])) as Record<ReportSourceKey, Cell>,
      },
    ]),
  );
  const netByChannel: Record<string, bigint> = {};
  const netByOption: Record<string, bigint> = {};
  let net = 0n;
  for (const f of figures) {
    if (f.day < range.from || f.day > range.to) continue;
    const key = f.source as ReportSourceKey;
    const s = sources[key];
    if (!s) continue; // auxiliary keys (created, created_paid)
    add(s.total, f.count, f.amount);
    const split = (SPLIT_SOURCES as readonly string[]).includes(key);
    if (split) {
      add((s.byChannel[f.channel] ??= zero()), f.count, f.amount);
      add((s.byOption[f.option] ??= zero()), f.count, f.amount);
    }
    const d = days.get(f.day);
    if (d) add(d.sources[key], f.count, f.amount);
    const signed = BigInt(NET_SIGN[key]) * f.amount;
    if (signed !== 0n) {
      net += signed;
      if (d) d.net += signed;
      // Only an order's movements have a channel and option. Coin payouts sit under '' too, the
      // same key as "no option", so netting them here would charge them to orders without one.
      if (split) {
        netByChannel[f.channel] = (netByChannel[f.channel] ?? 0n) + signed;
        netByOption[f.option] = (netByOption[f.option] ?? 0n) + signed;
      }
    }
  }
  return { range, sources, net, netByChannel, netByOption, days: [...days.values()], ...(notYet ? { notYet } : {}) };
}

/** Orders created in the range and, of them, paid: success rate = paid / created (undefined when none). */
export function successRate(
  figures: readonly DayFigure[],
  range: DayRange,
  split?: { channel?: string; option?: string },
) {
  let created = 0;
  let paid = 0;
  for (const f of figures) {
    if (f.day < range.from || f.day > range.to) continue;
    if (split?.channel !== undefined && f.channel !== split.channel) continue;
    if (split?.option !== undefined && f.option !== split.option) continue;
    if (f.source === "created") created += f.count;
    else if (f.source === "created_paid") paid += f.count;
  }
  return { created, paid, rate: created > 0 ? paid / created : undefined };
}

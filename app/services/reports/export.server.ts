import { csvStream } from "~/lib/csv.server";
import { formatRupiahPlain } from "~/lib/money";
import { wibDateString } from "~/lib/time";
import { parsePeriod, periodRange, periodTiming, type DayRange } from "./period";
import type { ExportRefusal } from "./period-words";
import type { DayFigure } from "./report";
import { NET_SIGN, REPORT_SOURCES, type ReportSourceKey } from "./sources";

export const REPORT_CSV_COLUMNS = [
  "day_wib",
  "source",
  "channel",
  "payment_option",
  "count",
  "amount_rp",
  "net_effect_rp",
] as const;

/**
 * A report as CSV: one line per WIB day × source × channel × payment option (the report's finest
 * grain: every total of the page is a sum of these lines). A report is at most a few thousand
 * lines, but it goes through the same streaming writer as the rows.
 */
export function reportCsvStream(figures: readonly DayFigure[]): ReadableStream<Uint8Array> {
  const order = new Map(REPORT_SOURCES.map((k, i) => [k as string, i]));
  const lines = figures
    .filter((f) => order.has(f.source))
    .sort(
      (a, b) =>
        a.day.localeCompare(b.day) ||
        order.get(a.source)! - order.get(b.source)! ||
        a.channel.localeCompare(b.channel) ||
        a.option.localeCompare(b.option),
    )
    .map((f) => ({
      day_wib: f.day,
      source: f.source,
      channel: f.channel,
      payment_option: f.option,
      count: f.count,
      amount_rp: f.amount,
      net_effect_rp: BigInt(NET_SIGN[f.source as ReportSourceKey]) * f.amount,
    }));
  // why numbers, not their text: the formula guard leaves a number cell alone, so a refund's net
  // effect stays -50000 (as text it would be written '-50000); bigint cells are amounts in sen.
  return csvStream(lines, { columns: REPORT_CSV_COLUMNS, bom: true, bigint: formatRupiahPlain });
}

export function reportCsvFilename(range: DayRange): string {
  return range.from === range.to
    ? `loket-report-${range.from}-WIB.csv`
    : `loket-report-${range.from}_${range.to}-WIB.csv`;
}

/**
 * The days `?period=…` exports, or why it refuses (a 400, never another period's file): a
 * period that is not one, or one that has not begun (an empty file would read as nothing settled).
 */
export function reportExportRange(
  params: URLSearchParams,
  now: Date = new Date(),
): { ok: true; range: DayRange } | { ok: false; refusal: ExportRefusal } {
  const parsed = parsePeriod(params, now);
  if (!parsed.ok) return { ok: false, refusal: { kind: "invalid", error: parsed.error } };
  const range = periodRange(parsed.period);
  const today = wibDateString(now);
  if (periodTiming(range, today) === "future") return { ok: false, refusal: { kind: "future", what: parsed.period, today } };
  return { ok: true, range };
}

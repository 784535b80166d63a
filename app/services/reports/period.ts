import { isoDay, wibDateString } from "~/lib/time";
import { REPORT_CHANNELS, REPORT_OPTIONS, isReportSource, type ReportSourceKey } from "./sources";
import type { Channel, PaymentOption } from "~db/schema/orders";

/*
 * Report periods and the links between report cells and their rows. Client-safe and pure.
 * A period is a run of WIB calendar days, `from`..`to` inclusive, `YYYY-MM-DD`.
 */
export interface DayRange {
  from: string;
  to: string;
}

export type ReportPeriod = { kind: "day"; day: string } | { kind: "month"; month: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

function validDay(s: string): boolean {
  if (!DAY_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** `?period=day&day=2026-11-21` or `?period=month&month=2026-11`; default: this WIB month. */
export function parsePeriod(params: URLSearchParams, now: Date = new Date()): ReportPeriod {
  const today = wibDateString(now);
  if (params.get("period") === "day") {
    // A typed day-month-year (21-11-2026) or a link's 2026-11-21.
    const day = isoDay(params.get("day") ?? "");
    return { kind: "day", day: day ?? today };
  }
  const month = params.get("month") ?? "";
  const m = MONTH_RE.exec(month);
  return { kind: "month", month: m && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? month : today.slice(0, 7) };
}

export function periodRange(p: ReportPeriod): DayRange {
  if (p.kind === "day") return { from: p.day, to: p.day };
  const [y, m] = p.month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${p.month}-01`, to: `${p.month}-${String(last).padStart(2, "0")}` };
}

/** Every day of the range, oldest first. */
export function daysOf(r: DayRange): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${r.from}T00:00:00Z`); t <= Date.parse(`${r.to}T00:00:00Z`); t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function shiftMonth(month: string, months: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return d.toISOString().slice(0, 7);
}

export function periodQuery(p: ReportPeriod): string {
  return p.kind === "day" ? `period=day&day=${p.day}` : `period=month&month=${p.month}`;
}

/** What a rows list (and its CSV) is filtered by: one source, a day range, optionally channel / option. */
export interface RowsScope extends DayRange {
  source: ReportSourceKey;
  channel?: Channel;
  /** "none": orders without a payment option (kept under '' in report_days). */
  option?: PaymentOption | "none";
}

export function rowsQuery(s: RowsScope): string {
  const p = new URLSearchParams({ source: s.source, from: s.from, to: s.to });
  if (s.channel) p.set("channel", s.channel);
  if (s.option) p.set("option", s.option);
  return p.toString();
}

/** The list behind a report total. */
export const rowsLink = (s: RowsScope) => `/finance/reports/rows?${rowsQuery(s)}`;
export const rowsCsvLink = (s: RowsScope) => `/finance/reports/rows.csv?${rowsQuery(s)}`;

const MAX_DAYS = 366;

/** Parses a rows list's URL; undefined when the source or days are not valid (the page says so). */
export function parseRowsScope(params: URLSearchParams): RowsScope | undefined {
  const source = params.get("source");
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  if (!isReportSource(source) || !validDay(from) || !validDay(to) || from > to) return undefined;
  if (daysOf({ from, to }).length > MAX_DAYS) return undefined;
  const channel = params.get("channel") ?? "";
  const option = params.get("option") ?? "";
  return {
    source,
    from,
    to,
    channel: (REPORT_CHANNELS as readonly string[]).includes(channel) ? (channel as Channel) : undefined,
    option:
      option === "none"
        ? "none"
        : (REPORT_OPTIONS as readonly string[]).includes(option)
          ? (option as PaymentOption)
          : undefined,
  };
}

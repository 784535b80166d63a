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

/**
 * What is wrong with a period (or a rows list's day) as the URL gave it, for the message at its
 * field (reports.errors.* in app/locales/{en,id}/finance.ts; words: ./period-words.ts).
 * `value` is what was typed (cut to 40 characters); `month` is the month number that does not
 * exist (noSuchMonth) or the `YYYY-MM` whose days were overrun (noSuchDay, with `days` in it).
 */
export type PeriodErrorCode =
  | "periodKind"
  | "monthMissing"
  | "monthFormat"
  | "noSuchMonth"
  | "dayMissing"
  | "dayFormat"
  | "noSuchDay";
export interface PeriodError {
  field: "period" | "month" | "day";
  code: PeriodErrorCode;
  value: string;
  month?: string;
  days?: number;
}

export type ParsedPeriod =
  | { ok: true; period: ReportPeriod }
  /** `kind` and `values`: what the form shows again, the bad value as it was typed. */
  | { ok: false; error: PeriodError; kind: ReportPeriod["kind"]; values: { month: string; day: string } };

const shown = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** `2026-11` (what `<input type="month">` sends) or a typed `11-2026` / `11/2026` → `2026-11`. */
function readMonth(raw: string): { month: string } | { code: "monthFormat" | "noSuchMonth"; month?: string } {
  const s = raw.trim();
  const ym = /^(\d{4})-(\d{1,2})$/.exec(s);
  const my = ym ? null : /^(\d{1,2})[-/.](\d{4})$/.exec(s);
  const [y, m] = ym ? [ym[1]!, ym[2]!] : my ? [my[2]!, my[1]!] : [];
  if (!y || !m) return { code: "monthFormat" };
  if (Number(m) < 1 || Number(m) > 12) return { code: "noSuchMonth", month: m };
  return { month: `${y}-${m.padStart(2, "0")}` };
}

/**
 * A typed day (day-month-year, or a link's `2026-11-21`; isoDay in app/lib/time.ts) → `YYYY-MM-DD`,
 * or why it is not one: not shaped like a day, a month that does not exist, a day past its month's end.
 */
export function readDay(raw: string): { day: string } | { code: "dayFormat" | "noSuchMonth" | "noSuchDay"; month?: string; days?: number } {
  const day = isoDay(raw);
  if (day) return { day };
  const s = raw.trim();
  const dmy = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  const ymd = dmy ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const [y, m, d] = dmy ? [dmy[3]!, dmy[2]!, dmy[1]!] : ymd ? [ymd[1]!, ymd[2]!, ymd[3]!] : [];
  if (!y || !m || !d) return { code: "dayFormat" };
  if (Number(m) < 1 || Number(m) > 12) return { code: "noSuchMonth", month: m };
  const month = `${y}-${m.padStart(2, "0")}`;
  return { code: "noSuchDay", month, days: daysInMonth(Number(y), Number(m)) };
}

/**
 * `?period=day&day=21-11-2026` (or a link's `2026-11-21`) or `?period=month&month=2026-11`. With
 * nothing asked: this WIB month (`?period=day` alone: today). Without `period`, a lone `day=` asks
 * for that day. Only the chosen kind's field is read (the form sends both). A value that is not a
 * period is an error naming it, never silently another period.
 */
export function parsePeriod(params: URLSearchParams, now: Date = new Date()): ParsedPeriod {
  const today = wibDateString(now);
  const rawKind = params.get("period");
  const rawMonth = params.get("month");
  const rawDay = params.get("day");
  const values = { month: rawMonth ?? "", day: rawDay ?? "" };
  const kind: ReportPeriod["kind"] =
    rawKind === "day" || rawKind === "month" ? rawKind : !rawKind && rawDay !== null && rawMonth === null ? "day" : "month";
  const fail = (error: PeriodError): ParsedPeriod => ({ ok: false, error, kind, values });
  if (rawKind && rawKind !== "day" && rawKind !== "month")
    return fail({ field: "period", code: "periodKind", value: shown(rawKind) });
  if (kind === "day") {
    if (rawDay === null) return { ok: true, period: { kind: "day", day: today } };
    if (!rawDay.trim()) return fail({ field: "day", code: "dayMissing", value: "" });
    const r = readDay(rawDay);
    return "day" in r ? { ok: true, period: { kind: "day", day: r.day } } : fail({ field: "day", value: shown(rawDay.trim()), ...r });
  }
  if (rawMonth === null) return { ok: true, period: { kind: "month", month: today.slice(0, 7) } };
  if (!rawMonth.trim()) return fail({ field: "month", code: "monthMissing", value: "" });
  const r = readMonth(rawMonth);
  return "code" in r
    ? fail({ field: "month", value: shown(rawMonth.trim()), ...r })
    : { ok: true, period: { kind: "month", month: r.month } };
}

export function periodRange(p: ReportPeriod): DayRange {
  if (p.kind === "day") return { from: p.day, to: p.day };
  const [y, m] = p.month.split("-").map(Number) as [number, number];
  const last = daysInMonth(y, m);
  return { from: `${p.month}-01`, to: `${p.month}-${String(last).padStart(2, "0")}` };
}

/**
 * Where a range stands against today's WIB day: all of it happened (`past`), today is in it
 * (`current`: figures so far, days after today not yet), or it starts after today (`future`).
 */
export type PeriodTiming = "past" | "current" | "future";
export function periodTiming(range: DayRange, today: string): PeriodTiming {
  if (range.from > today) return "future";
  return range.to >= today ? "current" : "past";
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

export const MAX_ROWS_DAYS = 366;

/** Why a rows list's URL names no list: its source, one of its days (as a period's day), or their order or span. */
export type RowsScopeError =
  | { field: "source"; code: "source"; value: string }
  | { field: "from" | "to"; code: PeriodErrorCode; value: string; month?: string; days?: number }
  | { field: "to"; code: "toBeforeFrom" | "tooLong"; value: string }
  | { field: "channel" | "option"; code: "channel" | "option"; value: string };

export type ParsedRowsScope = { ok: true; scope: RowsScope } | { ok: false; error: RowsScopeError };

/** Parses a rows list's URL; when it names no list, says which part is wrong (the page and the CSV say so). */
export function parseRowsScope(params: URLSearchParams): ParsedRowsScope {
  const source = params.get("source") ?? "";
  if (!isReportSource(source)) return { ok: false, error: { field: "source", code: "source", value: shown(source.trim()) } };
  const days: Partial<DayRange> = {};
  for (const field of ["from", "to"] as const) {
    const raw = params.get(field) ?? "";
    if (!raw.trim()) return { ok: false, error: { field, code: "dayMissing", value: "" } };
    const r = readDay(raw);
    if (!("day" in r)) return { ok: false, error: { field, value: shown(raw.trim()), ...r } };
    days[field] = r.day;
  }
  const { from, to } = days as DayRange;
  if (from > to) return { ok: false, error: { field: "to", code: "toBeforeFrom", value: to } };
  if (daysOf({ from, to }).length > MAX_ROWS_DAYS) return { ok: false, error: { field: "to", code: "tooLong", value: to } };
  // An unknown split is refused, not dropped: dropping it would list every channel's rows as this one's.
  const channel = (params.get("channel") ?? "").trim();
  if (channel && !(REPORT_CHANNELS as readonly string[]).includes(channel))
    return { ok: false, error: { field: "channel", code: "channel", value: shown(channel) } };
  const option = (params.get("option") ?? "").trim();
  if (option && option !== "none" && !(REPORT_OPTIONS as readonly string[]).includes(option))
    return { ok: false, error: { field: "option", code: "option", value: shown(option) } };
  return {
    ok: true,
    scope: {
      source,
      from,
      to,
      channel: channel ? (channel as Channel) : undefined,
      option: option ? (option as PaymentOption | "none") : undefined,
    },
  };
}

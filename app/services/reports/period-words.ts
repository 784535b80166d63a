import { formatWibDate, formatWibDay, wibStartOfDay } from "~/lib/time";
import { say, type Words } from "~/lib/words";
import { MAX_ROWS_DAYS, type DayRange, type PeriodError, type ReportPeriod, type RowsScopeError } from "./period";

/*
 * A report's days, months and errors in the page's language. Client-safe and pure. Dates go
 * through the app's helper (formatWibDate: `21 Nov 2026`, `21 Agu 2026` in Bahasa Indonesia) as
 * on /orders and /audit; the inputs keep day-month-year (DayInput), the URLs and CSVs ISO.
 */

/** The WIB day `2026-11-21` → `21 Nov 2026` (`id`: `21 Nov 2026`, `21 Agu 2026`). */
export function dayLabel(day: string, lng: string): string {
  return formatWibDay(day, lng);
}

/** `2026-11` → `Nov 2026` (`id`: `Agu 2026` for August): formatWibDate's month and year, so the same names. */
export function monthLabel(month: string, lng: string): string {
  const start = wibStartOfDay(`${month}-01`);
  return start ? formatWibDate(start, lng).replace(/^1\s+/, "") : month;
}

/** `21 Nov 2026`, or `1 Nov 2026 – 30 Nov 2026` for a range of days. */
export function daysLabel(from: string, to: string, lng: string): string {
  return from === to ? dayLabel(from, lng) : `${dayLabel(from, lng)} – ${dayLabel(to, lng)}`;
}

export function periodLabel(p: ReportPeriod, lng: string): string {
  return p.kind === "day" ? dayLabel(p.day, lng) : monthLabel(p.month, lng);
}

/** An error of the period field or of a rows list's URL as a sentence (finance:reports.errors.* / reports.rows.errors.*). */
export function periodErrorWords(e: PeriodError | RowsScopeError, lng: string): Words {
  switch (e.code) {
    case "noSuchMonth":
      return { key: "finance:reports.errors.noSuchMonth", params: { value: e.value, month: e.month ?? "" } };
    case "noSuchDay":
      return {
        key: "finance:reports.errors.noSuchDay",
        params: { value: e.value, month: e.month ? monthLabel(e.month, lng) : "", days: e.days ?? 0 },
      };
    case "source":
    case "channel":
    case "option":
      return { key: `finance:reports.rows.errors.${e.code}`, params: { value: e.value } };
    case "toBeforeFrom":
      return { key: "finance:reports.rows.errors.toBeforeFrom", params: { value: dayLabel(e.value, lng) } };
    case "tooLong":
      return { key: "finance:reports.rows.errors.tooLong", params: { max: MAX_ROWS_DAYS } };
    default:
      return { key: `finance:reports.errors.${e.code}`, params: { value: e.value } };
  }
}

/** Why a CSV export answers 400 instead of a file: its period (or rows list) is not one, or has not begun. */
export type ExportRefusal =
  | { kind: "invalid"; error: PeriodError | RowsScopeError }
  | { kind: "future"; what: ReportPeriod | DayRange; today: string };

/** The refusal as the 400's text, in the language of `t` (requestT); `lng` names the months. */
export function exportRefusalText(r: ExportRefusal, t: unknown, lng: string): string {
  if (r.kind === "future") {
    const what = "kind" in r.what ? periodLabel(r.what, lng) : daysLabel(r.what.from, r.what.to, lng);
    const today = dayLabel(r.today, lng);
    return say(t, { key: "finance:reports.future.export", params: { period: what, today } }, `Nothing exported: ${what} has not happened yet (today is ${today}, WIB).`);
  }
  const message = say(t, periodErrorWords(r.error, lng), r.error.code);
  return say(t, { key: "finance:reports.errors.export", params: { param: r.error.field, message } }, `Nothing exported (parameter ${r.error.field}): ${message}`);
}

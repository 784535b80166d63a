import type { DbOrTx } from "~/db/client.server";
import { wibDateString } from "~/lib/time";
import { parsePeriod, periodRange, periodTiming, type ParsedPeriod, type PeriodTiming, type ReportPeriod } from "./period";
import type { Report } from "./report";
import { loadReport } from "./report.server";

/**
 * What /finance/reports shows for its URL: the report of a period that has begun (days after today
 * left out), a period that has not begun yet (no zeros: nothing was read), or the period field's
 * error (no report: never another period's figures under a wrong label).
 */
export type ReportPage = { today: string } & (
  | { state: "invalid"; parsed: Extract<ParsedPeriod, { ok: false }> }
  | { state: "future"; period: ReportPeriod }
  | { state: "report"; period: ReportPeriod; timing: Exclude<PeriodTiming, "future">; report: Report }
);

export async function loadReportPage(db: DbOrTx, params: URLSearchParams, now: Date = new Date()): Promise<ReportPage> {
  const today = wibDateString(now);
  const parsed = parsePeriod(params, now);
  if (!parsed.ok) return { today, state: "invalid", parsed };
  const range = periodRange(parsed.period);
  const timing = periodTiming(range, today);
  if (timing === "future") return { today, state: "future", period: parsed.period };
  return { today, state: "report", period: parsed.period, timing, report: await loadReport(db, range, { today }) };
}

import type { DbOrTx } from "~/db/client.server";
import { dayFigures } from "~/services/reports/report.server";
import { overviewPeriodRange, periodFigures, type OverviewPeriod, type PeriodFigures } from "./periods";

/**
 * The chosen period's figures from report_days (kept by triggers in the same transaction as each
 * money change, so today's are live): a primary-key range read of at most 30 days.
 * docs/decisions/0005-report-days.md says why a trigger-kept table and not a refreshed summary.
 */
export async function loadPeriodFigures(
  db: DbOrTx,
  period: OverviewPeriod,
  today: string,
): Promise<PeriodFigures> {
  return periodFigures(period, today, await dayFigures(db, overviewPeriodRange(period, today)));
}

import { sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import type { DayRange } from "./period";
import { buildReport, type DayFigure, type Report } from "./report";

/**
 * report_days for WIB days from..to inclusive: one index range scan on its primary key (a month
 * is a few thousand rows at most, whatever the order volume), each key summed over its shards.
 * Sums as text → BigInt.
 */
export async function dayFigures(db: DbOrTx, range: DayRange): Promise<DayFigure[]> {
  const list = await rows<{
    day: string;
    source: string;
    channel: string;
    payment_option: string;
    count: string;
    amount: string;
  }>(
    db,
    // A key's figure is the sum of its shards (migration 0024); the overview chart's 'created:<status>' keys are not the report's.
    sql`select day::text as day, source, channel, payment_option, sum(count)::text as count, sum(amount)::text as amount
          from report_days
         where day >= ${range.from}::date and day <= ${range.to}::date and source not like 'created:%'
         group by day, source, channel, payment_option
        having sum(count) <> 0 or sum(amount) <> 0`,
  );
  return list
    .map((r) => ({
      day: r.day,
      source: r.source,
      channel: r.channel,
      option: r.payment_option,
      count: Number(r.count),
      amount: BigInt(r.amount),
    }))
    .filter((f) => f.count !== 0 || f.amount !== 0n);
}

/** `today` (WIB `YYYY-MM-DD`): days after it are not rows of the report (buildReport). */
export async function loadReport(db: DbOrTx, range: DayRange, opts: { today?: string } = {}): Promise<Report> {
  return buildReport(range, await dayFigures(db, range), opts);
}

import { sql, type SQL } from "drizzle-orm";
import type { Channel, PaymentOption } from "~db/schema/orders";
import type { ReportSourceKey } from "../sources";

/**
 * One money movement of the report. Its rows are read straight from the table that records the
 * movement, with the SAME definition as its share of report_days (a report_*_contribs function in
 * migration 0017): the property test holds each report total equal to the sum over these rows.
 */
export interface ReportSource {
  key: ReportSourceKey;
  /**
   * The movement's rows in [start, end), oldest first by (at, id), as the unified columns of
   * ReportRowRaw. `after`: a keyset boundary (at as Postgres text, id).
   */
  select(w: RowWindow, after?: RowCursor): SQL;
}

export interface RowWindow {
  start: Date;
  end: Date;
  channel?: Channel;
  /** "none": the rows whose order has no payment option (report_days keeps them under ''). */
  option?: PaymentOption | "none";
}

export interface RowCursor {
  at: string;
  id: string;
}

/** The unified columns every source selects (text where exactness matters: times, money, ids). */
export interface ReportRowRaw extends Record<string, unknown> {
  at_text: string;
  id: string;
  /** Our order id (ORD-…), or the coin payout's Request-Id. */
  ref: string | null;
  order_uuid: string | null;
  customer_uuid: string | null;
  channel: string | null;
  payment_option: string | null;
  amount: string;
  status: string;
  /** GoPay's id of the movement: transaction reference, refund number, coin payment id. */
  reference: string | null;
}

export const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** `and <order column> = …` for the window's channel / option (column names of alias o). */
export function orderSplit(w: RowWindow): SQL {
  const parts: SQL[] = [];
  if (w.channel) parts.push(sql` and o.channel = ${w.channel}`);
  if (w.option === "none") parts.push(sql` and o.payment_option is null`);
  else if (w.option) parts.push(sql` and o.payment_option = ${w.option}`);
  return sql.join(parts, sql``);
}

/** `and (at, id) > (…)` on the given expressions. */
export function afterCond(at: SQL, id: SQL, after?: RowCursor): SQL {
  return after ? sql` and (${at}, ${id}) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
}

import { sql } from "drizzle-orm";
import { bigint, date, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";

/**
 * Money movements summed per WIB day, per report source, channel and payment option: what the
 * overview and /finance/reports read instead of scanning a month of orders. Maintained by
 * statement-level triggers on orders, refunds, holds and coin_payouts, in the same transaction as
 * the change (migration 0017 and later; docs/decisions/0005-report-days.md). Never written by app code.
 * channel / payment_option are '' when the row has none (coin payouts; an order without an option yet).
 *
 * A key's figure is the SUM over its shards (migration 0024): each database connection adds to its
 * own shard (report_shard(): backend pid mod 8), so concurrent payments do not queue on one row
 * lock per day. A shard alone may be negative (paid on one connection, refunded on another).
 */
export const reportDays = pgTable(
  "report_days",
  {
    day: date("day", { mode: "string" }).notNull(),
    source: text("source").notNull(),
    channel: text("channel").notNull().default(""),
    paymentOption: text("payment_option").notNull().default(""),
    count: bigint("count", { mode: "bigint" })
      .notNull()
      .default(sql`0`),
    amount: bigint("amount", { mode: "bigint" })
      .notNull()
      .default(sql`0`),
    shard: smallint("shard").notNull().default(0),
  },
  (t) => [primaryKey({ name: "report_days_pk", columns: [t.day, t.source, t.channel, t.paymentOption, t.shard] })],
);

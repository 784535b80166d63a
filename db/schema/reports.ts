import { sql } from "drizzle-orm";
import { bigint, date, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/**
 * Money movements summed per WIB day, per report source, channel and payment option: what the
 * overview and /finance/reports read instead of scanning a month of orders. Maintained by
 * statement-level triggers on orders, refunds, holds and coin_payouts, in the same transaction as
 * the change (migration 0017 and later; docs/decisions/0005-report-days.md). Never written by app code.
 * channel / payment_option are '' when the row has none (coin payouts; an order without an option yet).
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
  },
  (t) => [primaryKey({ name: "report_days_pk", columns: [t.day, t.source, t.channel, t.paymentOption] })],
);

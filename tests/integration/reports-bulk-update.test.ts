import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "../../app/db/rows.server";
// Renamed: the lint rule for React hooks would otherwise treat this vitest helper as one.
import { useTestDb as withTestDb } from "../support/db";

/**
 * report_days is kept by statement-level triggers on orders. PL/pgSQL plans each statement of the
 * trigger once per connection, on the first UPDATE it serves (nearly always one row), and reuses
 * that plan for a statement of any size. The UPDATE branch used to join the OLD and NEW transition
 * tables by id: planned for one row that is a nested loop, so a later UPDATE of N orders on the same
 * connection compared N × N rows (20,000 orders: over 90 s; the lists bench's 1,000,000: never).
 * Migration 0023 finds the orders that changed channel or option by grouping instead.
 * Postgres only: statement_timeout is what turns "quadratic" into a failure here.
 */
const t = withTestDb();
const N = 20_000;

describe.skipIf(!process.env.DATABASE_URL)("report_days on a bulk UPDATE of orders (Postgres)", () => {
  it("a 20,000-order UPDATE on a connection that already updated one order finishes, and moves refunds' shares with the option", async () => {
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into orders (order_id, gopay_reference, channel, payment_option, status, amount, paid_amount, refunded_amount,
                            customer_name, customer_phone, customer_email, pop_id, created_at, paid_at)
        select 'BULK-' || g, 'GPB' || g, 'deeplink', 'GOPAY_WALLET', 'paid', 100000, 100000, 0,
               'A', '62812' || g, 'a@example.com', 'POP', timestamptz '2026-10-01 03:00Z' + (g || ' seconds')::interval, timestamptz '2026-10-01 04:00Z'
        from generate_series(1, ${N}) g`);
      await tx.execute(sql`
        insert into refunds (order_id, partner_refund_no, amount, reason_code, status, created_at, settled_at)
        select id, 'R-' || order_id, 2500, 'customer_request', 'succeeded', timestamptz '2026-10-02 03:00Z', timestamptz '2026-10-02 03:00Z'
        from orders where order_id like 'BULK-%' and substr(order_id, 6)::int <= 100`);
      // The connection's first UPDATEs of orders: one row each, as the app makes them.
      await tx.execute(sql`update orders set customer_matched_by = 'phone' where order_id = 'BULK-1'`);
      await tx.execute(sql`update orders set customer_matched_by = 'phone' where order_id = 'BULK-2'`);

      await tx.execute(sql`set local statement_timeout = '30s'`);
      await tx.execute(sql`update orders set payment_option = 'PAY_LATER' where order_id like 'BULK-%'`);
      await tx.execute(sql`set local statement_timeout = 0`);

      const refundsByOption = await rows<{ payment_option: string; count: string; amount: string }>(
        tx,
        sql`select payment_option, sum(count)::text count, sum(amount)::text amount from report_days
            where source = 'refunds' group by payment_option having sum(count) <> 0 order by payment_option`,
      );
      expect(refundsByOption).toEqual([{ payment_option: "PAY_LATER", count: "100", amount: "250000" }]);
      const createdByOption = await rows<{ payment_option: string; count: string }>(
        tx,
        sql`select payment_option, sum(count)::text count from report_days
            where source = 'created' group by payment_option having sum(count) <> 0 order by payment_option`,
      );
      expect(createdByOption).toEqual([{ payment_option: "PAY_LATER", count: String(N) }]);
    });
  }, 120_000);
});

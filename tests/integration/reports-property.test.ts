import fc from "fast-check";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CHANNELS, PAYMENT_OPTIONS, coinPayouts, customers, holds, orders, refunds } from "~db/schema";
import { rows } from "~/db/rows.server";
import { daysOf, type RowsScope } from "~/services/reports/period";
import { dayFigures, loadReport } from "~/services/reports/report.server";
import { sumReportRows } from "~/services/reports/rows.server";
import { REPORT_SOURCES, SPLIT_SOURCES } from "~/services/reports/sources";
import { orderDefaults } from "../support/factories";
import { useTestDb } from "../support/db";

/*
 * Every report total equals a sum over the raw rows. Random orders (every channel, option and
 * status, times around WIB midnights), refunds, holds and coin payouts are inserted, then a random
 * share of them is changed (the triggers' UPDATE path) and some deleted (DELETE path); each source's
 * total — for the whole range, every day, every channel and every option — read from report_days
 * must equal count/sum over the source's own rows query. Afterwards everything is deleted and
 * report_days must net to zero.
 */
const t = useTestDb();

const FROM = "2026-11-18";
const TO = "2026-11-21";
// 2026-11-17T17:00Z is 2026-11-18 00:00 WIB; spread over four WIB days plus an hour either side.
const T0 = Date.parse("2026-11-17T16:00:00Z");
const SPAN = 4 * 86_400_000 + 2 * 3_600_000;
const ORDER_STATUSES = [
  "pending",
  "authorised",
  "paid",
  "partially_refunded",
  "refunded",
  "cancelled",
  "expired",
  "failed",
] as const;
const REFUND_STATUSES = ["pending", "succeeded", "failed", "unknown", "rejected"] as const;
const HOLD_STATUSES = ["authorised", "captured", "released", "expired"] as const;

const timeArb = fc.integer({ min: 0, max: SPAN }).map((ms) => new Date(T0 + ms));
const orderArb = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  option: fc.option(fc.constantFrom(...PAYMENT_OPTIONS), { freq: 8 }),
  status: fc.constantFrom(...ORDER_STATUSES),
  amount: fc.integer({ min: 1, max: 5_000_000 }).map((r) => BigInt(r) * 100n),
  createdAt: timeArb,
  lag: fc.integer({ min: 0, max: 6 * 3_600_000 }),
  refunds: fc.array(
    fc.record({
      status: fc.constantFrom(...REFUND_STATUSES),
      at: timeArb,
      settled: fc.boolean(),
      share: fc.integer({ min: 1, max: 100 }),
    }),
    { maxLength: 2 },
  ),
  hold: fc.record({ status: fc.constantFrom(...HOLD_STATUSES), at: timeArb }),
});
const payoutArb = fc.record({
  status: fc.constantFrom("paid", "queued", "failed", "unknown"),
  at: timeArb,
  rupiah: fc.integer({ min: 1, max: 500_000 }),
});
const changeArb = fc.record({
  order: fc.nat(),
  to: fc.constantFrom(...ORDER_STATUSES),
  option: fc.option(fc.constantFrom(...PAYMENT_OPTIONS)),
  refundTo: fc.constantFrom(...REFUND_STATUSES),
  holdTo: fc.constantFrom(...HOLD_STATUSES),
  at: timeArb,
});

const PAID = new Set(["paid", "partially_refunded", "refunded"]);

async function checkTotals() {
  const db = t.db;
  const report = await loadReport(db, { from: FROM, to: TO });
  for (const source of REPORT_SOURCES) {
    const whole = await sumReportRows(db, { source, from: FROM, to: TO });
    expect({ source, ...report.sources[source].total }).toEqual({ source, ...whole });
    for (const d of report.days) {
      expect({ source, day: d.day, ...d.sources[source] }).toEqual({
        source,
        day: d.day,
        ...(await sumReportRows(db, { source, from: d.day, to: d.day })),
      });
    }
    if (!SPLIT_SOURCES.includes(source)) continue;
    for (const channel of CHANNELS) {
      const cell = report.sources[source].byChannel[channel] ?? { count: 0, amount: 0n };
      expect({ source, channel, ...cell }).toEqual({
        source,
        channel,
        ...(await sumReportRows(db, { source, from: FROM, to: TO, channel })),
      });
    }
    for (const option of [...PAYMENT_OPTIONS, "none" as const]) {
      const cell = report.sources[source].byOption[option === "none" ? "" : option] ?? {
        count: 0,
        amount: 0n,
      };
      const scope: RowsScope = { source, from: FROM, to: TO, option };
      expect({ source, option, ...cell }).toEqual({ source, option, ...(await sumReportRows(db, scope)) });
    }
  }
  // Orders created per WIB day by current status (the overview's 7-day chart), against the orders themselves.
  const kept = await rows<{ day: string; status: string; n: string }>(
    db,
    sql`select day::text as day, substr(source, 9) as status, sum(count)::text as n from report_days
         where source like 'created:%' group by 1, 2 having sum(count) <> 0 order by 1, 2`,
  );
  const counted = await rows<{ day: string; status: string; n: string }>(
    db,
    sql`select to_char(created_at + interval '7 hours', 'YYYY-MM-DD') as day, status, count(*)::text as n from orders group by 1, 2 order by 1, 2`,
  );
  expect(kept).toEqual(counted);
  // Net = payments − refunds − coin payouts, and the days add up to the range.
  const s = report.sources;
  expect(report.net).toBe(s.payments.total.amount - s.refunds.total.amount - s.coin_payouts.total.amount);
  expect(report.days.reduce((a, d) => a + d.net, 0n)).toBe(report.net);
  // A channel's / option's net is its own payments − refunds: coin payouts (keyed '') are no order's.
  const own = (c?: { amount: bigint }) => c?.amount ?? 0n;
  for (const channel of CHANNELS) {
    expect({ channel, net: report.netByChannel[channel] ?? 0n }).toEqual({
      channel,
      net: own(s.payments.byChannel[channel]) - own(s.refunds.byChannel[channel]),
    });
  }
  for (const option of [...PAYMENT_OPTIONS, ""]) {
    expect({ option, net: report.netByOption[option] ?? 0n }).toEqual({
      option,
      net: own(s.payments.byOption[option]) - own(s.refunds.byOption[option]),
    });
  }
  expect(daysOf({ from: FROM, to: TO })).toEqual(report.days.map((d) => d.day));
}

describe("report totals = sums over raw rows (property)", () => {
  it("holds for random orders, refunds, holds and coin payouts, after changes and deletes", async () => {
    const db = t.db;
    const [customer] = await db.insert(customers).values({ name: "Budi" }).returning();
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderArb, { minLength: 1, maxLength: 25 }),
        fc.array(payoutArb, { maxLength: 5 }),
        fc.array(changeArb, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        async (list, payouts, changes, deletes) => {
          const inserted = await db
            .insert(orders)
            .values(
              list.map((o) => {
                const paid = PAID.has(o.status) || (o.channel === "preauth" && o.hold.status === "captured");
                const status =
                  o.channel === "preauth" && o.hold.status === "captured" && !PAID.has(o.status)
                    ? "paid"
                    : o.status;
                const closed = ["cancelled", "expired", "failed"].includes(status);
                return orderDefaults({
                  channel: o.channel,
                  paymentOption: o.option,
                  status,
                  amount: o.amount,
                  paidAmount: paid ? o.amount : 0n,
                  createdAt: o.createdAt,
                  paidAt: paid ? new Date(o.createdAt.getTime() + o.lag) : null,
                  closedAt: closed ? new Date(o.createdAt.getTime() + o.lag) : null,
                });
              }),
            )
            .returning();
          const refundRows = list.flatMap((o, i) =>
            PAID.has(inserted[i]!.status)
              ? o.refunds.map((r) => ({
                  orderId: inserted[i]!.id,
                  partnerRefundNo: `R-${crypto.randomUUID()}`,
                  reasonCode: "customer_request",
                  amount: (o.amount * BigInt(r.share)) / 100n,
                  status: r.status,
                  createdAt: r.at,
                  settledAt: r.settled ? new Date(r.at.getTime() + 60_000) : null,
                }))
              : [],
          );
          if (refundRows.length) await db.insert(refunds).values(refundRows);
          const holdRows = list.flatMap((o, i) =>
            o.channel === "preauth"
              ? [
                  {
                    orderId: inserted[i]!.id,
                    amount: o.amount,
                    status: o.hold.status,
                    authorisedAt: o.createdAt,
                    expiresAt: new Date(o.createdAt.getTime() + 900_000),
                    capturedAt: o.hold.status === "captured" ? o.hold.at : null,
                    releasedAt: o.hold.status === "released" ? o.hold.at : null,
                    expiredAt: o.hold.status === "expired" ? o.hold.at : null,
                  },
                ]
              : [],
          );
          if (holdRows.length) await db.insert(holds).values(holdRows);
          if (payouts.length) {
            await db.insert(coinPayouts).values(
              payouts.map((p) => ({
                customerId: customer!.id,
                amount: BigInt(p.rupiah) * 100n,
                description: "cashback",
                requestId: crypto.randomUUID(),
                status: p.status,
                paidAt: p.status === "paid" ? p.at : null,
              })),
            );
          }

          // Changes: an order's status / option / times, a refund settling, a hold moving.
          for (const c of changes) {
            const o = inserted[c.order % inserted.length]!;
            const paid = PAID.has(c.to);
            await db
              .update(orders)
              .set({
                status: c.to,
                paymentOption: c.option,
                paidAt: paid ? c.at : null,
                paidAmount: paid ? o.amount : 0n,
                closedAt: paid ? null : c.at,
              })
              .where(eq(orders.id, o.id));
            await db
              .update(refunds)
              .set({ status: c.refundTo, settledAt: c.at })
              .where(eq(refunds.orderId, o.id));
            await db
              .update(holds)
              .set({
                status: c.holdTo,
                capturedAt: c.holdTo === "captured" ? c.at : null,
                releasedAt: c.holdTo === "released" ? c.at : null,
              })
              .where(eq(holds.orderId, o.id));
          }
          // A statement touching many rows at once (bulk paths: one trigger call for all).
          await db
            .update(orders)
            .set({ updatedAt: new Date() })
            .where(
              inArray(
                orders.id,
                inserted.map((o) => o.id),
              ),
            );
          for (const d of deletes) {
            const o = inserted[d % inserted.length]!;
            await db.delete(refunds).where(eq(refunds.orderId, o.id));
          }

          await checkTotals();

          await db.delete(coinPayouts);
          await db.delete(holds);
          await db.delete(refunds);
          await db.delete(orders);
          // Per key over its shards: a shard alone may stay non-zero (added on one connection, taken
          // back on another), the key's sum may not.
          const left = await rows<{ n: string }>(
            db,
            sql`select count(*)::text as n from (
                  select 1 from report_days group by day, source, channel, payment_option
                  having sum(count) <> 0 or sum(amount) <> 0) k`,
          );
          expect(left[0]!.n).toBe("0");
          expect(await dayFigures(db, { from: "2026-01-01", to: "2026-12-31" })).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.REPORTS_PROPERTY_RUNS ?? 12) },
    );
  }, 120_000);
});

import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { ordersByDayAndStatus } from "../../app/services/overview/queries.server";
import { overviewWindow } from "../../app/services/overview/window";
import { dayFigures } from "../../app/services/reports/report.server";
// Renamed: the lint rule for React hooks would otherwise treat this vitest helper as one.
import { useTestDb as withTestDb } from "../support/db";

/**
 * report_days is kept by triggers in the same transaction as each order change. Every payment of a
 * day used to add to the same rows ('payments', 'created_paid', 'created:pending', 'created:paid' of
 * today), so a payment's transaction waited for every other open payment transaction to commit: in
 * a burst of 32 concurrent GoPay notifications most backends sat in Lock:transactionid. Migration
 * 0024 gives each connection its own shard of a key (backend pid mod 8); readers sum the shards.
 * Postgres only: PGlite has one connection.
 */
const t = withTestDb();
const clients: postgres.Sql[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
});

/** Two single connections whose report shards differ (pigeonhole: at most 9 tries for 8 shards). */
async function twoConnectionsOnDifferentShards(): Promise<[postgres.Sql, postgres.Sql]> {
  const byShard = new Map<number, postgres.Sql>();
  for (let i = 0; i < 9; i++) {
    const c = postgres(t.handle.url!, { max: 1, onnotice: () => {} });
    clients.push(c);
    const [r] = await c<{ shard: number }[]>`select report_shard() as shard`;
    if (!byShard.has(r!.shard)) byShard.set(r!.shard, c);
    if (byShard.size === 2) return [...byShard.values()] as [postgres.Sql, postgres.Sql];
  }
  throw new Error("no two connections on different shards");
}

async function wibToday(c: postgres.Sql): Promise<string> {
  const [r] = await c<{ day: string }[]>`select loket_wib_day(now())::text as day`;
  return r!.day;
}

const pay = (c: postgres.Sql | postgres.TransactionSql, orderId: string) =>
  c`update orders set status = 'paid', status_rank = 30, paid_at = now(), paid_amount = amount, payment_option = 'GOPAY_WALLET'
     where order_id = ${orderId}`;

describe.skipIf(!process.env.DATABASE_URL)("report_days shards (Postgres)", () => {
  it("a payment does not wait for another connection's open payment transaction, and the report counts both", async () => {
    const [a, b] = await twoConnectionsOnDifferentShards();
    await a`insert into orders (order_id, channel, status, amount) values ('SHARD-1', 'deeplink', 'pending', 1500000), ('SHARD-2', 'deeplink', 'pending', 2500000)`;
    const today = await wibToday(a);

    let releaseA!: () => void;
    const aHolds = new Promise<void>((r) => (releaseA = r));
    let aPaid!: () => void;
    const aHasPaid = new Promise<void>((r) => (aPaid = r));
    const txA = a.begin(async (tx) => {
      await pay(tx, "SHARD-1");
      aPaid();
      await aHolds; // A's payment stays uncommitted while B pays.
    });
    await aHasPaid;
    try {
      // Before migration 0024 this waited on the row A's trigger had locked, until lock_timeout.
      await b.begin(async (tx) => {
        await tx`set local lock_timeout = '3s'`;
        await pay(tx, "SHARD-2");
      });
    } finally {
      releaseA();
      await txA;
    }

    const payments = (await dayFigures(t.db, { from: today, to: today })).filter((f) => f.source === "payments");
    expect(payments).toEqual([
      { day: today, source: "payments", channel: "deeplink", option: "GOPAY_WALLET", count: 2, amount: 4_000_000n },
    ]);
    const [rowsOfKey] = await a<{ n: number }[]>`
      select count(*)::int as n from report_days where day = ${today}::date and source = 'payments' and channel = 'deeplink'
        and payment_option = 'GOPAY_WALLET' and count <> 0`;
    expect(rowsOfKey!.n).toBe(2);
  });

  it("a key added on one shard and taken back on another sums to nothing in the report and the overview", async () => {
    const [a, b] = await twoConnectionsOnDifferentShards();
    await a`insert into orders (order_id, channel, status, amount, payment_option) values ('SHARD-GONE', 'qris', 'pending', 700000, 'QRIS')`;
    await b`delete from orders where order_id = 'SHARD-GONE'`;
    const today = await wibToday(a);

    // The shards themselves: +1 on one, -1 on the other.
    const perShard = await a<{ count: string }[]>`
      select count::text as count from report_days where day = ${today}::date and source = 'created' and channel = 'qris'
        and payment_option = 'QRIS' order by count`;
    expect(perShard.map((r) => r.count)).toEqual(["-1", "1"]);

    expect((await dayFigures(t.db, { from: today, to: today })).filter((f) => f.channel === "qris")).toEqual([]);
    // The overview's 7-day chart: today's statuses are the orders that exist (the first test's two, paid).
    const week = await ordersByDayAndStatus(t.db, overviewWindow());
    expect(week.filter((x) => x.day === 6)).toEqual([{ day: 6, status: "paid", count: 2 }]);
  });
});

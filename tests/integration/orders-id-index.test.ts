import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orders } from "~db/schema/orders";
import { rows } from "../../app/db/rows.server";
import { listOrders } from "../../app/services/orders/list.server";
import { searchCondition } from "../../app/services/orders/where.server";
import { parseOrderSearch } from "../../app/services/orders/search-params";
// Renamed: the lint rule for React hooks would otherwise treat this vitest helper as one.
import { useTestDb as withTestDb } from "../support/db";
import { insertOrders } from "../support/factories";

/**
 * Order ids are looked up two ways: exactly, often several at once (/audit names the orders of a
 * page of entries: `order_id in (…)`), and by fragment (the /orders search box, trigram index).
 * The trigram index used to be on order_id itself; gin_trgm_ops also answers `=`, and Postgres
 * costed its bitmap scan below the unique btree for an id list of 2,701 demo orders — then read
 * the posting lists of the trigrams every id shares: 15–25 ms a lookup against 0.1 ms.
 */
const t = withTestDb();
const ORDERS = 2_700;
const idOf = (n: number) => `INV-202610${String((n % 30) + 1).padStart(2, "0")}-${String(n).padStart(4, "0")}`;

beforeAll(async () => {
  const all = Array.from({ length: ORDERS }, (_, i) => ({
    orderId: idOf(i + 1),
    createdAt: new Date(Date.UTC(2026, 9, (i % 30) + 1, 3, 0, i % 60)),
  }));
  for (let i = 0; i < all.length; i += 500) await insertOrders(t.db, all.slice(i, i + 500));
  await t.db.execute(sql`analyze orders`);
});

async function plan(query: ReturnType<typeof sql>, { noSeqScan = false } = {}): Promise<string> {
  return t.db.transaction(async (tx) => {
    if (noSeqScan) await tx.execute(sql`set local enable_seqscan = off`);
    const lines = await rows<{ "QUERY PLAN": string }>(tx, sql`explain ${query}`);
    return lines.map((l) => l["QUERY PLAN"]).join("\n");
  });
}

describe("order id lookups", () => {
  it("looks up a list of order ids through the unique btree, never the trigram index", async () => {
    const ids = [30, 331, 632, 933, 1234, 1535, 1836, 2137, 2438, 2699].map(idOf);
    const list = sql.join(ids.map((id) => sql`${id}`), sql`, `);
    const text = await plan(sql`select ${orders.id}, ${orders.orderId} from ${orders} where ${orders.orderId} in (${list})`);
    expect(text).not.toMatch(/trgm/);
    // With sequential scans allowed the planner may still prefer one on some engines; never the trigram index.
    const forced = await plan(sql`select ${orders.id}, ${orders.orderId} from ${orders} where ${orders.orderId} in (${list})`, { noSeqScan: true });
    expect(forced).toContain("orders_order_id_uq");
    expect(forced).not.toMatch(/trgm/);
    const found = await rows<{ order_id: string }>(t.db, sql`select order_id from orders where order_id in (${list}) order by order_id`);
    expect(found.map((r) => r.order_id)).toEqual([...ids].sort());
  });

  it("searches a fragment of an order id through the trigram index, in any letter case", async () => {
    const condition = searchCondition("inv-20261005", "partial")!;
    const forced = await plan(sql`select ${orders.id} from ${orders} where ${condition}`, { noSeqScan: true });
    expect(forced).toContain("orders_order_id_lower_trgm_idx");

    const parsed = parseOrderSearch(new URLSearchParams("q=inv-20261005-00"), new Date("2026-11-01T00:00:00Z"));
    const page = await listOrders(t.db, { ...parsed.filters, searchMode: "partial" }, { limit: 100 });
    const expected = Array.from({ length: 99 }, (_, i) => i + 1).map(idOf).filter((id) => id.startsWith("INV-20261005-00"));
    expect(page.rows.map((r) => r.orderId).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);
  });

  it("keeps LIKE's wildcards literal in a fragment", async () => {
    const parsed = parseOrderSearch(new URLSearchParams("q=INV_2026"), new Date("2026-11-01T00:00:00Z"));
    const page = await listOrders(t.db, { ...parsed.filters, searchMode: "partial" }, { limit: 10 });
    expect(page.rows).toEqual([]);
  });
});

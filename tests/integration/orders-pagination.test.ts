import { beforeAll, describe, expect, it } from "vitest";
import { listOrders } from "../../app/services/orders/list.server";
import { SORTS } from "../../app/services/orders/options";
import { parseOrderSearch } from "../../app/services/orders/search-params";
// Renamed: the lint rule for React hooks would otherwise treat this vitest helper as one.
import { useTestDb as withTestDb } from "../support/db";
import { insertOrders } from "../support/factories";

const t = withTestDb();
const N = 47;

beforeAll(async () => {
  // Many ties on purpose: 5 distinct timestamps (two differ only by microseconds, set in SQL
  // below) and 4 distinct amounts, so the id tie-breaker carries most of the ordering.
  const base = Date.UTC(2026, 2, 1);
  await insertOrders(
    t.db,
    Array.from({ length: N }, (_, i) => ({
      orderId: `PG-${String(i).padStart(3, "0")}`,
      createdAt: new Date(base + (i % 4) * 60_000),
      amount: BigInt((i % 4) + 1) * 10_000_00n,
      status: i % 3 === 0 ? ("pending" as const) : ("paid" as const),
    })),
  );
  const { sql } = await import("drizzle-orm");
  await t.db.execute(sql`update orders set created_at = created_at + interval '1 microsecond' where order_id in ('PG-001','PG-005','PG-009')`);
});

async function walk(qs: string, limit: number) {
  const filters = parseOrderSearch(new URLSearchParams(qs)).filters;
  const seen: string[] = [];
  const pages: string[][] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listOrders(t.db, filters, { after, limit });
    pages.push(page.rows.map((r) => r.orderId));
    seen.push(...page.rows.map((r) => r.orderId));
    if (!page.next) break;
    after = page.next;
  }
  return { seen, pages, filters };
}

describe("keyset pagination", () => {
  for (const sort of SORTS) {
    it(`returns every row exactly once, in order, for ${sort}`, async () => {
      const { seen, filters } = await walk(`sort=${sort}`, 7);
      expect(seen).toHaveLength(N);
      expect(new Set(seen).size).toBe(N);
      const all = (await listOrders(t.db, filters, { limit: 1000 })).rows;
      expect(seen).toEqual(all.map((r) => r.orderId));
      const key = (r: (typeof all)[number]) => (sort.startsWith("amount") ? Number(r.amount) : r.createdAt.getTime());
      for (let i = 1; i < all.length; i++) {
        const d = key(all[i]!) - key(all[i - 1]!);
        expect(sort.endsWith("desc") ? d <= 0 : d >= 0).toBe(true);
      }
    });
  }

  it("walks back with `before` to the same pages, and page one has no prev", async () => {
    const filters = parseOrderSearch(new URLSearchParams("sort=amount_asc&status=paid")).filters;
    const p1 = await listOrders(t.db, filters, { limit: 5 });
    expect(p1.prev).toBeUndefined();
    const p2 = await listOrders(t.db, filters, { after: p1.next, limit: 5 });
    const p3 = await listOrders(t.db, filters, { after: p2.next, limit: 5 });
    const back2 = await listOrders(t.db, filters, { before: p3.prev, limit: 5 });
    expect(back2.rows.map((r) => r.id)).toEqual(p2.rows.map((r) => r.id));
    const back1 = await listOrders(t.db, filters, { before: back2.prev, limit: 5 });
    expect(back1.rows.map((r) => r.id)).toEqual(p1.rows.map((r) => r.id));
    expect(back1.prev).toBeUndefined();
    expect(back1.next).toBeTruthy();
  });

  it("ignores a cursor made for another sort or tampered with", async () => {
    const created = parseOrderSearch(new URLSearchParams("")).filters;
    const p1 = await listOrders(t.db, created, { limit: 5 });
    const amount = parseOrderSearch(new URLSearchParams("sort=amount_desc")).filters;
    const first = await listOrders(t.db, amount, { limit: 5 });
    expect((await listOrders(t.db, amount, { after: p1.next, limit: 5 })).rows).toEqual(first.rows);
    expect((await listOrders(t.db, amount, { after: "not-a-cursor", limit: 5 })).rows).toEqual(first.rows);
  });

  it("the last page has no next", async () => {
    const { pages } = await walk("status=pending", 4);
    expect(pages.flat()).toHaveLength(16);
    expect(pages.at(-1)!.length).toBeGreaterThan(0);
  });
});

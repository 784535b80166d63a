/* eslint-disable @typescript-eslint/no-explicit-any -- the sandbox's control API answers loose JSON */
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "../../app/services/demo-data/seed.server";
import { demoEmail, ensureDemoStaff } from "../../app/services/staff/demo-staff.server";
import {
  apiKeys,
  approvals,
  auditLog,
  holds,
  HOLD_STATUSES,
  operations,
  orderEvents,
  orders,
  ORDER_STATUSES,
  payAccountEvents,
  payAccounts,
  PAYMENT_OPTIONS,
  refunds,
  staff,
} from "../../db/schema";
import { useTestDb } from "../support/db";
import { startApiHarness, type ApiHarness } from "./merchant-api-helpers";

// The seed against a real sandbox with NO app listening: the sandbox's notifications go nowhere
// (the harness gives it no notify URL), so every state asserted below reached Loket's database
// through the seed's own convergence (status queries, account GETs) and Loket's services.
const t = useTestDb();
let h: ApiHarness;
let lines: string[];
let seconds: number;
beforeAll(async () => {
  h = await startApiHarness();
  await ensureDemoStaff(t.db, "demo-password-for-tests");
  const started = Date.now();
  lines = await seedDemoData(t.db);
  seconds = (Date.now() - started) / 1000;
}, 120_000);
afterAll(async () => h?.close());

const DAY = 24 * 60 * 60 * 1000;

describe("demo seed, no app running", () => {
  it("finishes cleanly and says what it made", () => {
    console.log(`demo seed took ${seconds.toFixed(1)} s\n${lines.join("\n")}`);
    expect(lines[0]).toMatch(/seeded/);
    expect(lines.filter((l) => l.startsWith("  !"))).toEqual([]); // no warnings
    const notified = h.sb.ctx.state; // sanity: the sandbox really did the customers' moves
    expect(notified).toBeDefined();
  });

  it("has every order status in Loket", async () => {
    const rows = await t.db.select({ status: orders.status, n: count() }).from(orders).groupBy(orders.status);
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    for (const s of ORDER_STATUSES) expect(by[s], `orders ${s}`).toBeGreaterThan(0);
    // partially refunded: a SNAP one and a Core one; refunded in full: two
    expect(by.partially_refunded).toBeGreaterThanOrEqual(3);
    expect(by.refunded).toBeGreaterThanOrEqual(2);
    expect(by.authorised).toBe(4);
  });

  it("has every hold status in Loket, consistent with the order", async () => {
    const rows = await t.db.select({ hold: holds.status, order: orders.status }).from(holds).innerJoin(orders, eq(orders.id, holds.orderId));
    const pairs = new Set(rows.map((r) => `${r.hold}/${r.order}`));
    for (const s of HOLD_STATUSES) expect([...pairs].some((p) => p.startsWith(`${s}/`)), `hold ${s}`).toBe(true);
    expect(pairs).toEqual(new Set(["authorised/authorised", "captured/paid", "released/cancelled", "expired/expired"]));
    const [released] = await t.db.select().from(holds).where(eq(holds.status, "released"));
    expect(released!.releaseReason).toMatch(/returned/);
    const [finance] = await t.db.select().from(staff).where(eq(staff.email, demoEmail("finance")));
    expect(released!.settledBy).toBe(finance!.id);
  });

  it("has pay accounts pending, enabled, expired, and disabled by staff and by the customer's side", async () => {
    const accs = await t.db.select().from(payAccounts);
    const by = (s: string) => accs.filter((a) => a.status === s).length;
    expect([by("PENDING"), by("ENABLED"), by("EXPIRED"), by("DISABLED")]).toEqual([1, 2, 1, 2]);
    const unbinds = await t.db.select({ source: payAccountEvents.source, actor: payAccountEvents.actorLabel }).from(payAccountEvents).where(eq(payAccountEvents.kind, "unbind"));
    // Staff (the admin, through unbindAccount) and GoPay's side (the customer, learned by a GET:
    // GoPay does not say whether it was the app or a phone change, so Loket records "gopay").
    expect(unbinds.map((u) => u.source).sort()).toEqual(["gopay", "staff"]);
    expect(unbinds.find((u) => u.source === "staff")!.actor).toBe(demoEmail("admin"));
  });

  it("has a support agent's refund above the limit waiting for approval, nothing sent for it", async () => {
    const [support] = await t.db.select().from(staff).where(eq(staff.email, demoEmail("support")));
    const waiting = await t.db.select().from(refunds).where(eq(refunds.status, "awaiting_approval"));
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.requestedBy).toBe(support!.id);
    expect(waiting[0]!.amount).toBeGreaterThan(1_000_000_00n);
    expect(waiting[0]!.operationId).toBeNull();
    const [approval] = await t.db.select().from(approvals).where(and(eq(approvals.targetId, waiting[0]!.id), eq(approvals.status, "pending")));
    expect(approval!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    // the order stays paid and GoPay saw no refund for it
    const [o] = await t.db.select().from(orders).where(eq(orders.id, waiting[0]!.orderId));
    expect(o!.status).toBe("paid");
    const sbRefunds = (await h.requests("snap.refund")).map((r: any) => r.headers?.["x-external-id"]);
    expect(sbRefunds).not.toContain(waiting[0]!.partnerRefundNo);
  });

  it("agrees with the sandbox on every deeplink payment and refunded total", async () => {
    const sb = (await h.control("/snap/payments")) as any[];
    const loket = await t.db.select().from(orders).where(eq(orders.channel, "deeplink"));
    const map: Record<string, string[]> = { "00": ["paid"], "03": ["pending"], "04": ["partially_refunded", "refunded"], "05": ["cancelled"], "06": ["failed"], "08": ["expired"] };
    expect(loket.length).toBe(23);
    for (const o of loket) {
      const p = sb.find((x) => x.partnerReferenceNo === o.orderId);
      expect(map[p.status], `${o.orderId} sandbox ${p.status} vs loket ${o.status}`).toContain(o.status);
    }
    const succeeded = await t.db.select({ orderId: refunds.orderId, total: sql<string>`sum(${refunds.amount})::text` }).from(refunds).where(eq(refunds.status, "succeeded")).groupBy(refunds.orderId);
    for (const s of succeeded) {
      const [o] = await t.db.select().from(orders).where(eq(orders.id, s.orderId));
      expect(o!.refundedAmount).toBe(BigInt(s.total));
    }
  });

  it("looks like a month of business: spread over ~30 days (WIB), Rp 15.000 … Rp 2.500.000, all payment options", async () => {
    const all = await t.db.select().from(orders);
    const created = all.map((o) => o.createdAt.getTime());
    expect(Math.max(...created)).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - Math.min(...created)).toBeGreaterThan(25 * DAY);
    expect(Date.now() - Math.min(...created)).toBeLessThan(31 * DAY);
    const days = new Set(all.map((o) => new Date(o.createdAt.getTime() + 7 * 3600_000).toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(15);
    const amounts = all.map((o) => o.amount);
    expect(amounts.reduce((a, b) => (b < a ? b : a))).toBe(15_000_00n);
    expect(amounts.reduce((a, b) => (b > a ? b : a))).toBe(2_500_000_00n);
    expect(all.filter((o) => o.amount > 1_000_000_00n && o.paidAt).length).toBeGreaterThanOrEqual(2);
    const options = new Set(all.filter((o) => o.channel === "deeplink" && o.paidAt).map((o) => o.paymentOption));
    expect(options).toEqual(new Set(PAYMENT_OPTIONS));
    // History moved back consistently: nothing happened before its order was created.
    const [early] = await t.db
      .select({ n: count() })
      .from(orderEvents)
      .innerJoin(orders, eq(orders.id, orderEvents.orderId))
      .where(sql`${orderEvents.at} < ${orders.createdAt} or ${orders.paidAt} < ${orders.createdAt}`);
    expect(early!.n).toBe(0);
    // Active holds keep GoPay's real expiry (in the future); the lapsed one's is in the past.
    const hs = await t.db.select().from(holds);
    for (const x of hs.filter((x) => x.status === "authorised")) expect(x.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(hs.find((x) => x.status === "expired")!.expiresAt.getTime()).toBeLessThan(Date.now());
  });

  it("a second run does nothing", async () => {
    const snapshot = async () => ({
      orders: (await t.db.select({ n: count() }).from(orders))[0]!.n,
      events: (await t.db.select({ n: count() }).from(orderEvents))[0]!.n,
      ops: (await t.db.select({ n: count() }).from(operations))[0]!.n,
      audit: (await t.db.select({ n: count() }).from(auditLog))[0]!.n,
      accounts: (await t.db.select({ n: count() }).from(payAccounts))[0]!.n,
      keys: (await t.db.select({ n: count() }).from(apiKeys))[0]!.n,
      statuses: (await t.db.select({ s: orders.status, u: orders.updatedAt }).from(orders).orderBy(orders.orderId)).map((r) => `${r.s}@${r.u.toISOString()}`),
    });
    const before = await snapshot();
    await h.control("/requests", undefined, "DELETE");
    expect(await seedDemoData(t.db)).toEqual(["Demo data: already seeded."]);
    expect(await snapshot()).toEqual(before);
    expect(await h.control("/requests")).toEqual([]); // not one call to the sandbox
    const seeded = await t.db.select({ n: count() }).from(orders).where(inArray(orders.channel, ["deeplink", "tokenized", "preauth"]));
    expect(seeded[0]!.n).toBe(before.orders);
  });
});

import { asc, eq } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { getCustomerCase } from "../../app/services/customers/case.server";
import { upsertCustomer } from "../../app/services/customers/customers.server";
import { listCustomers, parseCustomerSearch, searchCustomers } from "../../app/services/customers/list.server";
import { backfillCustomerLinksOnce, CUSTOMER_BACKFILL_LOCK_KEY } from "../../app/services/customers/boot.server";
import { backfillCustomerLinks } from "../../app/services/customers/match.server";
import { customerMatchConflicts, customers, orders, payAccountEvents, payAccounts } from "../../db/schema";
// Renamed: the lint rule for React hooks would otherwise treat this vitest helper as one.
import { useTestDb as withTestDb } from "../support/db";
import { insertHold, insertNotification, insertOrder, insertRefund } from "../support/factories";

const t = withTestDb();

async function customer(over: Partial<typeof customers.$inferInsert> & { merchantUserId: string | null }) {
  if (over.merchantUserId) {
    const c = await upsertCustomer(t.db, { merchantUserId: over.merchantUserId, name: over.name, phone: over.phone, email: over.email });
    if (over.createdAt) await t.db.update(customers).set({ createdAt: over.createdAt }).where(eq(customers.id, c.id));
    return c;
  }
  const [c] = await t.db.insert(customers).values(over).returning();
  return c!;
}
async function orderOf(orderId: string) {
  const [o] = await t.db.select().from(orders).where(eq(orders.orderId, orderId));
  return o!;
}
async function search(q: string) {
  const page = await searchCustomers(t.db, parseCustomerSearch(new URLSearchParams({ q })));
  return page.rows.map((r) => r.merchantUserId ?? r.name);
}
/** Everything the backfill may write, to compare two runs. */
async function linkState() {
  const o = await t.db.select({ id: orders.id, c: orders.customerId, by: orders.customerMatchedBy, name: orders.customerName }).from(orders).orderBy(asc(orders.id));
  const a = await t.db.select({ id: payAccounts.id, c: payAccounts.customerId, by: payAccounts.customerMatchedBy }).from(payAccounts).orderBy(asc(payAccounts.id));
  const c = await t.db.select({ id: customers.id, m: customers.merchantUserId, s: customers.searchName }).from(customers).orderBy(asc(customers.id));
  const x = await t.db.select().from(customerMatchConflicts).orderBy(asc(customerMatchConflicts.id));
  return { o, a, c, x };
}

describe("matching and backfill", () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.a = (await customer({ merchantUserId: "m-a", name: "Siti Nurhaliza", phone: "6281200000001", email: "siti@example.com" })).id;
    ids.x = (await customer({ merchantUserId: "m-x", name: "Xena", phone: "6281299999999", email: "xena@example.com" })).id;
    ids.y = (await customer({ merchantUserId: "m-y", name: "Yusuf", phone: "6281299999999", email: "yusuf@example.com" })).id;
    // A customer known before search_name existed (a row from before migration 0012).
    const [old] = await t.db.insert(customers).values({ merchantUserId: "m-old", name: "Déwi Lestari" }).returning();
    ids.old = old!.id;
    const [acc] = await t.db.insert(payAccounts).values({ accountId: "ACC-A", phone: "6281200000001", status: "ENABLED" }).returning();
    ids.acc = acc!.id;
    const base = { customerName: null, customerEmail: null, customerPhone: null } as const;
    await insertOrder(t.db, { ...base, orderId: "O1-PHONE", customerPhone: "6281200000001" });
    await insertOrder(t.db, { ...base, orderId: "O2-AMBIGUOUS", customerPhone: "6281299999999" });
    await insertOrder(t.db, { ...base, orderId: "O3-NARROWED", customerPhone: "6281299999999", customerEmail: "YUSUF@example.com" });
    await insertOrder(t.db, { ...base, orderId: "O4-EMAIL", customerEmail: "Siti@Example.com" });
    await insertOrder(t.db, { ...base, orderId: "O5-NEW", customerPhone: "6285700000005", customerName: "Budi Guest", createdAt: new Date(Date.now() - 60_000) });
    await insertOrder(t.db, { ...base, orderId: "O6-SAME-NEW", customerPhone: "6285700000005" });
    await insertOrder(t.db, { ...base, orderId: "O7-ANONYMOUS" });
    await insertOrder(t.db, { ...base, orderId: "O8-TOKENIZED", channel: "tokenized", payAccountId: acc!.id, customerPhone: "6281200000001" });
  });

  it("links by merchant user id, account, phone, then email; records ambiguity instead of guessing", async () => {
    const r = await backfillCustomerLinks(t.db);
    expect(r.accounts.linked).toBe(1);
    expect(r.orders).toMatchObject({ linked: 6, ambiguous: 1 });
    expect(r.searchNames).toBe(1);

    const [acc] = await t.db.select().from(payAccounts).where(eq(payAccounts.id, ids.acc!));
    expect(acc).toMatchObject({ customerId: ids.a, customerMatchedBy: "phone" });
    expect(await orderOf("O1-PHONE")).toMatchObject({ customerId: ids.a, customerMatchedBy: "phone" });
    expect(await orderOf("O2-AMBIGUOUS")).toMatchObject({ customerId: null, customerMatchedBy: null });
    expect(await orderOf("O3-NARROWED")).toMatchObject({ customerId: ids.y, customerMatchedBy: "email" });
    expect(await orderOf("O4-EMAIL")).toMatchObject({ customerId: ids.a, customerMatchedBy: "email" });
    const o5 = await orderOf("O5-NEW");
    expect(o5.customerMatchedBy).toBe("created");
    expect(await orderOf("O6-SAME-NEW")).toMatchObject({ customerId: o5.customerId, customerMatchedBy: "phone" });
    expect(await orderOf("O7-ANONYMOUS")).toMatchObject({ customerId: null });
    // A tokenized order joins through its account and shows the customer's name and email.
    expect(await orderOf("O8-TOKENIZED")).toMatchObject({ customerId: ids.a, customerMatchedBy: "account", customerName: "Siti Nurhaliza", customerEmail: "siti@example.com" });

    const conflicts = await t.db.select().from(customerMatchConflicts);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ subjectType: "order", subjectId: (await orderOf("O2-AMBIGUOUS")).id, reason: "phone_ambiguous", value: "6281299999999" });
    expect([...conflicts[0]!.candidateIds].sort()).toEqual([ids.x, ids.y].sort());
    const [old] = await t.db.select().from(customers).where(eq(customers.id, ids.old!));
    expect(old!.searchName).toBe("dewi lestari");
  });

  it("a second run changes nothing (idempotent), ambiguity included", async () => {
    const before = await linkState();
    const r = await backfillCustomerLinks(t.db);
    expect(r.orders.linked).toBe(0);
    expect(r.accounts.linked).toBe(0);
    expect(r.orders.ambiguous).toBe(1);
    expect(r.searchNames).toBe(0);
    expect(await linkState()).toEqual(before);
  });

  it("shows the ambiguity on both candidates' case views, with the order to look at", async () => {
    for (const id of [ids.x!, ids.y!]) {
      const c = await getCustomerCase(t.db, id);
      expect(c!.warnings).toContainEqual(expect.objectContaining({ kind: "matchConflict", orderId: "O2-AMBIGUOUS" }));
    }
    expect((await getCustomerCase(t.db, ids.a!))!.warnings).toEqual([]);
  });

  it("a merchant user id later claims the guest with the same phone: one person, not two", async () => {
    const guestId = (await orderOf("O5-NEW")).customerId!;
    const c = await upsertCustomer(t.db, { merchantUserId: "m-budi", phone: "6285700000005", name: "Budi Santoso" });
    expect(c.id).toBe(guestId);
    expect(c.merchantUserId).toBe("m-budi");
    expect(c.name).toBe("Budi Guest"); // what was known stays; nothing is blanked
  });

  it("at boot, one process backfills while another that finds it running skips (no lockstep walk)", async () => {
    await insertOrder(t.db, { customerName: null, customerEmail: null, customerPhone: "6281200000001", orderId: "O9-BOOT" });
    if (t.handle.kind === "postgres") {
      // Another process holds the backfill lock: this one skips and leaves the row to it.
      const other = postgres(t.handle.url!, { max: 1, onnotice: () => {} });
      try {
        await other`select pg_advisory_lock(hashtextextended(${CUSTOMER_BACKFILL_LOCK_KEY}, 0))`;
        expect(await backfillCustomerLinksOnce(t.handle)).toBe("busy");
        expect(await orderOf("O9-BOOT")).toMatchObject({ customerId: null });
      } finally {
        await other.end();
      }
    }
    const r = await backfillCustomerLinksOnce(t.handle);
    expect(r).not.toBe("busy");
    expect(r !== "busy" && r.orders.linked).toBe(1);
    expect(await orderOf("O9-BOOT")).toMatchObject({ customerId: ids.a, customerMatchedBy: "phone" });
  });

  it("a conflict goes away once the order is linked some other way", async () => {
    const o2 = await orderOf("O2-AMBIGUOUS");
    await t.db.update(orders).set({ customerId: ids.x }).where(eq(orders.id, o2.id));
    const r = await backfillCustomerLinks(t.db);
    expect(r.staleConflictsRemoved).toBe(1);
    expect(await t.db.select().from(customerMatchConflicts)).toEqual([]);
  });
});

describe("search", () => {
  beforeAll(async () => {
    await customer({ merchantUserId: "s-1", name: "Andi WIJAYA", phone: "6281311110001", email: "Andi.W@Example.com" });
    await customer({ merchantUserId: "s-2", name: "Ratna Sàri Déwi", phone: "6281311110002" });
    await customer({ merchantUserId: "s-3", name: "Wíjaya Kusuma", phone: "6281311110003" });
    const s4 = await customer({ merchantUserId: "s-4", name: "Four", phone: "6281311110004" });
    await t.db.update(customers).set({ gopayAccountId: "GPA-MINI-4" }).where(eq(customers.id, s4.id));
    // s-2's linked account carries another number: a search by it still finds her.
    const s2 = (await t.db.select().from(customers).where(eq(customers.merchantUserId, "s-2")))[0]!;
    await t.db.insert(payAccounts).values({ accountId: "CORE-ACC-S2", phone: "6285799990002", status: "ENABLED", customerId: s2.id });
  });

  it("finds names by a fragment, whatever the case or accents", async () => {
    expect((await search("wija")).sort()).toEqual(["s-1", "s-3"]);
    expect(await search("SARI")).toEqual(["s-2"]);
    expect(await search("déwi")).toEqual(expect.arrayContaining(["s-2"]));
    expect(await search("kusúma")).toEqual(["s-3"]);
    expect(parseCustomerSearch(new URLSearchParams({ q: "wi" })).short).toBe(true);
    expect(await search("wi")).toEqual([]);
  });

  it("finds a phone in any spelling, including a linked account's number", async () => {
    for (const q of ["0813-1111-0001", "+62 813 1111 0001", "813 1111 0001", "6281311110001", "(0813) 11110001"]) expect(await search(q)).toEqual(["s-1"]);
    expect(await search("0857 9999 0002")).toEqual(["s-2"]);
  });

  it("finds an email (any case), a merchant user id and a GoPay account id", async () => {
    expect(await search("andi.w@example.COM")).toEqual(["s-1"]);
    expect(await search("s-3")).toEqual(["s-3"]);
    expect(await search("GPA-MINI-4")).toEqual(["s-4"]);
    expect(await search("CORE-ACC-S2")).toEqual(["s-2"]);
    expect(await search("%")).toEqual([]);
  });

  it("pages by keyset, newest first, with totals; a tampered cursor is page one", async () => {
    const base = Date.parse("2026-01-01T00:00:00Z");
    for (let i = 0; i < 120; i++) await customer({ merchantUserId: `page-${String(i).padStart(3, "0")}`, name: `Pager ${i}`, createdAt: new Date(base + i * 1000) });
    const s = parseCustomerSearch(new URLSearchParams({ q: "pager" }));
    const p1 = await searchCustomers(t.db, s);
    expect(p1.totals).toEqual({ count: 120, capped: false });
    expect(p1.rows[0]!.merchantUserId).toBe("page-119");
    const p2 = await listCustomers(t.db, s, { after: p1.next });
    const p3 = await listCustomers(t.db, s, { after: p2.next });
    const seen = [...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.merchantUserId);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(p3.next).toBeUndefined();
    const back = await listCustomers(t.db, s, { before: p2.prev });
    expect(back.rows.map((r) => r.id)).toEqual(p1.rows.map((r) => r.id));
    expect((await listCustomers(t.db, s, { after: "bm9wZQ" })).rows[0]!.merchantUserId).toBe("page-119");
  });
});

describe("case view timeline", () => {
  it("merges orders, holds, notifications, refunds, account events and the mini-app session in true time order", async () => {
    const c = await customer({ merchantUserId: "tl-1", name: "Timeline Person", phone: "6281400000001" });
    const t0 = new Date("2026-02-01T03:00:00.000Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    await t.db.update(customers).set({ profileFetchedAt: at(-7200) }).where(eq(customers.id, c.id));
    const [acc] = await t.db.insert(payAccounts).values({ accountId: "TL-ACC", phone: "6281400000001", status: "DISABLED", customerId: c.id, createdAt: at(-3600) }).returning();
    await t.db.insert(payAccountEvents).values([
      { payAccountId: acc!.id, kind: "created", statusAfter: "PENDING", at: at(-3600) },
      { payAccountId: acc!.id, kind: "linked", statusAfter: "ENABLED", at: at(-3000) },
      { payAccountId: acc!.id, kind: "unbind", statusAfter: "DISABLED", source: "customer_app", at: at(600) },
    ]);
    // Paid stamped in the same millisecond as created: "paid" must still read after "created".
    const o = await insertOrder(t.db, { orderId: "TL-ORDER", channel: "preauth", customerId: c.id, payAccountId: acc!.id, createdAt: at(0), paidAt: at(0), status: "partially_refunded", amount: 100_000_00n, paidAmount: 100_000_00n, refundedAmount: 10_000_00n });
    await insertHold(t.db, { orderId: o.id, amount: 100_000_00n, status: "captured", authorisedAt: at(1), expiresAt: at(86400), capturedAt: at(60) });
    await insertNotification(t.db, { reference: "TL-ORDER", receivedAt: at(30), statusCode: "00" });
    await insertRefund(t.db, { orderId: o.id, amount: 10_000_00n, status: "succeeded", createdAt: at(120), settledAt: at(125) });

    const view = await getCustomerCase(t.db, c.id, at(700));
    const kinds = view!.timeline.map((e) => e.kind);
    expect(kinds).toEqual([
      "account.unbind",
      "refund.succeeded",
      "refund.requested",
      "hold.captured",
      "notification.payment",
      "hold.authorised",
      "order.paid",
      "order.created.preauth",
      "account.linked",
      "account.created",
      "session.profile",
    ]);
    const times = view!.timeline.map((e) => new Date(e.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(view!.totals).toEqual({ orders: 1, paid: 100_000_00n, refunded: 10_000_00n });
    // Unbound ten minutes ago: warned before anyone pushes or pays coins.
    expect(view!.warnings).toContainEqual(expect.objectContaining({ kind: "recentUnbind", accountId: "TL-ACC" }));
    expect(view!.accounts[0]!.unboundAt?.getTime()).toBe(at(600).getTime());
    // GoPay's "00" is said as what it means (paid); the code stays for whoever hovers.
    expect(view!.timeline.find((e) => e.kind === "notification.payment")).toMatchObject({ status: "paid", code: "00" });
  });

  it("an unknown or malformed id is no customer", async () => {
    expect(await getCustomerCase(t.db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
    expect(await getCustomerCase(t.db, "not-a-uuid")).toBeUndefined();
  });
});

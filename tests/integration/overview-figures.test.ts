import { describe, expect, it, beforeAll } from "vitest";
import { approvals } from "~db/schema";
import { rupiah } from "~/lib/money";
import { loadOverview } from "~/services/overview/overview.server";
import { insertHold, insertNotification, insertOperation, insertOrder, insertRefund } from "../support/factories";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";

const t = useTestDb();

// 10:00 WIB on 21 Nov 2026. The WIB day started at 2026-11-20T17:00Z.
const NOW = new Date("2026-11-21T03:00:00Z");
const wib = (ymdhm: string) => new Date(`${ymdhm}:00+07:00`);
const MIN = 60_000;

beforeAll(async () => {
  const db = t.db;
  const paid = (paidAt: Date, amount: bigint, status: "paid" | "partially_refunded" = "paid") =>
    insertOrder(db, { status, amount, paidAmount: amount, createdAt: new Date(paidAt.getTime() - 2 * MIN), paidAt });

  // Today (WIB): 00:10, 05:00 (partially refunded since, still paid money), 09:30 with sen.
  await paid(wib("2026-11-21T00:10"), rupiah(100_000));
  const e = await paid(wib("2026-11-21T05:00"), rupiah(40_000), "partially_refunded");
  await paid(wib("2026-11-21T09:30"), rupiah(250_000) + 50n);
  // Yesterday: 08:00 (before this time of day) and 23:30 (late yesterday — not today's).
  await paid(wib("2026-11-20T08:00"), rupiah(30_000));
  await paid(wib("2026-11-20T23:30"), rupiah(70_000));
  // Two days ago: in neither.
  await paid(wib("2026-11-19T12:00"), rupiah(999_000));
  // Created today, not paid.
  await insertOrder(db, { status: "pending", createdAt: wib("2026-11-21T09:00") });
  // Failures by creation day: two today, one a minute before midnight yesterday.
  await insertOrder(db, { status: "failed", createdAt: wib("2026-11-21T01:00") });
  await insertOrder(db, { status: "expired", createdAt: wib("2026-11-21T00:00") });
  await insertOrder(db, { status: "expired", createdAt: wib("2026-11-20T23:59") });
  // Six days ago at 00:00 WIB is the chart's first day; seven days ago at 23:59 is outside it.
  await insertOrder(db, { status: "cancelled", createdAt: wib("2026-11-15T00:00") });
  await insertOrder(db, { status: "cancelled", createdAt: wib("2026-11-14T23:59") });

  // Refunds requested today: one succeeded, one pending, one unknown, one needs attention (GoPay
  // silent past the deadline: still in progress, money reserved), one rejected; one succeeded late yesterday.
  await insertRefund(db, { orderId: e.id, amount: rupiah(20_000), status: "succeeded", createdAt: wib("2026-11-21T06:00") });
  await insertRefund(db, { orderId: e.id, amount: rupiah(5_000), status: "pending", createdAt: wib("2026-11-21T07:00") });
  await insertRefund(db, { orderId: e.id, amount: rupiah(1_000), status: "unknown", createdAt: wib("2026-11-21T00:20") });
  await insertRefund(db, { orderId: e.id, amount: rupiah(1_000), status: "needs_attention", createdAt: wib("2026-11-21T00:15") });
  await insertRefund(db, { orderId: e.id, amount: rupiah(9_000), status: "rejected", createdAt: wib("2026-11-21T07:30") });
  await insertRefund(db, { orderId: e.id, amount: rupiah(1_000), status: "succeeded", createdAt: wib("2026-11-20T23:30") });

  // Holds: one expiring in 3 minutes, one in 2 days, one already past expiry (sweep pending), one captured.
  const holdOrder = () => insertOrder(db, { status: "authorised", channel: "preauth", createdAt: wib("2026-11-19T10:00") });
  await insertHold(db, { orderId: (await holdOrder()).id, amount: rupiah(300_000), expiresAt: new Date(NOW.getTime() + 3 * MIN) });
  await insertHold(db, { orderId: (await holdOrder()).id, amount: rupiah(200_000), expiresAt: new Date(NOW.getTime() + 2 * 86_400_000) });
  await insertHold(db, { orderId: (await holdOrder()).id, amount: rupiah(50_000), expiresAt: new Date(NOW.getTime() - MIN) });
  await insertHold(db, { orderId: (await holdOrder()).id, amount: rupiah(80_000), status: "captured" });

  // Operations: two with unknown outcome, one settled.
  await insertOperation(db, { kind: "refund", status: "unknown", updatedAt: wib("2026-11-21T08:00") });
  await insertOperation(db, { kind: "capture", status: "unknown", updatedAt: wib("2026-11-21T09:00") });
  await insertOperation(db, { kind: "refund", status: "succeeded" });

  // Approvals: one pending, one approved.
  const boss = await makeStaff(db, "support");
  const base = { kind: "refund", targetType: "order", targetId: e.orderId, requestedBy: boss.id, expiresAt: new Date(NOW.getTime() + 86_400_000) };
  await db.insert(approvals).values([
    { ...base, amount: rupiah(2_000_000), status: "pending" },
    { ...base, amount: rupiah(3_000_000), status: "approved" },
  ]);

  // Notifications in the last 24 h: a bad signature, one that failed to apply, a healthy one;
  // and a bad signature 25 hours ago (outside the window).
  const ago = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
  await insertNotification(db, { reference: "X1", signatureValid: false, verification: "bad_signature", receivedAt: ago(2) });
  await insertNotification(db, { reference: "X2", applyError: "order not found", receivedAt: ago(1) });
  await insertNotification(db, { reference: "X3", receivedAt: ago(1) });
  // A pay-account notification is never trusted, so it is stored unverified: not a rejection.
  await insertNotification(db, { reference: "ACC-1", source: "core_pay_account", signatureValid: false, verification: "refetched", receivedAt: ago(1) });
  await insertNotification(db, { reference: "X4", signatureValid: false, verification: "bad_signature", receivedAt: ago(25) });
});

describe("overview figures (WIB days)", () => {
  it("counts today's payments by paid time, not yesterday's late ones, and compares with yesterday by this time", async () => {
    const o = await loadOverview(t.db, { role: "admin", now: NOW });
    const m = o.money!;
    expect(m.paidToday).toEqual({ sum: rupiah(390_000) + 50n, count: 3 });
    expect(m.paidYesterdaySameTime).toEqual({ sum: rupiah(30_000), count: 1 });
    expect(m.paidYesterday).toEqual({ sum: rupiah(100_000), count: 2 });
  });

  it("counts refunds requested today and today's failed/expired orders", async () => {
    const m = (await loadOverview(t.db, { role: "finance", now: NOW })).money!;
    expect(m.refundedToday).toEqual({ sum: rupiah(20_000), count: 1 });
    // pending + unknown + needs_attention: none of them is settled.
    expect(m.refundsInProgressToday).toBe(3);
    expect(m.failedToday).toBe(1);
    expect(m.expiredToday).toBe(1);
  });

  it("puts paid volume in WIB hours and stops today's line at the current hour", async () => {
    const { hourly } = (await loadOverview(t.db, { role: "admin", now: NOW })).money!;
    expect(hourly).toHaveLength(24);
    expect(hourly[0]).toMatchObject({ today: rupiah(100_000), todayCount: 1, yesterday: 0n });
    expect(hourly[5]).toMatchObject({ today: rupiah(40_000) });
    expect(hourly[9]).toMatchObject({ today: rupiah(250_000) + 50n });
    expect(hourly[8]).toMatchObject({ today: 0n, yesterday: rupiah(30_000), yesterdayCount: 1 });
    expect(hourly[23]).toMatchObject({ today: null, todayCount: null, yesterday: rupiah(70_000) });
    expect(hourly[10]!.today).toBe(0n);
    expect(hourly[11]!.today).toBeNull();
  });

  it("groups the last 7 WIB days of orders by status", async () => {
    const { week } = (await loadOverview(t.db, { role: "admin", now: NOW })).money!;
    expect(week.map((d) => d.day)).toEqual(["2026-11-15", "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21"]);
    expect(week[0]).toMatchObject({ cancelled: 1, total: 1 });
    // 20 Nov: paid 08:00 and 23:30 were created two minutes before, plus the expired at 23:59.
    expect(week[5]).toMatchObject({ paid: 2, expired: 1, total: 3 });
    // 21 Nov: three paid (one partially refunded), one pending, one failed, one expired.
    expect(week[6]).toMatchObject({ paid: 3, open: 1, failed: 1, expired: 1, total: 6 });
    // 19 Nov: the paid order and the four hold orders (authorised or captured: open).
    expect(week[4]).toMatchObject({ paid: 1, open: 4, total: 5 });
  });

  it("shows active holds, those expiring within the /holds expiring view, and what needs attention", async () => {
    const o = await loadOverview(t.db, { role: "viewer", now: NOW });
    expect(o.holds).toEqual({ holdsActive: { sum: rupiah(550_000), count: 3 }, holdsExpiringSoon: 1, holdsPastExpiry: 1 });
    expect(o.attention).toEqual({
      unknownOperations: { count: 2, oldestAt: wib("2026-11-21T08:00") },
      pendingApprovals: { sum: rupiah(2_000_000), count: 1 },
      notifications: { applyFailed: 1, badSignature: 1 },
    });
  });
});

describe("overview visibility by role", () => {
  it("gives the campaigns role no money, holds or attention figures", async () => {
    const o = await loadOverview(t.db, { role: "campaigns", now: NOW });
    expect(o.money).toBeUndefined();
    expect(o.holds).toBeUndefined();
    expect(o.attention).toBeUndefined();
  });

  it.each(["admin", "support", "finance", "viewer"] as const)("gives %s every card group", async (role) => {
    const o = await loadOverview(t.db, { role, now: NOW });
    expect(o.money).toBeDefined();
    expect(o.holds).toBeDefined();
    expect(Object.keys(o.attention!).sort()).toEqual(["notifications", "pendingApprovals", "unknownOperations"]);
  });
});

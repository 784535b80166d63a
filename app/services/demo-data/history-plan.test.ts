import { describe, expect, it } from "vitest";
import { HISTORY_DAYS, historyCustomers, historyDay, historyPlan, wibDayStart } from "./history-plan";

const now = new Date("2026-11-30T05:30:00Z"); // 12:30 WIB, a Monday

describe("history plan", () => {
  it("is the same every time it is computed for the same clock (what makes the seed idempotent)", () => {
    const a = historyPlan(now);
    const b = historyPlan(now);
    expect(b.orders.map((o) => `${o.orderId}|${o.status}|${o.amount}|${o.createdAt.toISOString()}`)).toEqual(
      a.orders.map((o) => `${o.orderId}|${o.status}|${o.amount}|${o.createdAt.toISOString()}`),
    );
    expect(new Set(a.orders.map((o) => o.orderId)).size).toBe(a.orders.length);
  });

  it("a later clock the same day keeps every earlier order as it was and only adds newer ones", () => {
    const customers = historyCustomers(now);
    const early = historyDay(now, 0, customers);
    const later = historyDay(new Date(now.getTime() + 4 * 3600_000), 0, customers);
    expect(later.length).toBeGreaterThan(early.length);
    const byId = new Map(later.map((o) => [o.orderId, `${o.status}|${o.amount}|${o.createdAt.toISOString()}`]));
    for (const o of early) expect(byId.get(o.orderId)).toBe(`${o.status}|${o.amount}|${o.createdAt.toISOString()}`);
    for (const o of early) expect(o.createdAt.getTime()).toBeLessThanOrEqual(now.getTime() - 2 * 60_000);
    // no outcome in the future: an order that expires later is not there yet
    for (const o of early) for (const d of [o.paidAt, o.closedAt, o.notifiedAt, o.hold?.at]) if (d) expect(d.getTime()).toBeLessThanOrEqual(now.getTime());
  });

  it("keeps time order in every order, and nothing after now", () => {
    for (const o of historyPlan(now).orders) {
      const t = o.createdAt.getTime();
      if (o.paidAt) expect(o.paidAt.getTime()).toBeGreaterThanOrEqual(t);
      if (o.closedAt) expect(o.closedAt.getTime()).toBeGreaterThanOrEqual(t);
      const outcome = o.paidAt ?? o.closedAt;
      if (o.notifiedAt && outcome) {
        expect(o.notifiedAt.getTime()).toBeGreaterThanOrEqual(outcome.getTime());
        expect(o.notifiedAt.getTime() - outcome.getTime()).toBeLessThan(5_000);
      }
      if (o.hold) {
        if (o.hold.fate === "expired") expect(o.hold.at.getTime()).toBeGreaterThanOrEqual(o.hold.expiresAt.getTime());
        else expect(o.hold.at.getTime()).toBeLessThan(o.hold.expiresAt.getTime());
        expect(o.hold.expiresAt.getTime()).toBeLessThan(now.getTime()); // no history hold is still open
      }
      for (const r of o.refunds) {
        expect(r.at.getTime()).toBeGreaterThan(o.paidAt!.getTime());
        expect(r.settledAt.getTime()).toBeLessThan(now.getTime());
        expect(r.amount).toBeLessThanOrEqual(o.amount);
      }
    }
  });

  it("records a zone for some customers: WITA and WIT in realistic shares, most not set (WIB is used), the same on every start", () => {
    const customers = historyCustomers(now);
    const count = (z: string | null) => customers.filter((c) => c.zone === z).length / customers.length;
    expect(count("WITA")).toBeGreaterThan(0.08);
    expect(count("WITA")).toBeLessThan(0.2);
    expect(count("WIT")).toBeGreaterThan(0.01);
    expect(count("WIT")).toBeLessThan(count("WITA"));
    expect(count(null)).toBeGreaterThan(0.7);
    expect(count("WIB")).toBe(0);
    expect(historyCustomers(new Date(now.getTime() + 86_400_000)).map((c) => c.zone)).toEqual(customers.map((c) => c.zone));
  });

  it("has a daily rhythm: ~60 days, lighter weekends, payday peak", () => {
    const { orders } = historyPlan(now);
    expect(orders[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(wibDayStart(now, HISTORY_DAYS - 1).getTime());
    const perDay = new Map<string, number>();
    for (const o of orders) perDay.set(o.orderId.slice(4, 12), (perDay.get(o.orderId.slice(4, 12)) ?? 0) + 1);
    const weekday = (ymd: string) => new Date(`${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}T00:00:00Z`).getUTCDay();
    const avg = (f: (ymd: string) => boolean) => {
      const xs = [...perDay].filter(([d]) => f(d) && d !== [...perDay.keys()].at(-1));
      return xs.reduce((s, [, n]) => s + n, 0) / xs.length;
    };
    expect(avg((d) => [0, 6].includes(weekday(d)) && !d.endsWith("25"))).toBeLessThan(avg((d) => [1, 2, 3, 4].includes(weekday(d)) && !d.endsWith("25") && !d.endsWith("11")));
    expect(avg((d) => d.endsWith("25"))).toBeGreaterThan(avg((d) => !d.endsWith("25")) * 1.5);
  });
});

import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, coinPayouts } from "~db/schema";
import { payPayout } from "~/services/coins/pay.server";
import { getWallet, refreshWallet } from "~/services/coins/wallet.server";
import { useTestDb } from "../support/db";
import {
  cashbackRequestIds,
  coinsControl,
  insertPayout,
  sandboxCashbacks,
  sandboxCustomer,
  sandboxWallet,
  useCoinsSandbox,
} from "./coins-support";

const t = useTestDb();
const s = useCoinsSandbox();
const deps = () => ({ database: t.db, client: s.client });

async function row(id: string) {
  const [r] = await t.db.select().from(coinPayouts).where(eq(coinPayouts.id, id));
  return r!;
}

async function audits(id: string) {
  return t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "coin_payout"), eq(auditLog.targetId, id)));
}

describe("payPayout against the sandbox", () => {
  it("pays a queued payout once, with its own Request-Id; the audit says paid", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-01");
    const p = await insertPayout(t.db, { customerId: c.id, amount: 12_500_00n });
    const walletBefore = await sandboxWallet(s.sb);
    const r = await payPayout(deps(), p.id);
    expect(r.kind).toBe("paid");
    const after = await row(p.id);
    expect(after).toMatchObject({ status: "paid", attempts: 1, errorCode: null });
    expect(after.gopayPaymentId).toMatch(/^CB-/);
    expect(after.paidAt).toBeInstanceOf(Date);
    const ledger = await sandboxCashbacks(s.sb, "cust-01");
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      rupiah: 12_500,
      paymentId: after.gopayPaymentId,
      description: "Thank you",
    });
    expect(await sandboxWallet(s.sb)).toBe(walletBefore - 12_500);
    expect((await cashbackRequestIds(s.sb)).filter((x) => x === p.requestId)).toHaveLength(1);
    // A paid row is not claimable again: no second call.
    expect(await payPayout(deps(), p.id)).toEqual({ kind: "skipped", status: "paid" });
    expect((await cashbackRequestIds(s.sb)).filter((x) => x === p.requestId)).toHaveLength(1);
    expect((await audits(p.id)).map((a) => [a.action, a.result, a.idempotencyKey])).toEqual([
      ["coins.payout.paid", "ok", p.requestId],
    ]);
  });

  it("answer dropped after GoPay paid → unknown (never failed); retried with the SAME Request-Id → replayed → paid exactly once", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-02");
    const p = await insertPayout(t.db, { customerId: c.id, amount: 7_000_00n });
    await coinsControl(s.sb, "/faults", { op: "miniapp.cashback", mode: "drop-after", count: 1 });
    const first = await payPayout(deps(), p.id);
    expect(first.kind).toBe("unknown");
    expect(await row(p.id)).toMatchObject({ status: "unknown", attempts: 1 });
    expect(await sandboxCashbacks(s.sb, "cust-02")).toHaveLength(1); // GoPay did pay

    const second = await payPayout(deps(), p.id);
    expect(second.kind).toBe("paid");
    const after = await row(p.id);
    expect(after).toMatchObject({ status: "paid", attempts: 2, errorCode: null, errorMessage: null });
    const ledger = await sandboxCashbacks(s.sb, "cust-02");
    expect(ledger).toHaveLength(1); // replayed, not paid twice
    expect(after.gopayPaymentId).toBe(ledger[0]!.paymentId);
    expect((await cashbackRequestIds(s.sb)).filter((x) => x === p.requestId)).toHaveLength(2);
    expect((await audits(p.id)).map((a) => a.action).sort()).toEqual([
      "coins.payout.paid",
      "coins.payout.unknown",
    ]);
  });

  it("a 5xx is unknown too, and settles by the same Request-Id", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-03");
    const p = await insertPayout(t.db, { customerId: c.id, amount: 1_000_00n });
    await coinsControl(s.sb, "/faults", { op: "miniapp.cashback", mode: "http503", count: 1 });
    expect((await payPayout(deps(), p.id)).kind).toBe("unknown");
    expect(await sandboxCashbacks(s.sb, "cust-03")).toHaveLength(0);
    expect((await payPayout(deps(), p.id)).kind).toBe("paid");
    expect(await sandboxCashbacks(s.sb, "cust-03")).toHaveLength(1);
  });

  it("4060 suspected fraud fails that row only, with GoPay's reason; the next customer is paid", async () => {
    const bad = await sandboxCustomer(t.db, s.sb, "cust-04");
    const good = await sandboxCustomer(t.db, s.sb, "cust-05");
    await coinsControl(s.sb, "/coins/fraud", { customerId: "cust-04" });
    const p1 = await insertPayout(t.db, { customerId: bad.id, amount: 5_000_00n });
    const p2 = await insertPayout(t.db, { customerId: good.id, amount: 5_000_00n });
    const r1 = await payPayout(deps(), p1.id);
    expect(r1).toMatchObject({ kind: "failed", code: "4060" });
    expect(await row(p1.id)).toMatchObject({
      status: "failed",
      errorCode: "4060",
      errorMessage: expect.stringMatching(/fraud/i),
    });
    expect((await payPayout(deps(), p2.id)).kind).toBe("paid");
    expect(await sandboxCashbacks(s.sb, "cust-04")).toHaveLength(0);
    // failed is final: not claimable, never retried under a new key
    expect(await payPayout(deps(), p1.id)).toEqual({ kind: "skipped", status: "failed" });
    await coinsControl(s.sb, "/coins/fraud", { customerId: "cust-04", on: false });
  });

  it("wallet short (40005) → back to queued with the amount needed; after a top-up the SAME Request-Id pays", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-06");
    await coinsControl(s.sb, "/coins/wallet", { rupiah: 3_000 });
    const p = await insertPayout(t.db, { customerId: c.id, amount: 10_000_00n });
    const r = await payPayout(deps(), p.id);
    expect(r).toMatchObject({ kind: "insufficient", needed: 7_000_00n, balance: 3_000_00n });
    expect(await row(p.id)).toMatchObject({ status: "queued", errorCode: "40005" });
    expect(await sandboxCashbacks(s.sb, "cust-06")).toHaveLength(0);
    expect((await getWallet(t.db)).balance).toBe(3_000_00n); // learned on the way
    await coinsControl(s.sb, "/coins/top-up", { rupiah: 10_000 });
    const again = await payPayout(deps(), p.id);
    expect(again.kind).toBe("paid");
    expect(await sandboxCashbacks(s.sb, "cust-06")).toHaveLength(1);
    expect(await sandboxWallet(s.sb)).toBe(3_000);
    expect(new Set(await cashbackRequestIds(s.sb)).has(p.requestId)).toBe(true);
    await coinsControl(s.sb, "/coins/wallet", { rupiah: 5_000_000 });
  });

  it("no mini-app token → failed without calling GoPay", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-07", { token: false });
    const p = await insertPayout(t.db, { customerId: c.id });
    const r = await payPayout(deps(), p.id);
    expect(r).toMatchObject({ kind: "failed", code: "no_token" });
    expect((await cashbackRequestIds(s.sb)).includes(p.requestId)).toBe(false);
  });

  it("20 concurrent executors on one row → one call, one payment", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-08");
    const p = await insertPayout(t.db, { customerId: c.id, amount: 2_000_00n });
    const results = await Promise.all(Array.from({ length: 20 }, () => payPayout(deps(), p.id)));
    expect(results.filter((r) => r.kind === "paid")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "skipped")).toHaveLength(19);
    expect(await sandboxCashbacks(s.sb, "cust-08")).toHaveLength(1);
    expect((await cashbackRequestIds(s.sb)).filter((x) => x === p.requestId)).toHaveLength(1);
  });

  it("a row stuck in paying (its worker died) is reclaimed after the stale window and replayed, not paid twice", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-09");
    const p = await insertPayout(t.db, { customerId: c.id, amount: 3_000_00n });
    // The first worker got as far as GoPay (paid there) and died before writing the outcome.
    await coinsControl(s.sb, "/faults", { op: "miniapp.cashback", mode: "drop-after", count: 1 });
    await payPayout(deps(), p.id);
    await t.db
      .update(coinPayouts)
      .set({ status: "paying", updatedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(coinPayouts.id, p.id));
    expect((await payPayout({ ...deps(), staleAfterMs: 60_000 }, p.id)).kind).toBe("paid");
    expect(await sandboxCashbacks(s.sb, "cust-09")).toHaveLength(1);
    // A fresh `paying` row is another worker's: left alone.
    const q = await insertPayout(t.db, { customerId: c.id, status: "paying" });
    expect(await payPayout(deps(), q.id)).toEqual({ kind: "skipped", status: "paying" });
  });

  it("the wallet balance: the sandbox's stand-in endpoint, recorded with when", async () => {
    await coinsControl(s.sb, "/coins/wallet", { rupiah: 1_234_567 });
    const r = await refreshWallet({ ...deps(), actor: { email: "finance@loket.test" } });
    expect(r).toMatchObject({ kind: "refreshed", balance: 1_234_567_00n });
    const w = await getWallet(t.db);
    expect(w.balance).toBe(1_234_567_00n);
    expect(w.refreshedAt).toBeInstanceOf(Date);
    const [a] = await t.db.select().from(auditLog).where(eq(auditLog.action, "coins.wallet.refresh"));
    expect(a).toMatchObject({ result: "ok", amount: 1_234_567_00n });
    await coinsControl(s.sb, "/coins/wallet", { rupiah: 5_000_000 });
  });
});

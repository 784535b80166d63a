import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { approvals, auditLog, coinPayouts } from "~db/schema";
import { mintCoinRequestId } from "~/services/coins/pay.server";
import { getCoinSettings, updateCoinSettings } from "~/services/coins/settings.server";
import { approveRequest, expireApprovals, listApprovals } from "~/services/approvals/approvals.server";
import { approvePayout, rejectPayout } from "~/services/coins/single-approval.server";
import {
  requestSinglePayout,
  retrySinglePayout,
  type SinglePayoutInput,
} from "~/services/coins/single.server";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";
import {
  cashbackRequestIds,
  coinsControl,
  sandboxCashbacks,
  sandboxCustomer,
  useCoinsSandbox,
} from "./coins-support";

const t = useTestDb();
const s = useCoinsSandbox();
const deps = () => ({ database: t.db, client: s.client });

type Staff = Awaited<ReturnType<typeof makeStaff>>;
let admin: Staff;
let finance: Staff;
let finance2: Staff;

const LIMITS = {
  monthlyBudget: 1_000_000_00n,
  perRecipientCap: 200_000_00n,
  perPayoutCeiling: 150_000_00n,
  approvalThreshold: 100_000_00n,
};

beforeEach(async () => {
  admin ??= await makeStaff(t.db, "admin");
  finance ??= await makeStaff(t.db, "finance");
  finance2 ??= await makeStaff(t.db, "finance");
  // Each test starts in a fresh month of its own budget: earlier payouts are moved out of this month.
  await t.db.update(coinPayouts).set({ createdAt: new Date("2020-01-15T00:00:00Z"), paidAt: null });
  await updateCoinSettings(t.db, { ...LIMITS, actor: { id: admin.id, email: admin.email } });
});

function input(customerId: string, over: Partial<SinglePayoutInput> = {}): SinglePayoutInput {
  return {
    customerId,
    amount: 25_000_00n,
    description: "Maaf atas keterlambatan pesanan Anda",
    reasonCode: "service_recovery",
    requestId: mintCoinRequestId(),
    actor: { id: finance.id, email: finance.email },
    ...over,
  };
}

describe("single coin payout", () => {
  it("below the threshold: paid at once; the request and the outcome are audited", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-11");
    const r = await requestSinglePayout(input(c.id), deps());
    expect(r.kind).toBe("sent");
    if (r.kind !== "sent") return;
    expect(r.result.kind).toBe("paid");
    expect(r.payout).toMatchObject({
      status: "paid",
      requestedBy: finance.id,
      reasonCode: "service_recovery",
    });
    expect(await sandboxCashbacks(s.sb, "cust-11")).toHaveLength(1);
    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.targetId, r.payout.id)))
      .map((a) => a.action)
      .sort();
    expect(actions).toEqual(["coins.payout.paid", "coins.payout.request"]);
  });

  it("the same form twice (double click): one payout, one call", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-12");
    const same = input(c.id, { amount: 5_000_00n });
    const results = await Promise.all([
      requestSinglePayout(same, deps()),
      requestSinglePayout(same, deps()),
      requestSinglePayout(same, deps()),
    ]);
    expect(results.filter((x) => x.kind === "sent")).toHaveLength(1);
    expect(results.filter((x) => x.kind === "replay")).toHaveLength(2);
    expect(await sandboxCashbacks(s.sb, "cust-12")).toHaveLength(1);
    expect((await cashbackRequestIds(s.sb)).filter((x) => x === same.requestId)).toHaveLength(1);
  });

  it("field rules: whole, positive, description ≤ 256 as GoPay counts, a listed reason, a customer with a token", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-13");
    const noToken = await sandboxCustomer(t.db, s.sb, "cust-14", { token: false });
    expect(await requestSinglePayout(input(c.id, { amount: 10_000_50n }), deps())).toMatchObject({
      kind: "rejected",
      field: "amount",
    });
    expect(await requestSinglePayout(input(c.id, { amount: 0n }), deps())).toMatchObject({
      kind: "rejected",
      field: "amount",
    });
    // 255 × "é" + 1 emoji (2 UTF-16 units) = 257 as GoPay counts: refused; 256 passes.
    expect(
      await requestSinglePayout(input(c.id, { description: "é".repeat(255) + "🎉" }), deps()),
    ).toMatchObject({ kind: "rejected", field: "description" });
    expect(await requestSinglePayout(input(c.id, { description: "   " }), deps())).toMatchObject({
      kind: "rejected",
      field: "description",
    });
    expect(await requestSinglePayout(input(c.id, { reasonCode: "because" }), deps())).toMatchObject({
      kind: "rejected",
      field: "reasonCode",
    });
    expect(await requestSinglePayout(input(noToken.id), deps())).toMatchObject({
      kind: "rejected",
      field: "customerId",
      words: { key: "coins:single.errors.noToken" },
    });
    expect(await requestSinglePayout(input(c.id, { requestId: "forged" }), deps())).toMatchObject({
      kind: "rejected",
      field: "form",
    });
    const ok = await requestSinglePayout(
      input(c.id, { description: "x".repeat(256), amount: 1_000_00n }),
      deps(),
    );
    expect(ok.kind).toBe("sent");
    const denied = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "coins.payout.request"), eq(auditLog.result, "denied")));
    expect(denied.length).toBeGreaterThanOrEqual(7);
  });

  it("per-payout ceiling, per-recipient monthly cap and the monthly budget refuse at the amount, with the numbers", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-15");
    const over = await requestSinglePayout(input(c.id, { amount: 150_001_00n }), deps());
    expect(over).toMatchObject({
      kind: "rejected",
      field: "amount",
      words: { key: "coins:single.errors.overCeiling" },
    });
    // 90.000 + 90.000 fit the 200.000 cap; a third 90.000 does not (at most 20.000 more).
    for (let i = 0; i < 2; i++)
      expect((await requestSinglePayout(input(c.id, { amount: 90_000_00n }), deps())).kind).toBe("sent");
    const cap = await requestSinglePayout(input(c.id, { amount: 90_000_00n }), deps());
    expect(cap).toMatchObject({
      kind: "rejected",
      field: "amount",
      words: { key: "coins:single.errors.overCap", params: { left: "Rp 20.000" } },
    });
    expect((await requestSinglePayout(input(c.id, { amount: 20_000_00n }), deps())).kind).toBe("sent");
    // Budget: 200.000 used of 250.000 → 50.000 left.
    await updateCoinSettings(t.db, {
      ...LIMITS,
      monthlyBudget: 250_000_00n,
      actor: { id: admin.id, email: admin.email },
    });
    const d = await sandboxCustomer(t.db, s.sb, "cust-16");
    const budget = await requestSinglePayout(input(d.id, { amount: 60_000_00n }), deps());
    expect(budget).toMatchObject({
      kind: "rejected",
      field: "amount",
      words: { key: "coins:single.errors.overBudget", params: { left: "Rp 50.000" } },
    });
    expect((await requestSinglePayout(input(d.id, { amount: 50_000_00n }), deps())).kind).toBe("sent");
  });

  it("20 concurrent payouts never take more than the budget", async () => {
    await updateCoinSettings(t.db, {
      ...LIMITS,
      monthlyBudget: 50_000_00n,
      perRecipientCap: 0n,
      actor: { id: admin.id, email: admin.email },
    });
    const c = await sandboxCustomer(t.db, s.sb, "cust-17");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => requestSinglePayout(input(c.id, { amount: 5_000_00n }), deps())),
    );
    expect(results.filter((r) => r.kind === "sent")).toHaveLength(10);
    expect(results.filter((r) => r.kind === "rejected")).toHaveLength(10);
    expect((await sandboxCashbacks(s.sb, "cust-17")).reduce((a, x) => a + x.rupiah, 0)).toBe(50_000);
  });

  it("at or above the threshold: waits for approval; the requester cannot approve it; a second finance user approves and it is paid", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-18");
    const r = await requestSinglePayout(input(c.id, { amount: 100_000_00n }), deps());
    expect(r.kind).toBe("awaiting_approval");
    if (r.kind !== "awaiting_approval") return;
    expect(r.payout.status).toBe("awaiting_approval");
    expect(await sandboxCashbacks(s.sb, "cust-18")).toHaveLength(0);
    const [a] = await t.db.select().from(approvals).where(eq(approvals.id, r.approvalId));
    expect(a).toMatchObject({
      kind: "coins_payout",
      targetType: "coin_payout",
      targetId: r.payout.id,
      amount: 100_000_00n,
      requestedBy: finance.id,
      status: "pending",
    });

    const own = await approvePayout(
      t.db,
      { approvalId: r.approvalId, actor: { id: finance.id, email: finance.email } },
      { client: s.client },
    );
    expect(own).toMatchObject({ kind: "refused", message: expect.stringMatching(/own request/) });
    const ok = await approvePayout(
      t.db,
      { approvalId: r.approvalId, actor: { id: finance2.id, email: finance2.email } },
      { client: s.client },
    );
    expect(ok).toMatchObject({ kind: "approved", result: { kind: "paid" } });
    expect(await sandboxCashbacks(s.sb, "cust-18")).toHaveLength(1);
    const [p] = await t.db.select().from(coinPayouts).where(eq(coinPayouts.id, r.payout.id));
    expect(p).toMatchObject({ status: "paid", requestId: r.payout.requestId, approvalId: r.approvalId });
    // Decided: a second approval changes nothing.
    expect(
      await approvePayout(
        t.db,
        { approvalId: r.approvalId, actor: { id: admin.id, email: admin.email } },
        { client: s.client },
      ),
    ).toMatchObject({ kind: "refused" });
    expect(await sandboxCashbacks(s.sb, "cust-18")).toHaveLength(1);
  });

  it("through /approvals (approveRequest): listed with the customer, paid on approval; an expired one is cancelled", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-10");
    const r = await requestSinglePayout(
      input(c.id, { amount: 100_000_00n, description: "Kompensasi" }),
      deps(),
    );
    if (r.kind !== "awaiting_approval") throw new Error(r.kind);
    const pending = await listApprovals(t.db, "pending");
    const item = pending.find((a) => a.id === r.approvalId)!;
    expect(item).toMatchObject({
      kind: "coins_payout",
      problem: null,
      coinPayout: {
        customerId: c.id,
        amount: 100_000_00n,
        description: "Kompensasi",
        status: "awaiting_approval",
      },
    });
    expect(
      await approveRequest(
        { approvalId: r.approvalId, actor: { id: finance.id, email: finance.email, role: "finance" } },
        deps(),
      ),
    ).toMatchObject({ kind: "refused" });
    expect(
      await approveRequest(
        { approvalId: r.approvalId, actor: { id: admin.id, email: admin.email, role: "admin" } },
        deps(),
      ),
    ).toMatchObject({ kind: "payout_approved", result: { kind: "paid" } });
    expect(await sandboxCashbacks(s.sb, "cust-10")).toHaveLength(1);

    const old = await requestSinglePayout(
      input(c.id, { amount: 100_000_00n, now: new Date(Date.now() - 25 * 3600_000) }),
      deps(),
    );
    if (old.kind !== "awaiting_approval") throw new Error(old.kind);
    expect(await expireApprovals(t.db)).toBeGreaterThanOrEqual(1);
    const [p] = await t.db.select().from(coinPayouts).where(eq(coinPayouts.id, old.payout.id));
    expect(p).toMatchObject({ status: "cancelled", errorCode: "approval_expired" });
  });

  it("rejected or expired requests pay nothing", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-19");
    const r1 = await requestSinglePayout(input(c.id, { amount: 120_000_00n }), deps());
    if (r1.kind !== "awaiting_approval") throw new Error(r1.kind);
    expect(
      await rejectPayout(t.db, {
        approvalId: r1.approvalId,
        actor: { id: finance2.id, email: finance2.email },
        reason: "Not agreed",
      }),
    ).toEqual({ kind: "rejected" });
    const [p1] = await t.db.select().from(coinPayouts).where(eq(coinPayouts.id, r1.payout.id));
    expect(p1!.status).toBe("rejected");
    const r2 = await requestSinglePayout(
      input(c.id, { amount: 100_000_00n, now: new Date(Date.now() - 25 * 3600_000) }),
      deps(),
    );
    if (r2.kind !== "awaiting_approval") throw new Error(r2.kind);
    expect(
      await approvePayout(
        t.db,
        { approvalId: r2.approvalId, actor: { id: admin.id, email: admin.email } },
        { client: s.client },
      ),
    ).toMatchObject({ kind: "refused", message: expect.stringMatching(/expired/) });
    expect(await sandboxCashbacks(s.sb, "cust-19")).toHaveLength(0);
  });

  it("an unknown single payout is retried with the same Request-Id; a paid one is not", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-20");
    await coinsControl(s.sb, "/faults", { op: "miniapp.cashback", mode: "drop-after", count: 1 });
    const r = await requestSinglePayout(input(c.id, { amount: 3_000_00n }), deps());
    expect(r).toMatchObject({ kind: "sent", result: { kind: "unknown" }, payout: { status: "unknown" } });
    if (r.kind !== "sent") return;
    const again = await retrySinglePayout(
      { payoutId: r.payout.id, actor: { id: finance.id, email: finance.email } },
      deps(),
    );
    expect(again.kind).toBe("paid");
    expect(await sandboxCashbacks(s.sb, "cust-20")).toHaveLength(1);
    // Paid now: nothing left to retry.
    expect(
      await retrySinglePayout(
        { payoutId: r.payout.id, actor: { id: finance.id, email: finance.email } },
        deps(),
      ),
    ).toMatchObject({ kind: "refused" });
    expect(
      (await retrySinglePayout({ payoutId: "nope", actor: { id: finance.id, email: finance.email } }, deps()))
        .kind,
    ).toBe("refused");
  });

  it("settings changes are audited with before and after", async () => {
    await updateCoinSettings(t.db, {
      ...LIMITS,
      approvalThreshold: 50_000_00n,
      actor: { id: admin.id, email: admin.email },
    });
    expect((await getCoinSettings(t.db)).approvalThreshold).toBe(50_000_00n);
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, "coins.settings.update"));
    const last = rows.at(-1)!;
    expect(last).toMatchObject({ actorId: admin.id, result: "ok", targetType: "coin_settings" });
    expect(last.detail).toMatchObject({
      changed: ["approvalThreshold"],
      before: { approvalThreshold: "10000000" },
    });
  });
});

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { operations, orders, refunds } from "~db/schema";
import { mintRefundKey } from "~/services/refunds/keys.server";
import { requestRefund, type RequestRefundInput } from "~/services/refunds/request-refund.server";
import { resolveRefundOperation } from "~/services/refunds/resolve.server";
import { makeStaff } from "./auth-helpers";
import { control, sandboxOrder, sandboxRefundCalls, sandboxRefunds, setLimit, useSandbox } from "./refunds-support";
import { useTestDb } from "../support/db";

const t = useTestDb();
const s = useSandbox();

async function agent(role: "support" | "finance" = "finance") {
  await setLimit(t.db, "finance", null); // no row = may refund nothing (fail closed)
  const st = await makeStaff(t.db, role);
  return { id: st.id, email: st.email, role: st.role };
}

function input(orderId: string, actor: RequestRefundInput["actor"], over: Partial<RequestRefundInput> = {}): RequestRefundInput {
  return { orderId, partnerRefundNo: mintRefundKey(), amount: 10_000_00n, reasonCode: "customer_request", actor, ...over };
}

const deps = () => ({ client: s.client, database: t.db });

describe("requestRefund against the sandbox", () => {
  it("50 concurrent submissions of the SAME intent → exactly one refund at GoPay", async () => {
    const actor = await agent();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 200_000_00n });
    const same = input(order.id, actor, { amount: 25_000_00n });
    const before = await sandboxRefundCalls(s.sb);
    const results = await Promise.all(Array.from({ length: 50 }, () => requestRefund(same, deps())));
    expect(results.filter((r) => r.kind === "sent")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "replay")).toHaveLength(49);
    expect(await sandboxRefundCalls(s.sb)).toBe(before + 1);
    expect(await sandboxRefunds(s.client, order)).toHaveLength(1);
    const rows = await t.db.select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("succeeded");
    const [o] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(o).toMatchObject({ refundedAmount: 25_000_00n, status: "partially_refunded" });
  });

  it("20 concurrent partial refunds with different intents never exceed the paid amount", async () => {
    const actor = await agent();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 100_000_00n });
    // 20 × Rp 15.000 against Rp 100.000 paid: at most 6 fit. Deliberate repeats (confirmRepeat),
    // so only the amount invariant decides (the two-tab guard is refunds-repeat.test.ts).
    const results = await Promise.all(
      Array.from({ length: 20 }, () => requestRefund(input(order.id, actor, { amount: 15_000_00n, confirmRepeat: true }), deps())),
    );
    const sent = results.filter((r) => r.kind === "sent");
    const rejected = results.filter((r) => r.kind === "rejected");
    expect(sent).toHaveLength(6);
    expect(rejected).toHaveLength(14);
    for (const r of rejected) expect(r).toMatchObject({ field: "amount", message: expect.stringMatching(/At most Rp 10\.000 can be refunded now|already refunded/) });
    const atGopay = await sandboxRefunds(s.client, order);
    expect(atGopay.reduce((a, r) => a + r.amount, 0n)).toBe(90_000_00n);
    // why: on a loaded machine a call can time out after GoPay applied it; that refund is
    // "unknown" (still counted against the paid amount) until a status query settles it.
    const open = await t.db.select().from(operations).where(eq(operations.orderId, order.id));
    for (const op of open.filter((o) => o.kind === "refund" && o.status === "unknown")) {
      expect(await resolveRefundOperation(op, s.client)).toMatchObject({ status: "succeeded" });
    }
    const [o] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(o!.refundedAmount).toBe(90_000_00n);
  });

  it("after the window: refused before calling GoPay", async () => {
    const actor = await agent();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 50_000_00n });
    await t.db.update(orders).set({ paidAt: new Date(Date.now() - 46 * 24 * 3600 * 1000) }).where(eq(orders.id, order.id));
    const before = await sandboxRefundCalls(s.sb);
    const r = await requestRefund(input(order.id, actor), deps());
    expect(r).toEqual({ kind: "rejected", field: "amount", message: "The 45-day refund window has closed." });
    expect(await sandboxRefundCalls(s.sb)).toBe(before);
    expect(await t.db.select().from(refunds).where(eq(refunds.orderId, order.id))).toHaveLength(0);
  });

  it("bad input is refused at the field with nothing written", async () => {
    const actor = await agent();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 50_000_00n });
    expect(await requestRefund(input(order.id, actor, { amount: 0n }), deps())).toMatchObject({ kind: "rejected", field: "amount" });
    expect(await requestRefund(input(order.id, actor, { amount: 60_000_00n }), deps())).toMatchObject({
      kind: "rejected",
      field: "amount",
      message: "At most Rp 50.000 can be refunded now.",
    });
    expect(await requestRefund(input(order.id, actor, { reasonCode: "other", reasonText: " " }), deps())).toMatchObject({ field: "reasonText" });
    expect(await requestRefund(input(order.id, actor, { reasonCode: "because" }), deps())).toMatchObject({ field: "reasonCode" });
    expect(await t.db.select().from(refunds).where(eq(refunds.orderId, order.id))).toHaveLength(0);
  });

  it("drop after apply → unknown → the resolver settles it succeeded by a status query; one refund at GoPay", async () => {
    const actor = await agent();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 80_000_00n });
    await control(s.sb, "/faults", { op: "snap.refund", mode: "drop-after", count: 1 });
    const r = await requestRefund(input(order.id, actor, { amount: 30_000_00n }), deps());
    expect(r.kind).toBe("sent");
    if (r.kind !== "sent") return;
    expect(r.outcome.status).toBe("unknown");
    const [row] = await t.db.select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(row!.status).toBe("unknown");
    const [op] = await t.db.select().from(operations).where(eq(operations.id, row!.operationId!));
    const res = await resolveRefundOperation(op!, s.client);
    expect(res.status).toBe("succeeded");
    const [after] = await t.db.select().from(refunds).where(eq(refunds.id, row!.id));
    expect(after!.status).toBe("succeeded");
    expect(after!.refundNo).toBeTruthy();
    expect(await sandboxRefunds(s.client, order)).toHaveLength(1);
    const [o] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(o).toMatchObject({ refundedAmount: 30_000_00n, status: "partially_refunded" });
  });

  it("above the role's limit → an approval request, nothing sent", async () => {
    await setLimit(t.db, "support", 1_000_000_00n);
    const actor = await agent("support");
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 2_000_000_00n });
    const before = await sandboxRefundCalls(s.sb);
    const r = await requestRefund(input(order.id, actor, { amount: 1_500_000_00n }), deps());
    expect(r.kind).toBe("awaiting_approval");
    expect(await sandboxRefundCalls(s.sb)).toBe(before);
    const ok = await requestRefund(input(order.id, actor, { amount: 1_000_000_00n }), deps());
    expect(ok).toMatchObject({ kind: "sent", outcome: { status: "succeeded" } });
  });
});

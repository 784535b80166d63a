import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, refunds } from "~db/schema";
import { mintRefundKey } from "~/services/refunds/keys.server";
import { REPEAT_WINDOW_MS, requestRefund, type RequestRefundInput } from "~/services/refunds/request-refund.server";
import { makeStaff } from "./auth-helpers";
import { control, sandboxOrder, sandboxRefundCalls, sandboxRefunds, setLimit, useSandbox } from "./refunds-support";
import { useTestDb } from "../support/db";

/**
 * "A second tab must never refund twice": each dialog opening has its own key, so two tabs are two
 * intents. The service refuses a refund of the SAME amount on the SAME order by the SAME person
 * within 10 minutes of one that is pending / unknown / succeeded (or awaiting approval), unless
 * they confirm; the sandbox shows how many refunds really reached GoPay.
 */
const t = useTestDb();
const s = useSandbox();

async function staff(role: "support" | "finance" = "finance") {
  await setLimit(t.db, "finance", null);
  await setLimit(t.db, "support", 1_000_000_00n);
  const st = await makeStaff(t.db, role);
  return { id: st.id, email: st.email, role: st.role };
}

const input = (orderId: string, actor: RequestRefundInput["actor"], over: Partial<RequestRefundInput> = {}): RequestRefundInput => ({
  orderId,
  partnerRefundNo: mintRefundKey(),
  amount: 20_000_00n,
  reasonCode: "customer_request",
  actor,
  ...over,
});
const deps = () => ({ client: s.client, database: t.db });

describe("the two-tab guard", () => {
  it("a second intent of the same amount by the same person is refused at the amount field; nothing written or sent", async () => {
    const actor = await staff();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 100_000_00n });
    const first = await requestRefund(input(order.id, actor), deps());
    expect(first).toMatchObject({ kind: "sent", outcome: { status: "succeeded" } });
    const calls = await sandboxRefundCalls(s.sb);

    const second = await requestRefund(input(order.id, actor), deps());
    expect(second).toEqual({
      kind: "rejected",
      field: "amount",
      repeat: true,
      message: "You refunded Rp 20.000 on this order less than a minute ago. Refund again?",
    });
    expect(await sandboxRefundCalls(s.sb)).toBe(calls);
    expect(await t.db.select().from(refunds).where(eq(refunds.orderId, order.id))).toHaveLength(1);
    const denied = await t.db.select().from(auditLog).where(eq(auditLog.result, "denied"));
    expect(denied.some((a) => (a.detail as { repeat?: boolean } | null)?.repeat === true)).toBe(true);
  });

  it("the sentence counts minutes; confirming sends a deliberate second refund (two at GoPay)", async () => {
    const actor = await staff();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 100_000_00n });
    await requestRefund(input(order.id, actor), deps());
    const later = new Date(Date.now() + 2 * 60_000 + 5_000);
    const refused = await requestRefund(input(order.id, actor, { now: later }), deps());
    expect(refused).toMatchObject({ kind: "rejected", message: "You refunded Rp 20.000 on this order 2 minutes ago. Refund again?" });

    const again = await requestRefund(input(order.id, actor, { confirmRepeat: true }), deps());
    expect(again).toMatchObject({ kind: "sent", outcome: { status: "succeeded" } });
    expect(await sandboxRefunds(s.client, order)).toHaveLength(2);
  });

  it("does not fire for another amount, another person, a failed refund, or after 10 minutes", async () => {
    const actor = await staff();
    const colleague = await staff();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 200_000_00n });
    await requestRefund(input(order.id, actor), deps());
    expect(await requestRefund(input(order.id, actor, { amount: 21_000_00n }), deps())).toMatchObject({ kind: "sent" });
    expect(await requestRefund(input(order.id, colleague), deps())).toMatchObject({ kind: "sent" });
    const afterWindow = new Date(Date.now() + REPEAT_WINDOW_MS + 1_000);
    expect(await requestRefund(input(order.id, actor, { now: afterWindow }), deps())).toMatchObject({ kind: "sent" });

    // A refund GoPay reported as failed holds no money and is no reason to ask.
    const other = await sandboxOrder(t.db, s.client, s.sb, { amount: 100_000_00n });
    await requestRefund(input(other.id, actor), deps());
    // why direct: the sandbox cannot be made to fail a refund our own checks let through.
    await t.db.update(refunds).set({ status: "failed" }).where(eq(refunds.orderId, other.id));
    expect(await requestRefund(input(other.id, actor, { amount: 20_000_00n }), deps())).toMatchObject({ kind: "sent" });
  });

  it("an unknown outcome counts too (the money may be gone), and so does a request awaiting approval", async () => {
    const actor = await staff("support");
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 3_000_000_00n });
    await control(s.sb, "/faults", { op: "snap.refund", mode: "drop-after", count: 1 });
    const dropped = await requestRefund(input(order.id, actor), deps());
    expect(dropped).toMatchObject({ kind: "sent", outcome: { status: "unknown" } });
    expect(await requestRefund(input(order.id, actor), deps())).toMatchObject({ kind: "rejected", repeat: true });

    const big = await requestRefund(input(order.id, actor, { amount: 1_500_000_00n }), deps());
    expect(big.kind).toBe("awaiting_approval");
    const again = await requestRefund(input(order.id, actor, { amount: 1_500_000_00n }), deps());
    expect(again).toMatchObject({ kind: "rejected", field: "amount", repeat: true, message: expect.stringContaining("waiting for approval") });
    await control(s.sb, "/faults", undefined, "DELETE");
  });

  it("two tabs submitting at the same moment: one refund, the other asked to confirm", async () => {
    const actor = await staff();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 100_000_00n });
    const before = await sandboxRefundCalls(s.sb);
    const [a, b] = await Promise.all([requestRefund(input(order.id, actor), deps()), requestRefund(input(order.id, actor), deps())]);
    expect([a.kind, b.kind].sort()).toEqual(["rejected", "sent"]);
    expect(await sandboxRefundCalls(s.sb)).toBe(before + 1);
    expect(await sandboxRefunds(s.client, order)).toHaveLength(1);
  });
});

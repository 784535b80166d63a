import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderEvents, orders, refunds } from "~db/schema";
import { cancelOrder, PAID_MEANTIME } from "~/services/orders/actions/cancel.server";
import { resyncOrder } from "~/services/orders/actions/resync.server";
import { mintCancelKey } from "~/services/refunds/keys.server";
import { makeStaff } from "./auth-helpers";
import { control, sandboxOrder, useSandbox } from "./refunds-support";
import { useTestDb } from "../support/db";

const t = useTestDb();
const s = useSandbox();
const deps = () => ({ client: s.client, database: t.db });

describe("cancel and resync against the sandbox", () => {
  it("cancels an unpaid order", async () => {
    const st = await makeStaff(t.db, "support");
    const order = await sandboxOrder(t.db, s.client, s.sb, { paid: false });
    const r = await cancelOrder({ orderId: order.id, key: mintCancelKey(), actor: st }, deps());
    expect(r).toEqual({ status: "succeeded", title: "Order cancelled" });
    const [o] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(o!.status).toBe("cancelled");
  });

  it("an order paid in the meantime: clear sentence, nothing cancelled, the resync shows it paid", async () => {
    const st = await makeStaff(t.db, "support");
    const order = await sandboxOrder(t.db, s.client, s.sb, { paid: false });
    // The customer pays at GoPay; our row still says pending (no notification in this test).
    await control(s.sb, `/snap/payments/${order.gopayReference}/pay`, { payOption: "GOPAY_WALLET" });
    const r = await cancelOrder({ orderId: order.id, key: mintCancelKey(), actor: st }, deps());
    expect(r).toEqual({ status: "failed", title: "Not cancelled", description: PAID_MEANTIME });
    const [o] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(o!.status).toBe("paid");
    expect(await t.db.select().from(refunds).where(eq(refunds.orderId, order.id))).toHaveLength(0);
    const events = await t.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(events.find((e) => e.kind === "sync")).toMatchObject({ detail: { before: { status: "pending" }, after: { status: "paid" } } });
  });

  it("resync never moves an order back", async () => {
    const st = await makeStaff(t.db, "support");
    const order = await sandboxOrder(t.db, s.client, s.sb, { paid: false });
    await t.db.update(orders).set({ status: "paid", paidAmount: order.amount, paidAt: new Date() }).where(eq(orders.id, order.id));
    const r = await resyncOrder({ orderId: order.id, actor: st }, deps());
    expect(r).toMatchObject({ gopayStatus: "03", changed: false, after: { status: "paid" } });
  });
});

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { operations, orderEvents, orders, refunds } from "~db/schema";
import { applyRefundHistory } from "~/services/refunds/apply.server";
import { insertOperation, insertOrder, insertRefund } from "../support/factories";
import { useTestDb } from "../support/db";

const t = useTestDb();

async function reload(id: string) {
  const [o] = await t.db.select().from(orders).where(eq(orders.id, id));
  return o!;
}

describe("applyRefundHistory", () => {
  it("settles our pending refund, sets refund_no, recomputes amounts and status; idempotent", async () => {
    const order = await insertOrder(t.db, { amount: 100_000_00n });
    const op = await insertOperation(t.db, { kind: "refund", idempotencyKey: "pr-1", status: "unknown" });
    await insertRefund(t.db, { orderId: order.id, amount: 30_000_00n, partnerRefundNo: "pr-1", status: "unknown", operationId: op.id });
    const history = [{ partnerRefundNo: "pr-1", refundNo: "RF1", amount: 30_000_00n, status: "00" }];

    const first = await t.db.transaction((tx) => applyRefundHistory(tx, order, history, null));
    expect(first).toMatchObject({ changed: true, refundedAmount: 30_000_00n, status: "partially_refunded" });
    const [r] = await t.db.select().from(refunds).where(eq(refunds.partnerRefundNo, "pr-1"));
    expect(r).toMatchObject({ status: "succeeded", refundNo: "RF1" });
    const [o] = await t.db.select().from(operations).where(eq(operations.id, op.id));
    expect(o!.status).toBe("succeeded");
    const after = await reload(order.id);
    expect(after).toMatchObject({ refundedAmount: 30_000_00n, status: "partially_refunded" });
    const events1 = await t.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));

    const second = await t.db.transaction((tx) => applyRefundHistory(tx, order, history, null));
    expect(second.changed).toBe(false);
    const events2 = await t.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(events2).toHaveLength(events1.length);
  });

  it("a failed refund frees the money; a settled refund never flips", async () => {
    const order = await insertOrder(t.db, { amount: 50_000_00n });
    await insertRefund(t.db, { orderId: order.id, amount: 10_000_00n, partnerRefundNo: "pf-1", status: "pending" });
    await insertRefund(t.db, { orderId: order.id, amount: 5_000_00n, partnerRefundNo: "ps-1", status: "succeeded" });
    await t.db.transaction((tx) =>
      applyRefundHistory(
        tx,
        order,
        [
          { partnerRefundNo: "pf-1", amount: 10_000_00n, status: "06" },
          { partnerRefundNo: "ps-1", amount: 5_000_00n, status: "06" },
        ],
        null,
      ),
    );
    const rows = await t.db.select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(Object.fromEntries(rows.map((r) => [r.partnerRefundNo, r.status]))).toEqual({ "pf-1": "failed", "ps-1": "succeeded" });
    expect(await reload(order.id)).toMatchObject({ refundedAmount: 5_000_00n, status: "partially_refunded" });
  });

  it("records a refund made outside Loket and marks a fully refunded order refunded", async () => {
    const order = await insertOrder(t.db, { amount: 20_000_00n });
    await t.db.transaction((tx) => applyRefundHistory(tx, order, [{ refundNo: "EXT9", amount: 20_000_00n, status: "00" }], null));
    const rows = await t.db.select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ partnerRefundNo: "gopay-EXT9", status: "succeeded", reasonCode: "external" });
    expect(await reload(order.id)).toMatchObject({ refundedAmount: 20_000_00n, status: "refunded" });
  });

  it("never moves a cancelled order", async () => {
    const order = await insertOrder(t.db, { status: "cancelled", amount: 10_000_00n });
    const res = await t.db.transaction((tx) => applyRefundHistory(tx, order, [], null));
    expect(res).toMatchObject({ status: "cancelled", changed: false });
  });
});

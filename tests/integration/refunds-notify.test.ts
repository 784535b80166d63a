import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, operations, orderEvents, orders, refunds } from "~db/schema";
import { useTestDb } from "../support/db";
import { insertOperation, insertOrder, insertRefund } from "../support/factories";
import { installKeys, postSnap, snapBody, snapRequest } from "./notifications-support";

/**
 * A signed SNAP notification is GoPay's word on its refunds: what its refundHistory lists is booked,
 * including a refund Loket had marked failed (reconciled) or never knew, and each change is audited
 * with the actor "gopay".
 */
const t = useTestDb();
let keys: ReturnType<typeof installKeys>;
beforeAll(() => {
  keys = installKeys();
});

describe("refund history in a notification", () => {
  it("settles an unknown refund, reconciles a failed one, records an unknown one; audited as gopay", async () => {
    const orderId = `ORD-RN-${Date.now()}`;
    const order = await insertOrder(t.db, { orderId, status: "paid", amount: 100_000_00n, paidAmount: 100_000_00n, paidAt: new Date() });
    const opU = await insertOperation(t.db, { kind: "refund", idempotencyKey: `${orderId}-u`, status: "unknown" });
    const opF = await insertOperation(t.db, { kind: "refund", idempotencyKey: `${orderId}-f`, status: "failed" });
    await insertRefund(t.db, { orderId: order.id, amount: 30_000_00n, partnerRefundNo: `${orderId}-u`, status: "unknown", operationId: opU.id });
    await insertRefund(t.db, {
      orderId: order.id,
      amount: 20_000_00n,
      partnerRefundNo: `${orderId}-f`,
      status: "failed",
      failureMessage: "GoPay has no record of this refund: it was not made. Nothing was refunded.",
      operationId: opF.id,
    });

    const body = snapBody({
      orderId,
      status: "04",
      amount: "100000.00",
      refunds: [
        { partnerRefundNo: `${orderId}-u`, amount: "30000.00" },
        { partnerRefundNo: `${orderId}-f`, amount: "20000.00" },
        { partnerRefundNo: `${orderId}-x`, amount: "10000.00" },
      ],
    });
    expect((await postSnap(snapRequest(body, keys.privateKey))).status).toBe(200);

    const rows = await t.db.select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(Object.fromEntries(rows.map((r) => [r.partnerRefundNo, r.status]))).toEqual({
      [`${orderId}-u`]: "succeeded",
      [`${orderId}-f`]: "succeeded",
      [`${orderId}-x`]: "succeeded",
    });
    const [o] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(o).toMatchObject({ refundedAmount: 60_000_00n, status: "partially_refunded" });
    const ops = await t.db.select().from(operations).where(eq(operations.id, opF.id));
    expect(ops[0]!.status).toBe("succeeded");

    const events = await t.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(["refund.succeeded", "refund.reconciled", "refund.external"]));

    const refundAudits = async () => (await t.db.select().from(auditLog).where(eq(auditLog.targetId, orderId))).filter((a) => a.action.startsWith("refund."));
    const audits = await refundAudits();
    expect(audits.map((a) => [a.idempotencyKey, a.action, a.actorEmail]).sort()).toEqual(
      [
        [`${orderId}-f`, "refund.reconciled", "gopay"],
        [`${orderId}-u`, "refund.succeeded", "gopay"],
        [`${orderId}-x`, "refund.reconciled", "gopay"],
      ].sort(),
    );

    // The same notification again (GoPay retries): nothing more is booked or audited.
    await postSnap(snapRequest(body, keys.privateKey));
    expect(await refundAudits()).toHaveLength(3);
  });
});

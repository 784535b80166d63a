import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, operations, orderEvents, orders, refunds } from "~db/schema";
import { resyncOrder } from "~/services/orders/actions/resync.server";
import { mintRefundKey } from "~/services/refunds/keys.server";
import { requestRefund } from "~/services/refunds/request-refund.server";
import { makeStaff } from "./auth-helpers";
import { gopayRefunded, sandboxCoreOrder, sandboxOrder, setLimit, useSandbox } from "./refunds-support";
import { useTestDb } from "../support/db";

/**
 * Resync reconciles GoPay's refund history into the ledger: a refund Loket booked failed (what the
 * old resolver did to a refund GoPay applied late) and a refund Loket never knew are booked as
 * GoPay made them, shown on the order, and audited as the staff member who asked.
 */
const t = useTestDb();
const s = useSandbox();

describe.each(["SNAP", "Core"] as const)("Resync reconciles refunds (%s)", (api) => {
  it("books a refund Loket marked failed and one it never knew; audited as the staff member", async () => {
    await setLimit(t.db, "finance", null);
    const staff = await makeStaff(t.db, "finance");
    const actor = { id: staff.id, email: staff.email, role: staff.role };
    const order = api === "SNAP" ? await sandboxOrder(t.db, s.client, s.sb, { amount: 100_000_00n }) : await sandboxCoreOrder(t.db, s.client, s.sb, { amount: 100_000_00n });

    // A refund through Loket that GoPay made, then booked failed the way the old resolver did.
    const key = mintRefundKey();
    const r = await requestRefund({ orderId: order.id, partnerRefundNo: key, amount: 30_000_00n, reasonCode: "customer_request", actor }, { client: s.client, database: t.db });
    expect(r).toMatchObject({ kind: "sent", outcome: { status: "succeeded" } });
    await t.db.update(refunds).set({ status: "failed", failureMessage: "GoPay has no record of this refund: it was not made. Nothing was refunded." }).where(eq(refunds.partnerRefundNo, key));
    await t.db.update(operations).set({ status: "failed" }).where(and(eq(operations.kind, "refund"), eq(operations.idempotencyKey, key)));
    await t.db.update(orders).set({ status: "paid", refundedAmount: 0n }).where(eq(orders.id, order.id));

    // A refund made in GoPay's dashboard: Loket never heard of it.
    const outside = `DASH${mintRefundKey().slice(2, 20)}`;
    if (api === "SNAP") {
      await s.client.snap.refund({ externalId: outside, originalReferenceNo: order.gopayReference ?? undefined, originalPartnerReferenceNo: order.orderId, partnerRefundNo: outside, amount: 20_000_00n });
    } else {
      await s.client.core.refund({ idempotencyKey: outside, orderId: order.orderId, refundKey: outside, amount: 20_000_00n });
    }

    const res = await resyncOrder({ orderId: order.id, actor: { id: staff.id, email: staff.email } }, { client: s.client, database: t.db });
    expect(res.changed).toBe(true);
    expect(res.after).toEqual({ status: "partially_refunded", refundedAmount: 50_000_00n });
    expect((await gopayRefunded(s.client, order)).total).toBe(50_000_00n);

    const rows = await t.db.select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(Object.fromEntries(rows.map((x) => [x.partnerRefundNo, [x.status, x.amount]]))).toEqual({
      [key]: ["succeeded", 30_000_00n],
      [outside]: ["succeeded", 20_000_00n],
    });
    const [op] = await t.db.select().from(operations).where(and(eq(operations.kind, "refund"), eq(operations.idempotencyKey, key)));
    expect(op!.status).toBe("succeeded");

    const events = await t.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(["refund.reconciled", "refund.external"]));

    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, order.orderId), eq(auditLog.action, "refund.reconciled")));
    expect(audits.map((a) => [a.idempotencyKey, a.actorEmail, a.amount]).sort()).toEqual(
      [
        [key, staff.email, 30_000_00n],
        [outside, staff.email, 20_000_00n],
      ].sort(),
    );

    // Twice is once: a second Resync finds nothing to change.
    const again = await resyncOrder({ orderId: order.id, actor: { id: staff.id, email: staff.email } }, { client: s.client, database: t.db });
    expect(again.changed).toBe(false);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, order.orderId), eq(auditLog.action, "refund.reconciled")))).toHaveLength(2);
  });
});

import { describe, expect, it } from "vitest";
import { getOrderView } from "../../app/services/orders/order.server";
// Renamed: the lint rule for React hooks would otherwise treat this vitest helper as one.
import { useTestDb as withTestDb } from "../support/db";
import { insertHold, insertNotification, insertOperation, insertOrder, insertOrderEvent, insertRefund } from "../support/factories";

const t = withTestDb();
const at = (min: number) => new Date(Date.UTC(2026, 2, 1, 0, min));

describe("order page data", () => {
  it("is undefined for an unknown order id", async () => {
    expect(await getOrderView(t.db, "NOPE")).toBeUndefined();
  });

  it("merges every source into one timeline, newest first, and computes refundable", async () => {
    const o = await insertOrder(t.db, {
      orderId: "TL-1",
      gopayReference: "REF-TL-1",
      channel: "tokenized",
      status: "partially_refunded",
      amount: 100_000_00n,
      paidAmount: 100_000_00n,
      createdAt: at(0),
      paidAt: at(1),
    });
    await insertNotification(t.db, { reference: "TL-1", receivedAt: at(2) });
    await insertNotification(t.db, { reference: "REF-TL-1", receivedAt: at(3), isDuplicate: true });
    await insertNotification(t.db, { reference: "TL-1", receivedAt: at(4), outOfOrder: true, signatureValid: false, verification: "bad_signature" });
    await insertNotification(t.db, { reference: "OTHER", receivedAt: at(5) });
    await insertOperation(t.db, { kind: "refund", orderId: o.id, idempotencyKey: "idem-1", responseCode: "2005800", createdAt: at(6), actorLabel: "agent@loket.test" });
    await insertRefund(t.db, { orderId: o.id, amount: 30_000_00n, status: "succeeded", createdAt: at(6) });
    await insertRefund(t.db, { orderId: o.id, amount: 5_000_00n, status: "failed", createdAt: at(7) });
    await insertHold(t.db, { orderId: o.id, amount: 100_000_00n, authorisedAt: at(1), capturedAt: at(8) });
    await insertOrderEvent(t.db, { orderId: o.id, at: at(9), kind: "sync", title: "Status synced", detail: { from: "paid" } });

    const view = (await getOrderView(t.db, "TL-1", at(10)))!;
    expect(view.refundable.amount).toBe(70_000_00n);
    const tl = view.timeline;
    expect(tl.map((e) => e.kind)).toEqual([
      "event", "hold", "refund", "refund", "operation", "notification", "notification", "notification", "hold", "created",
    ]);
    for (let i = 1; i < tl.length; i++) expect(tl[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(tl[i]!.at.getTime());
    const notes = tl.filter((e) => e.kind === "notification");
    expect(notes.map((n) => n.flags)).toEqual([["bad signature", "out of order"], ["duplicate"], []]);
    expect(notes[2]!.raw).toContain('"originalPartnerReferenceNo": "TL-1"');
    const op = tl.find((e) => e.kind === "operation")!;
    expect(op.facts).toEqual(expect.arrayContaining([{ label: "Idempotency key", value: "idem-1" }, { label: "Response code", value: "2005800" }]));
    expect(op.actor).toBe("agent@loket.test");
  });

  it("shows a hold change once, not again from its hold.* history row", async () => {
    const o = await insertOrder(t.db, { orderId: "TL-HOLD", channel: "preauth", status: "cancelled", amount: 50_000_00n, createdAt: at(0) });
    await insertHold(t.db, { orderId: o.id, amount: 50_000_00n, status: "released", authorisedAt: at(1), releasedAt: at(2), releaseReason: "customer left" });
    await insertOrderEvent(t.db, { orderId: o.id, at: at(1), kind: "hold.authorised", title: "Hold authorised" });
    await insertOrderEvent(t.db, { orderId: o.id, at: at(2), kind: "hold.released", title: "Hold released" });
    await insertOrderEvent(t.db, { orderId: o.id, at: at(3), kind: "sync", title: "Status synced" });
    const view = await getOrderView(t.db, "TL-HOLD");
    const titles = view!.timeline.map((e) => e.title);
    expect(titles.filter((x) => x === "Hold released")).toHaveLength(1);
    expect(titles.filter((x) => x === "Hold authorised")).toHaveLength(1);
    expect(titles).toContain("Status synced");
  });
});

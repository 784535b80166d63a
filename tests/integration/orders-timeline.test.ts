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

  it("folds one refund's call, result, status change and notification into one entry that reads in order", async () => {
    const o = await insertOrder(t.db, { orderId: "TL-GRP", channel: "deeplink", status: "refunded", amount: 89_000_00n, paidAmount: 89_000_00n, createdAt: at(0) });
    // The payment: GoPay's notification (00) and the status change it applied.
    const paidNote = await insertNotification(t.db, { reference: "TL-GRP", receivedAt: at(1), statusCode: "00" });
    await insertOrderEvent(t.db, { orderId: o.id, at: at(1), kind: "status.changed", title: "Paid at GoPay", actorLabel: "gopay", notificationId: paidNote.id });
    // The refund: row and call written together, the result and the order's status in one transaction, then GoPay tells.
    const key = "RF-GROUPED-1";
    const op = await insertOperation(t.db, { kind: "refund", orderId: o.id, idempotencyKey: key, responseCode: "2005800", amount: 89_000_00n, createdAt: at(10) });
    await insertRefund(t.db, { orderId: o.id, amount: 89_000_00n, status: "succeeded", partnerRefundNo: key, operationId: op.id, createdAt: at(10) });
    await insertOrderEvent(t.db, { orderId: o.id, at: at(10), kind: "refund.requested", title: "Refund of Rp 89.000 sent to GoPay", operationId: op.id, detail: { partnerRefundNo: key } });
    await insertOrderEvent(t.db, { orderId: o.id, at: at(11), kind: "refund.succeeded", title: `Refund ${key} succeeded (GoPay answer)`, operationId: op.id, detail: { partnerRefundNo: key } });
    await insertOrderEvent(t.db, { orderId: o.id, at: at(11), kind: "status.changed", title: "Status paid → refunded", actorLabel: "refunds" });
    await insertNotification(t.db, {
      reference: "TL-GRP",
      receivedAt: at(12),
      statusCode: "04",
      rawBody: JSON.stringify({ originalPartnerReferenceNo: "TL-GRP", latestTransactionStatus: "04", additionalInfo: { refundHistory: [{ partnerRefundNo: key }] } }),
    });
    // Something no action owns stays on its own.
    await insertOrderEvent(t.db, { orderId: o.id, at: at(20), kind: "sync", title: "Resynced with GoPay: no difference" });

    const tl = (await getOrderView(t.db, "TL-GRP"))!.timeline;
    expect(tl.map((e) => [e.kind, e.title])).toEqual([
      ["event", "Resynced with GoPay: no difference"],
      ["refund", "Refund requested"],
      ["event", "Paid at GoPay"],
      ["created", "Order created"],
    ]);
    const refund = tl[1]!;
    expect(refund.at).toEqual(at(10));
    expect(refund.status).toBe("succeeded");
    expect(refund.steps!.map((e) => [e.kind, e.code ?? null])).toEqual([
      ["operation", "refund"],
      ["event", "refund.requested"],
      ["event", "refund.succeeded"],
      ["event", "status.changed"],
      ["notification", "snap_debit 04"],
    ]);
    const told = refund.steps!.at(-1)!;
    expect(told.status).toBe("refunded"); // GoPay's 04, said as a word; the code stays in `code` and the payload
    expect(told.raw).toContain('"latestTransactionStatus": "04"');
    expect(refund.steps![0]!.facts).toEqual(expect.arrayContaining([{ label: "Response code", value: "2005800" }]));
    const paid = tl[2]!;
    expect(paid.steps!.map((e) => [e.kind, e.status])).toEqual([["notification", "paid"]]);
    // Nothing is lost: every row is either an entry or a step.
    expect(tl.reduce((n, e) => n + 1 + (e.steps?.length ?? 0), 0)).toBe(10);
  });

  it("never places anything before the order's creation, whatever GoPay's clock said", async () => {
    const created = new Date(at(30).getTime() + 700); // our clock, with milliseconds
    const o = await insertOrder(t.db, { orderId: "TL-CLOCK", channel: "preauth", status: "authorised", amount: 10_000_00n, createdAt: created, paidAt: at(30) });
    // GoPay's transaction_time is whole seconds: it reads 0.7 s before we created the order.
    await insertHold(t.db, { orderId: o.id, amount: 10_000_00n, authorisedAt: at(30) });
    const tl = (await getOrderView(t.db, "TL-CLOCK"))!.timeline;
    expect(tl.map((e) => e.kind)).toEqual(["hold", "created"]);
    expect(tl[0]!.at).toEqual(at(30)); // the time shown stays the one recorded
  });
});

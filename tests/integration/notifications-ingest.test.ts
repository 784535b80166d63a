import { and, asc, eq, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, notifications, orderEvents, orders, refunds } from "../../db/schema";
import { rows } from "../../app/db/rows.server";
import { applyPendingNotifications } from "../../app/services/notifications/sweep.server";
import { useTestDb } from "../support/db";
import { insertOrder } from "../support/factories";
import { signNotify, xTimestamp } from "../../app/gopay/signing.server";
import { linkedAccount, SERVER_KEY as CORE_KEY, startTestGopay, type TestGopay } from "./holds-helpers";
import { coreBody, installKeys, postCore, postSnap, snapBody, snapRequest } from "./notifications-support";

/**
 * The notification webhooks through the real route actions, real database (both drivers):
 * verification and the contract's answers, storage before apply, idempotent and monotonic apply,
 * and the retry of a failed apply by the job's sweep.
 */
const t = useTestDb();
let keys: ReturnType<typeof installKeys>;
beforeAll(() => {
  keys = installKeys();
});

const pendingOrder = (over: Parameters<typeof insertOrder>[1] = {}) =>
  insertOrder(t.db, { status: "pending", gopayReference: null, paymentOption: null, paidAt: null, ...over });
const orderRow = async (id: string) => (await t.db.select().from(orders).where(eq(orders.id, id)))[0]!;
const eventsOf = (id: string) => t.db.select().from(orderEvents).where(eq(orderEvents.orderId, id)).orderBy(asc(orderEvents.id));
const notesOf = (ref: string) => t.db.select().from(notifications).where(eq(notifications.reference, ref)).orderBy(asc(notifications.id));

describe("SNAP /v1.0/debit/notify", () => {
  it("a valid 00 is stored, answered 2005600 with X-TIMESTAMP, and makes the order paid once", async () => {
    const o = await pendingOrder();
    const body = snapBody({ orderId: o.orderId, status: "00", payOption: "PAY_LATER", finishedTime: "2025-01-02T10:05:00+07:00" });
    const res = await postSnap(snapRequest(body, keys.privateKey));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ responseCode: "2005600", responseMessage: "Request has been processed successfully" });
    expect(res.headers.get("x-timestamp")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);

    const after = await orderRow(o.id);
    expect(after).toMatchObject({
      status: "paid",
      statusRank: 30,
      gopayStatus: "00",
      paidAmount: 150_000_00n,
      paymentOption: "PAY_LATER",
      gopayReference: `REF-${o.orderId}`,
    });
    expect(after.paidAt?.toISOString()).toBe("2025-01-02T03:05:00.000Z");
    const [n] = await notesOf(o.orderId);
    expect(n).toMatchObject({ signatureValid: true, verification: "ok", statusCode: "00", rawBody: body, isDuplicate: false });
    expect(n!.appliedAt).not.toBeNull();
    expect((n!.headers as Record<string, string>)["x-signature"]).toBeTruthy();
    const ev = await eventsOf(o.id);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ kind: "status.changed", notificationId: n!.id });
  });

  it("a bad signature → 401 4015600, stored as invalid, no order row changed", async () => {
    const o = await pendingOrder();
    const before = await orderRow(o.id);
    const body = snapBody({ orderId: o.orderId, status: "00" });
    const forged = snapRequest(body, keys.privateKey, { signature: Buffer.from("x".repeat(256)).toString("base64") });
    const res = await postSnap(forged);
    expect(res.status).toBe(401);
    expect(res.body.responseCode).toBe("4015600");
    expect(await orderRow(o.id)).toEqual(before);
    expect(await eventsOf(o.id)).toHaveLength(0);
    const [n] = await notesOf(o.orderId);
    expect(n).toMatchObject({ signatureValid: false, verification: "bad_signature", appliedAt: null });

    // Signed over another body (a tampered amount) is also refused.
    const tampered = snapRequest(body.replace("150000.00", "1.00"), keys.privateKey, {
      signature: snapRequest(body, keys.privateKey).headers.get("x-signature")!,
    });
    expect((await postSnap(tampered)).status).toBe(401);
    expect(await orderRow(o.id)).toEqual(before);
  });

  it("SNAP signs the whole body: each field changed after signing (status, amount, refunds, order) → 401 and nothing changes", async () => {
    const o = await pendingOrder();
    const paid = await pendingOrder();
    const before = [await orderRow(o.id), await orderRow(paid.id)];
    const genuine = snapBody({ orderId: o.orderId, status: "03" });
    const ts = xTimestamp();
    const signature = signNotify("/v1.0/debit/notify", genuine, ts, keys.privateKey);
    const g = JSON.parse(genuine) as Record<string, unknown>;
    const edits: Record<string, unknown>[] = [
      { latestTransactionStatus: "00" },
      { amount: { value: "1.00", currency: "IDR" } },
      { originalPartnerReferenceNo: paid.orderId },
      { originalReferenceNo: "REF-OTHER" },
      { additionalInfo: JSON.parse(snapBody({ orderId: o.orderId, status: "04", refunds: [{ partnerRefundNo: "evil", amount: "10.00" }] })).additionalInfo },
    ];
    for (const edit of edits) {
      const res = await postSnap(snapRequest(JSON.stringify({ ...g, ...edit }), keys.privateKey, { timestamp: ts, signature }));
      expect(res, JSON.stringify(edit)).toMatchObject({ status: 401, body: { responseCode: "4015600" } });
    }
    expect([await orderRow(o.id), await orderRow(paid.id)]).toEqual(before);
    expect(await eventsOf(o.id)).toHaveLength(0);
  });

  it("a correctly signed but stale X-TIMESTAMP (11 minutes old) → 401, nothing applied", async () => {
    const o = await pendingOrder();
    const before = await orderRow(o.id);
    const res = await postSnap(snapRequest(snapBody({ orderId: o.orderId, status: "00" }), keys.privateKey, { at: new Date(Date.now() - 11 * 60_000) }));
    expect(res.status).toBe(401);
    expect(res.body.responseCode).toBe("4015600");
    expect(await orderRow(o.id)).toEqual(before);
    expect((await notesOf(o.orderId))[0]).toMatchObject({ verification: "stale_timestamp", signatureValid: false });
  });

  it("malformed JSON → 400 4005601; a missing mandatory field → 400 4005602; nothing applied", async () => {
    const o = await pendingOrder();
    const before = await orderRow(o.id);
    const bad = `{"originalPartnerReferenceNo":"${o.orderId}","latestTransactionStatus":"00"`;
    const r1 = await postSnap(snapRequest(bad, keys.privateKey));
    expect(r1.status).toBe(400);
    expect(r1.body.responseCode).toBe("4005601");
    const missing = JSON.stringify({ originalPartnerReferenceNo: o.orderId, originalReferenceNo: "R1" });
    const r2 = await postSnap(snapRequest(missing, keys.privateKey));
    expect(r2.status).toBe(400);
    expect(r2.body.responseCode).toBe("4005602");
    expect(r2.body.responseMessage).toContain("latestTransactionStatus");
    expect(await orderRow(o.id)).toEqual(before);
    // Unparseable JSON has no reference to file it under; it is stored all the same.
    const [unparsed] = await t.db.select().from(notifications).where(eq(notifications.rawBody, bad));
    expect(unparsed).toMatchObject({ verification: "malformed", signatureValid: false, reference: null });
    expect((await notesOf(o.orderId)).map((n) => n.verification)).toEqual(["malformed"]);
  });

  it("a duplicate (same notification re-signed later) is stored, marked, and adds no second history row", async () => {
    const o = await pendingOrder();
    const body = snapBody({ orderId: o.orderId, status: "00", payOption: "GOPAY_WALLET" });
    expect((await postSnap(snapRequest(body, keys.privateKey, { at: new Date(Date.now() - 60_000) }))).status).toBe(200);
    expect((await postSnap(snapRequest(body, keys.privateKey))).status).toBe(200);
    const stored = await notesOf(o.orderId);
    expect(stored.map((n) => n.isDuplicate)).toEqual([false, true]);
    expect(stored.every((n) => n.appliedAt !== null)).toBe(true);
    expect(await eventsOf(o.id)).toHaveLength(1);
    expect((await orderRow(o.id)).status).toBe("paid");
  });

  it("the hand-written apply statements write every column as the drizzle writers did (order, history row, marks, audit row)", async () => {
    const o = await pendingOrder({ amount: 150_000_00n });
    const body = snapBody({ orderId: o.orderId, status: "00", payOption: "GOPAY_WALLET", finishedTime: "2025-01-02T10:05:00+07:00" });
    expect((await postSnap(snapRequest(body, keys.privateKey, { at: new Date(Date.now() - 60_000) }))).status).toBe(200);
    expect((await postSnap(snapRequest(body, keys.privateKey))).status).toBe(200);
    const after = await orderRow(o.id);
    expect(after).toMatchObject({ status: "paid", statusRank: 30, gopayStatus: "00", paidAmount: 150_000_00n, refundedAmount: 0n, paymentOption: "GOPAY_WALLET", closedAt: null });
    expect(after.paidAt?.toISOString()).toBe("2025-01-02T03:05:00.000Z");
    expect(after.updatedAt.getTime()).toBeGreaterThan(o.updatedAt.getTime() - 1);
    const [first, repeat] = await notesOf(o.orderId);
    expect(first).toMatchObject({ isDuplicate: false, outOfOrder: false, applyError: null, applyAttempts: 1, result: { action: "applied", from: "pending", to: "paid" } });
    expect(repeat).toMatchObject({ isDuplicate: true, outOfOrder: false, applyError: null, applyAttempts: 1, result: { action: "duplicate", of: first!.id.toString() } });
    expect(repeat!.dedupeKey).toBe(first!.dedupeKey);
    const [ev] = await eventsOf(o.id);
    expect(ev).toMatchObject({ kind: "status.changed", title: "Paid at GoPay (GOPAY_WALLET)", actorLabel: "gopay", actorId: null, notificationId: first!.id });
    expect(ev!.detail).toEqual({ before: "pending", after: "paid", gopayStatus: "00", source: "snap_debit", refundedAmount: "0", paymentOption: "GOPAY_WALLET" });
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, o.orderId), eq(auditLog.action, "order.status_changed")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: null, actorEmail: "gopay", targetType: "order", amount: 150_000_00n, idempotencyKey: null, request: null, result: "ok", ip: null });
    expect(audits[0]!.detail).toEqual({ from: "pending", to: "paid", gopayStatus: "00", refundedAmount: "0", notificationId: first!.id.toString(), source: "snap_debit", confirmedBy: "signature" });
  });

  it("out of order: 00 then a late 03 → stays paid, the 03 is marked out_of_order", async () => {
    const o = await pendingOrder();
    await postSnap(snapRequest(snapBody({ orderId: o.orderId, status: "00" }), keys.privateKey));
    const res = await postSnap(snapRequest(snapBody({ orderId: o.orderId, status: "03" }), keys.privateKey));
    expect(res.status).toBe(200);
    expect(await orderRow(o.id)).toMatchObject({ status: "paid", statusRank: 30, gopayStatus: "00" });
    const stored = await notesOf(o.orderId);
    expect(stored.map((n) => [n.statusCode, n.outOfOrder])).toEqual([
      ["00", false],
      ["03", true],
    ]);
    // A paid order never becomes expired either.
    await postSnap(snapRequest(snapBody({ orderId: o.orderId, status: "08" }), keys.privateKey));
    expect((await orderRow(o.id)).status).toBe("paid");
    expect(await eventsOf(o.id)).toHaveLength(1);
  });

  it("refunds (04): totals drive partially_refunded → refunded; refund rows recorded; a late smaller total changes nothing", async () => {
    const o = await pendingOrder({ amount: 100_000_00n });
    await postSnap(snapRequest(snapBody({ orderId: o.orderId, status: "00", amount: "100000.00" }), keys.privateKey));
    const first = snapBody({ orderId: o.orderId, status: "04", amount: "100000.00", refunds: [{ partnerRefundNo: `${o.orderId}-r1`, amount: "30000.00" }] });
    const both = snapBody({
      orderId: o.orderId,
      status: "04",
      amount: "100000.00",
      refunds: [
        { partnerRefundNo: `${o.orderId}-r1`, amount: "30000.00" },
        { partnerRefundNo: `${o.orderId}-r2`, amount: "70000.00" },
      ],
    });
    await postSnap(snapRequest(first, keys.privateKey));
    expect(await orderRow(o.id)).toMatchObject({ status: "partially_refunded", refundedAmount: 30_000_00n, paidAmount: 100_000_00n });
    await postSnap(snapRequest(both, keys.privateKey));
    expect(await orderRow(o.id)).toMatchObject({ status: "refunded", refundedAmount: 100_000_00n, statusRank: 50 });
    await postSnap(snapRequest(first, keys.privateKey)); // late, re-signed
    expect(await orderRow(o.id)).toMatchObject({ status: "refunded", refundedAmount: 100_000_00n });
    const rr = await t.db.select().from(refunds).where(eq(refunds.orderId, o.id));
    expect(rr.map((r) => [r.partnerRefundNo, r.amount, r.status]).sort()).toEqual([
      [`${o.orderId}-r1`, 30_000_00n, "succeeded"],
      [`${o.orderId}-r2`, 70_000_00n, "succeeded"],
    ]);
    const last = (await notesOf(o.orderId)).at(-1)!;
    expect(last.isDuplicate || last.outOfOrder).toBe(true);
  });

  it("expiry (08) closes a pending order; an unknown order is stored, answered 200, apply_error 'unknown order'", async () => {
    const o = await pendingOrder();
    await postSnap(snapRequest(snapBody({ orderId: o.orderId, status: "08", finishedTime: "2025-01-02T10:15:00+07:00" }), keys.privateKey));
    const after = await orderRow(o.id);
    expect(after).toMatchObject({ status: "expired", statusRank: 90 });
    expect(after.closedAt?.toISOString()).toBe("2025-01-02T03:15:00.000Z");

    const res = await postSnap(snapRequest(snapBody({ orderId: "ORD-NOBODY-1", status: "00" }), keys.privateKey));
    expect(res.status).toBe(200);
    expect((await notesOf("ORD-NOBODY-1"))[0]).toMatchObject({ applyError: "unknown order", appliedAt: null, applyAttempts: 1 });
  });

  it("an apply that fails (DB error) is still stored and answered 200, then applied by the job's sweep", async () => {
    const o = await pendingOrder();
    // A trigger that refuses order updates stands in for a database failure during apply.
    await t.db.execute(sql`create or replace function loket_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'simulated apply failure'; end $$`);
    await t.db.execute(sql.raw(`create trigger loket_test_fail before update on orders for each row execute function loket_test_fail()`));
    try {
      const res = await postSnap(snapRequest(snapBody({ orderId: o.orderId, status: "00" }), keys.privateKey));
      expect(res.status).toBe(200);
      expect(res.body.responseCode).toBe("2005600");
    } finally {
      await t.db.execute(sql.raw(`drop trigger loket_test_fail on orders`));
    }
    const [stored] = await notesOf(o.orderId);
    expect(stored).toMatchObject({ appliedAt: null, applyAttempts: 1, signatureValid: true });
    expect(stored!.applyError).toContain("simulated apply failure");
    expect((await orderRow(o.id)).status).toBe("pending");
    expect(await eventsOf(o.id)).toHaveLength(0);

    const summary = await applyPendingNotifications({ minAgeMs: 0 });
    expect(summary.applied).toBeGreaterThanOrEqual(1);
    expect((await orderRow(o.id)).status).toBe("paid");
    const [again] = await notesOf(o.orderId);
    expect(again).toMatchObject({ applyError: null, applyAttempts: 2 });
    expect(again!.appliedAt).not.toBeNull();
    // A second sweep finds nothing new for this order.
    await applyPendingNotifications({ minAgeMs: 0 });
    expect(await eventsOf(o.id)).toHaveLength(1);
  });

  it("concurrent deliveries of the same notification apply once", async () => {
    const o = await pendingOrder();
    const body = snapBody({ orderId: o.orderId, status: "00" });
    const results = await Promise.all(Array.from({ length: 6 }, () => postSnap(snapRequest(body, keys.privateKey))));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await eventsOf(o.id)).toHaveLength(1);
    const stored = await notesOf(o.orderId);
    expect(stored).toHaveLength(6);
    expect(stored.filter((n) => n.isDuplicate)).toHaveLength(5);
  });
});

describe("Core /webhooks/gopay", () => {
  // Core notifications are confirmed with GoPay's status: a real sandbox, a real tokenized charge.
  let g: TestGopay;
  let account: Awaited<ReturnType<typeof linkedAccount>>;
  beforeAll(async () => {
    g = await startTestGopay();
    account = await linkedAccount(g);
  });
  afterAll(async () => {
    await g?.close();
  });

  it("a valid settlement makes the order paid; a bad signature_key → 401 and nothing changes", async () => {
    const o = await pendingOrder({ channel: "tokenized", amount: 150_000_00n, orderId: `CORE-${randomUUID().slice(0, 18)}` });
    const before = await orderRow(o.id);
    const forged = await postCore(coreBody({ orderId: o.orderId, status: "settlement", badSignature: true, serverKey: CORE_KEY }));
    expect(forged.status).toBe(401);
    expect(await orderRow(o.id)).toEqual(before);

    const charged = await g.client.core.charge({
      idempotencyKey: randomUUID(),
      orderId: o.orderId,
      amount: o.amount,
      accountId: account.accountId,
      paymentOptionToken: account.tokens.GOPAY_WALLET!,
    });
    expect(charged.transactionStatus).toBe("settlement");
    const ok = await postCore(coreBody({ orderId: o.orderId, status: "settlement", serverKey: CORE_KEY }));
    expect(ok.status).toBe(200);
    expect(await orderRow(o.id)).toMatchObject({ status: "paid", gopayStatus: "settlement", paymentOption: "GOPAY_WALLET", paidAmount: 150_000_00n });
    const late = await postCore(coreBody({ orderId: o.orderId, status: "pending", serverKey: CORE_KEY }));    expect(late.status).toBe(200);
    expect((await orderRow(o.id)).status).toBe("paid");
    const stored = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.reference, o.orderId), eq(notifications.source, "core_payment")))
      .orderBy(asc(notifications.id));
    expect(stored.map((n) => [n.verification, n.outOfOrder])).toEqual([
      ["bad_signature", false],
      ["ok", false],
      ["ok", true],
    ]);
  });

  it("malformed body → 400, stored", async () => {
    const res = await postCore("{not json");
    expect(res.status).toBe(400);
    const [n] = await rows<{ verification: string }>(t.db, sql`select verification from notifications where raw_body = '{not json'`);
    expect(n?.verification).toBe("malformed");
  });
});

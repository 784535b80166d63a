import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  coreByOrderOrTransactionId,
  customerById,
  lastSnapByExternalId,
  lastSnapByPartnerReferenceNo,
  pendingSnapPayments,
  snapByReferenceNo,
} from "./indexes";
import { type Sandbox } from "./server";
import { type CoreTransaction, type SnapPayment, loadSnapshot, saveSnapshot, seedState } from "./state";
import { Receiver, control, coreCall, getToken, paymentBody, snapCall, start, until } from "./test-client";

const PAY = "/v1.0/debit/payment-host-to-host";
const STATUS = "/v1.0/debit/status";
const REFUND = "/v1.0/debit/refund";

function payment(n: number, extra: Partial<SnapPayment> = {}): SnapPayment {
  return {
    referenceNo: `REF-${n}`,
    partnerReferenceNo: `ORDER-${n}`,
    externalId: `EXT-${n}`,
    amountSen: 1_000_000,
    status: "03",
    tokenized: false,
    createdAt: 0,
    validUpTo: 1,
    refunds: [],
    ...extra,
  };
}

describe("derived indexes answer what the linear scans answered", () => {
  it("first by reference, last by partner reference and external id; items pushed later are found", () => {
    const s = seedState();
    s.snapPayments.push(payment(1), payment(2, { partnerReferenceNo: "ORDER-1", externalId: "EXT-1" }));
    expect(snapByReferenceNo(s, "REF-1")).toBe(s.snapPayments[0]);
    expect(lastSnapByPartnerReferenceNo(s, "ORDER-1")).toBe(s.snapPayments[1]);
    expect(lastSnapByExternalId(s, "EXT-1")).toBe(s.snapPayments[1]);
    s.snapPayments.push(payment(3, { partnerReferenceNo: "ORDER-1" })); // pushed after the index was built
    expect(lastSnapByPartnerReferenceNo(s, "ORDER-1")).toBe(s.snapPayments[2]);
    expect(snapByReferenceNo(s, "REF-3")).toBe(s.snapPayments[2]);
    expect(snapByReferenceNo(s, "nope")).toBeUndefined();
  });

  it("a replaced or shortened list is indexed afresh", () => {
    const s = seedState();
    s.snapPayments.push(payment(1), payment(2));
    expect(snapByReferenceNo(s, "REF-2")).toBeDefined();
    s.snapPayments.length = 1; // never done by the sandbox; a test could
    expect(snapByReferenceNo(s, "REF-2")).toBeUndefined();
    s.snapPayments = [payment(7)];
    expect(snapByReferenceNo(s, "REF-1")).toBeUndefined();
    expect(snapByReferenceNo(s, "REF-7")).toBe(s.snapPayments[0]);
  });

  it("Core: the first transaction whose order id or transaction id matches, in list order", () => {
    const s = seedState();
    const tx = (orderId: string, transactionId: string): CoreTransaction => ({
      transactionId,
      orderId,
      accountId: "a",
      customerId: "cust-01",
      payOption: "GOPAY_WALLET",
      amountSen: 100,
      status: "settlement",
      preAuth: false,
      createdAt: 0,
      refunds: [],
    });
    s.coreTransactions.push(tx("X", "T1"), tx("O2", "X"));
    expect(coreByOrderOrTransactionId(s, "X")).toBe(s.coreTransactions[0]);
    expect(coreByOrderOrTransactionId(s, "O2")).toBe(s.coreTransactions[1]);
    s.coreTransactions.reverse(); // same length, other order: only a reset-like replacement is rebuilt
    s.coreTransactions = [...s.coreTransactions];
    expect(coreByOrderOrTransactionId(s, "X")).toBe(s.coreTransactions[0]);
    expect(coreByOrderOrTransactionId(s, "X")!.orderId).toBe("O2");
  });

  it("pending payments leave the expiry list once they leave pending", () => {
    const s = seedState();
    s.snapPayments.push(payment(1), payment(2), payment(3, { status: "00" }));
    expect(pendingSnapPayments(s).map((p) => p.referenceNo)).toEqual(["REF-1", "REF-2"]);
    s.snapPayments[0]!.status = "05";
    s.snapPayments.push(payment(4));
    expect(pendingSnapPayments(s).map((p) => p.referenceNo)).toEqual(["REF-2", "REF-4"]);
  });

  it("customers added by the campaign control (id set before the push) are found by id", () => {
    const s = seedState();
    expect(customerById(s, "cust-03")).toBe(s.customers[2]);
    s.customers.push({ ...s.customers[0]!, id: "cust-999", authToken: "AT-x" });
    expect(customerById(s, "cust-999")).toBe(s.customers[20]);
  });
});

describe("saveSnapshot", () => {
  it("writes exactly what JSON.stringify(state) gives, in pieces", () => {
    const s = seedState();
    for (let i = 0; i < 3000; i++) s.snapPayments.push(payment(i, i % 2 ? { metadata: { note: "ü \"q\"", n: i } } : {}));
    s.externalIds["P|2026-11-30|x"] = { bodyHash: "h", response: { status: 200, body: { a: [1, undefined, null] } } };
    (s.requestIds as Record<string, unknown>)["gone"] = undefined;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sbx-snap-")), "state.json");
    saveSnapshot(file, s);
    expect(fs.readFileSync(file, "utf8")).toBe(JSON.stringify(s));
    expect(loadSnapshot(file)!.snapPayments).toHaveLength(3000);
  });
});

describe("through the API: indexes follow resets and snapshot restarts", () => {
  let sb: Sandbox;
  let token: string;
  const receiver = new Receiver();
  beforeAll(async () => {
    const url = await receiver.listen();
    sb = await start({ notifyUrl: `${url}/v1.0/debit/notify` });
    token = (await getToken(sb)).body.accessToken;
  });
  afterAll(async () => {
    await sb.close();
    await receiver.close();
  });

  it("after a reset, an external id and a partnerRefundNo used before belong to the new payments", async () => {
    const first = await snapCall(sb, token, PAY, paymentBody("idx-reset"), { externalId: "idx-ext-1" });
    await control(sb, "POST", `snap/payments/${first.body.referenceNo}/pay`, {});
    const r1 = await snapCall(sb, token, REFUND, { originalReferenceNo: first.body.referenceNo, partnerRefundNo: "idx-rf-1", refundAmount: { value: "1000.00", currency: "IDR" } });
    expect(r1.body.responseCode).toBe("2005800");
    expect((await control(sb, "POST", "reset")).status).toBe(200);
    token = (await getToken(sb)).body.accessToken;
    const second = await snapCall(sb, token, PAY, paymentBody("idx-reset"), { externalId: "idx-ext-1" });
    expect(second.body.responseCode).toBe("2005400");
    expect(second.body.referenceNo).not.toBe(first.body.referenceNo);
    const byExt = await snapCall(sb, token, STATUS, { originalExternalId: "idx-ext-1", serviceCode: "54" });
    expect(byExt.body.originalReferenceNo).toBe(second.body.referenceNo);
    const gone = await snapCall(sb, token, STATUS, { originalReferenceNo: first.body.referenceNo, serviceCode: "54" });
    expect(gone.status).toBe(404);
    await control(sb, "POST", `snap/payments/idx-reset/pay`, {}); // by partnerReferenceNo
    const r2 = await snapCall(sb, token, REFUND, { originalReferenceNo: second.body.referenceNo, partnerRefundNo: "idx-rf-1", refundAmount: { value: "2000.00", currency: "IDR" } });
    expect(r2.body).toMatchObject({ responseCode: "2005800", refundAmount: { value: "2000.00" } }); // a new refund, not a replay
  });

  it("the partnerRefundNo replay finds a refund made on another payment", async () => {
    const a = await snapCall(sb, token, PAY, paymentBody("idx-rf-a"));
    const b = await snapCall(sb, token, PAY, paymentBody("idx-rf-b"));
    for (const p of [a, b]) await control(sb, "POST", `snap/payments/${p.body.referenceNo}/pay`, {});
    const once = await snapCall(sb, token, REFUND, { originalReferenceNo: a.body.referenceNo, partnerRefundNo: "idx-rf-shared", refundAmount: { value: "500.00", currency: "IDR" } });
    const again = await snapCall(sb, token, REFUND, { originalReferenceNo: b.body.referenceNo, partnerRefundNo: "idx-rf-shared", refundAmount: { value: "500.00", currency: "IDR" } });
    expect(again.body).toEqual(once.body);
    expect(sb.ctx.state.snapPayments.find((p) => p.referenceNo === b.body.referenceNo)!.refunds).toHaveLength(0);
  });

  it("bulk control: payments that status, pay and refund treat as any other; a bad item stores nothing", async () => {
    const before = sb.ctx.state.snapPayments.length;
    const bad = await control(sb, "POST", "snap/payments/bulk", { payments: [{ partnerReferenceNo: "idx-bulk-ok", externalId: "e1", amountSen: 1_000_000 }, { partnerReferenceNo: "idx-bulk-bad", externalId: "e2", amountSen: 5 }] });
    expect(bad).toMatchObject({ status: 400, body: { error: "payments[1].amountSen must be a whole number ≥ 100" } });
    expect(sb.ctx.state.snapPayments).toHaveLength(before);
    const made = await control(sb, "POST", "snap/payments/bulk", {
      validForMs: 3_600_000,
      payments: Array.from({ length: 3 }, (_, i) => ({ partnerReferenceNo: `idx-bulk-${i}`, externalId: `idx-bulk-ext-${i}`, amountSen: 2_000_000 + i * 100 })),
    });
    expect(made.status).toBe(200);
    const refs = made.body.referenceNos as string[];
    expect(refs).toHaveLength(3);
    const byRef = await snapCall(sb, token, STATUS, { originalReferenceNo: refs[1], serviceCode: "54" });
    expect(byRef.body).toMatchObject({ latestTransactionStatus: "03", originalPartnerReferenceNo: "idx-bulk-1", originalExternalId: "idx-bulk-ext-1", transAmount: { value: "20001.00" } });
    const byExt = await snapCall(sb, token, STATUS, { originalExternalId: "idx-bulk-ext-2", serviceCode: "54" });
    expect(byExt.body.originalReferenceNo).toBe(refs[2]);
    expect((await control(sb, "POST", "snap/payments/idx-bulk-0/pay", {})).status).toBe(200);
    const rf = await snapCall(sb, token, REFUND, { originalReferenceNo: refs[0], partnerRefundNo: "idx-bulk-rf", refundAmount: { value: "100.00", currency: "IDR" } });
    expect(rf.body.responseCode).toBe("2005800");
    expect(sb.ctx.state.snapPayments.find((p) => p.referenceNo === refs[2])!.validUpTo - sb.ctx.clock.now()).toBeGreaterThan(3_500_000);
  });

  it("300 payments at once: each notification is delivered once, and the last payment is still found", async () => {
    receiver.got.length = 0;
    const refs: string[] = [];
    for (let k = 0; k < 3; k++) {
      const batch = await Promise.all(Array.from({ length: 100 }, (_, j) => snapCall(sb, token, PAY, paymentBody(`idx-many-${k * 100 + j}`))));
      refs.push(...batch.map((r) => r.body.referenceNo as string));
    }
    const mine = new Set(refs);
    const sentOfMine = () => receiver.got.map((g) => JSON.parse(g.body).originalReferenceNo as string).filter((r) => mine.has(r));
    await until(() => new Set(sentOfMine()).size === 300, 50_000);
    await new Promise((r) => setTimeout(r, 500)); // a second pass would have sent a duplicate by now
    // (late notifications of the tests above may arrive too: only this test's payments are counted)
    expect(sentOfMine()).toHaveLength(300);
    const last = await snapCall(sb, token, STATUS, { originalReferenceNo: refs.at(-1), serviceCode: "54" });
    expect(last.body.originalPartnerReferenceNo).toBe("idx-many-299");
  }, 60_000);
});

it("after a restart from a snapshot: status, refund replay, SNAP expiry and Core lookups work on the loaded state", async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sbx-idx-")), "state.json");
  const a = await start({ snapshotFile: file });
  const token = (await getToken(a)).body.accessToken;
  const paid = await snapCall(a, token, PAY, paymentBody("idx-snap-paid"));
  await control(a, "POST", `snap/payments/${paid.body.referenceNo}/pay`, {});
  const refund = await snapCall(a, token, REFUND, { originalReferenceNo: paid.body.referenceNo, partnerRefundNo: "idx-snap-rf", refundAmount: { value: "1000.00", currency: "IDR" } });
  const pending = await snapCall(a, token, PAY, paymentBody("idx-snap-pending"));
  const link = await coreCall(a, "POST", "/v2/pay/account", { payment_type: "gopay", gopay_partner: { phone_number: "081200000004", country_code: "62" } });
  await control(a, "POST", `pay-accounts/${link.body.account_id}/complete`);
  const acct = await coreCall(a, "GET", `/v2/pay/account/${link.body.account_id}`);
  const tok = (acct.body.metadata.payment_options as { name: string; token: string }[])[0]!.token;
  const hold = await coreCall(a, "POST", "/v2/charge", { payment_type: "gopay", transaction_details: { order_id: "idx-snap-hold", gross_amount: 10000 }, gopay: { account_id: link.body.account_id, payment_option_token: tok, pre_auth: true } });
  expect(hold.body.transaction_status).toBe("authorize");
  // The snapshot is written 200 ms after the last change without a close (the state is small).
  await until(() => fs.existsSync(file) && JSON.parse(fs.readFileSync(file, "utf8")).coreTransactions.length === 1, 3000);
  await a.close();

  const b = await start({ snapshotFile: file, merchantPublicKeyPem: a.keys.merchantPublicKeyPem });
  try {
    const t2 = (await getToken(b, { privatePem: a.keys.merchantPrivateKeyPem })).body.accessToken;
    const st = await snapCall(b, t2, STATUS, { originalReferenceNo: paid.body.referenceNo, serviceCode: "54" });
    expect(st.body).toMatchObject({ latestTransactionStatus: "04", originalPartnerReferenceNo: "idx-snap-paid" });
    const replay = await snapCall(b, t2, REFUND, { originalReferenceNo: paid.body.referenceNo, partnerRefundNo: "idx-snap-rf", refundAmount: { value: "1000.00", currency: "IDR" } });
    expect(replay.body).toEqual(refund.body);
    expect(b.ctx.state.snapPayments.find((p) => p.referenceNo === paid.body.referenceNo)!.refunds).toHaveLength(1);
    expect((await coreCall(b, "GET", "/v2/idx-snap-hold/status")).body.transaction_status).toBe("authorize");
    expect((await coreCall(b, "GET", `/v2/${hold.body.transaction_id}/status`)).body.order_id).toBe("idx-snap-hold");
    // A day later: the loaded pending payment expires and the loaded hold is released by the sweep.
    await control(b, "POST", "clock", { advanceSeconds: 86_400 });
    const t3 = (await getToken(b, { privatePem: a.keys.merchantPrivateKeyPem })).body.accessToken; // t2 has expired
    const exp = await snapCall(b, t3, STATUS, { originalReferenceNo: pending.body.referenceNo, serviceCode: "54" });
    expect(exp.body.latestTransactionStatus).toBe("08");
    expect((await coreCall(b, "GET", "/v2/idx-snap-hold/status")).body.transaction_status).toBe("cancel");
  } finally {
    await b.close();
  }
});

import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox } from "./server";
import { control, getToken, paymentBody, snapCall, start, wibTs } from "./test-client";

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await start();
  token = (await getToken(sb)).body.accessToken;
});
afterAll(() => sb.close());

const PAY = "/v1.0/debit/payment-host-to-host";

async function createPaid(order: string, value = "100000.00") {
  const created = await snapCall(sb, token, PAY, paymentBody(order, value));
  expect(created.body.responseCode).toBe("2005400");
  const ref = created.body.referenceNo as string;
  expect((await control(sb, "POST", `snap/payments/${ref}/pay`, { payOption: "PAY_LATER" })).status).toBe(200);
  return ref;
}

describe("SNAP BI access token", () => {
  it("issues a token for grantType and grant_type, with a string expiresIn", async () => {
    const a = await getToken(sb);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ responseCode: "2007300", tokenType: "Bearer", expiresIn: "900" });
    const b = await getToken(sb, { body: { grant_type: "client_credentials" } });
    expect(b.body.responseCode).toBe("2007300");
  });

  it("accepts a UTC timestamp with milliseconds", async () => {
    const r = await getToken(sb, { ts: new Date(sb.ctx.clock.now()).toISOString() });
    expect(r.body.responseCode).toBe("2007300");
  });

  it("refuses a signature made with another key and a stale timestamp", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const bad = await getToken(sb, { privatePem: other.privateKey });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ responseCode: "4017300", responseMessage: "Unauthorized. Signature" });
    const stale = await getToken(sb, { ts: wibTs(sb.ctx.clock.now() - 6 * 60_000) });
    expect(stale.status).toBe(401);
    expect(stale.body.responseMessage).toBe("Unauthorized. Invalid timestamp");
  });
});

describe("SNAP BI transactional checks", () => {
  it("rejects a wrong HMAC secret and a body changed after signing", async () => {
    const wrong = await snapCall(sb, token, PAY, paymentBody("o-wrong-hmac"), { secret: "not-the-secret" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.responseCode).toBe("4015400");
    // The client signed compact JSON but sent it pretty-printed: same JSON, other bytes.
    const reformatted = await snapCall(sb, token, PAY, paymentBody("o-tamper"), { tamper: (raw) => JSON.stringify(JSON.parse(raw), null, 2) });
    expect(reformatted.body.responseCode).toBe("4015400");
    expect(sb.ctx.state.snapPayments.some((p) => p.partnerReferenceNo.startsWith("o-wrong") || p.partnerReferenceNo === "o-tamper")).toBe(false);
  });

  it("accepts any byte layout the client signed (spaces, key order)", async () => {
    const raw = `{ "partnerReferenceNo" : "o-spaces", "payOptionDetails": [ { "payMethod": "gopay", "payOption": "GOPAY", "transAmount": { "value": "15000.00", "currency": "IDR" } } ] }`;
    const r = await snapCall(sb, token, PAY, raw);
    expect(r.body.responseCode).toBe("2005400");
  });

  it("refuses stale timestamps, unknown tokens, bad amounts and missing headers with the contract's codes", async () => {
    const stale = await snapCall(sb, token, PAY, paymentBody("o-stale"), { ts: wibTs(sb.ctx.clock.now() - 10 * 60_000) });
    expect(stale.body).toMatchObject({ responseCode: "4015400", responseMessage: "Unauthorized. Invalid timestamp" });
    const unknown = await snapCall(sb, "made-up-token", PAY, paymentBody("o-tok"));
    expect(unknown.body.responseCode).toBe("4015401");
    const amount = await snapCall(sb, token, PAY, paymentBody("o-amt", "10000"));
    expect(amount.status).toBe(400);
    expect(amount.body).toMatchObject({ responseCode: "4005401", responseMessage: "Invalid Field Format payOptionDetails.transAmount.value" });
    const channel = await snapCall(sb, token, PAY, paymentBody("o-ch"), { headers: { "CHANNEL-ID": "12" } });
    expect(channel.body.responseCode).toBe("4005401");
    const missing = await snapCall(sb, token, PAY, { payOptionDetails: [] });
    expect(missing.body).toMatchObject({ responseCode: "4005402", responseMessage: "Invalid Mandatory Field partnerReferenceNo" });
    const notJson = await snapCall(sb, token, PAY, "{not json");
    expect(notJson.body.responseCode).toBe("4005400");
  });

  it("an expired token is refused with 401xx01", async () => {
    const t = (await getToken(sb)).body.accessToken;
    await control(sb, "POST", "clock", { advanceSeconds: 901 });
    const r = await snapCall(sb, t, PAY, paymentBody("o-expired-token"));
    expect(r.status).toBe(401);
    expect(r.body.responseCode).toBe("4015401");
    token = (await getToken(sb)).body.accessToken;
  });

  it("X-EXTERNAL-ID: same body replays the stored response, a different body is 409xx00", async () => {
    const body = paymentBody("o-replay");
    const first = await snapCall(sb, token, PAY, body, { externalId: "ext-replay-1" });
    const again = await snapCall(sb, token, PAY, body, { externalId: "ext-replay-1" });
    expect(again.body).toEqual(first.body);
    expect(sb.ctx.state.snapPayments.filter((p) => p.partnerReferenceNo === "o-replay")).toHaveLength(1);
    const conflict = await snapCall(sb, token, PAY, paymentBody("o-replay-2"), { externalId: "ext-replay-1" });
    expect(conflict.status).toBe(409);
    expect(conflict.body.responseCode).toBe("4095400");
  });
});

describe("SNAP BI payment lifecycle", () => {
  it("pending → paid → partial refund (04) → replayed refund → over-refund 4035802", async () => {
    const ref = await createPaid("o-refund");
    const status = await snapCall(sb, token, "/v1.0/debit/status", { originalReferenceNo: ref, serviceCode: "54" });
    expect(status.body).toMatchObject({ latestTransactionStatus: "00", transAmount: { value: "100000.00", currency: "IDR" } });
    expect(status.body.additionalInfo.userPaymentDetails[0].payOption).toBe("PAY_LATER");

    const refundBody = { originalReferenceNo: ref, originalPartnerReferenceNo: "o-refund", partnerRefundNo: "rf-1", refundAmount: { value: "30000.00", currency: "IDR" }, reason: "damaged" };
    const r1 = await snapCall(sb, token, "/v1.0/debit/refund", refundBody);
    expect(r1.body).toMatchObject({ responseCode: "2005800", partnerRefundNo: "rf-1", refundAmount: { value: "30000.00" } });
    // Same partnerRefundNo under a new X-EXTERNAL-ID: the original refund, no second one.
    const r1again = await snapCall(sb, token, "/v1.0/debit/refund", refundBody);
    expect(r1again.body).toEqual(r1.body);

    const over = await snapCall(sb, token, "/v1.0/debit/refund", { ...refundBody, partnerRefundNo: "rf-2", refundAmount: { value: "70000.01", currency: "IDR" } });
    expect(over.status).toBe(403);
    expect(over.body.responseCode).toBe("4035802");
    const rest = await snapCall(sb, token, "/v1.0/debit/refund", { ...refundBody, partnerRefundNo: "rf-3", refundAmount: undefined });
    expect(rest.body.refundAmount.value).toBe("70000.00");

    const after = await snapCall(sb, token, "/v1.0/debit/status", { originalReferenceNo: ref, serviceCode: "54" });
    expect(after.body.latestTransactionStatus).toBe("04");
    expect(after.body.refundHistory).toHaveLength(2);
    expect(after.body.additionalInfo.totalRefundAmount.value).toBe("100000.00");
  });

  it("cancel before payment → 05; cancel after payment → 4035715; refund of unpaid → 4035815", async () => {
    const c = await snapCall(sb, token, PAY, paymentBody("o-cancel"));
    const ref = c.body.referenceNo;
    const refundUnpaid = await snapCall(sb, token, "/v1.0/debit/refund", { originalReferenceNo: ref, originalPartnerReferenceNo: "o-cancel", partnerRefundNo: "rf-unpaid" });
    expect(refundUnpaid.body.responseCode).toBe("4035815");
    const ok = await snapCall(sb, token, "/v1.0/debit/cancel", { originalReferenceNo: ref, originalPartnerReferenceNo: "o-cancel" });
    expect(ok.body.responseCode).toBe("2005700");
    expect((await snapCall(sb, token, "/v1.0/debit/status", { originalReferenceNo: ref, serviceCode: "54" })).body.latestTransactionStatus).toBe("05");

    const paid = await createPaid("o-cancel-paid");
    const no = await snapCall(sb, token, "/v1.0/debit/cancel", { originalReferenceNo: paid, originalPartnerReferenceNo: "o-cancel-paid" });
    expect(no.status).toBe(403);
    expect(no.body.responseCode).toBe("4035715");
  });

  it("status by originalExternalId; unknown transaction → 4045501", async () => {
    await snapCall(sb, token, PAY, paymentBody("o-by-ext"), { externalId: "ext-lookup-1" });
    const s = await snapCall(sb, token, "/v1.0/debit/status", { originalExternalId: "ext-lookup-1", serviceCode: "54" });
    expect(s.body).toMatchObject({ originalPartnerReferenceNo: "o-by-ext", latestTransactionStatus: "03" });
    const none = await snapCall(sb, token, "/v1.0/debit/status", { originalReferenceNo: "nope", serviceCode: "54" });
    expect(none.status).toBe(404);
    expect(none.body.responseCode).toBe("4045501");
  });

  it("expires at validUpTo (08) by the sweeper when the clock passes it", async () => {
    const validUpTo = wibTs(sb.ctx.clock.now() + 60_000);
    const c = await snapCall(sb, token, PAY, paymentBody("o-expiry", "5000.00", { validUpTo }));
    expect(c.body.additionalInfo.validUpTo).toBe(validUpTo);
    await control(sb, "POST", "clock", { advanceSeconds: 61 });
    const s = await snapCall(sb, token, "/v1.0/debit/status", { originalReferenceNo: c.body.referenceNo, serviceCode: "54" });
    expect(s.body.latestTransactionStatus).toBe("08");
    expect((await control(sb, "POST", `snap/payments/${c.body.referenceNo}/pay`, {})).status).toBe(409);
  });

  it("refund window: 45 days after payment for deeplink", async () => {
    const ref = await createPaid("o-window", "20000.00");
    await control(sb, "POST", "clock", { advanceSeconds: 46 * 24 * 3600 });
    token = (await getToken(sb)).body.accessToken;
    const r = await snapCall(sb, token, "/v1.0/debit/refund", { originalReferenceNo: ref, originalPartnerReferenceNo: "o-window", partnerRefundNo: "rf-late" });
    expect(r.body.responseCode).toBe("4035815");
  });
});

describe("virtual clock and real-time clients", () => {
  it("after advancing the clock, a real-time X-TIMESTAMP is still accepted; a stale one is not", async () => {
    await control(sb, "POST", "clock", { advanceSeconds: 3600 });
    token = (await getToken(sb, { ts: wibTs(Date.now()) })).body.accessToken;
    expect(token).toBeTruthy();
    const real = await snapCall(sb, token, PAY, paymentBody("o-real-time"), { ts: wibTs(Date.now()) });
    expect(real.body.responseCode).toBe("2005400");
    const stale = await snapCall(sb, token, PAY, paymentBody("o-stale-both"), { ts: wibTs(Date.now() - 30 * 60_000) });
    expect(stale.body.responseMessage).toBe("Unauthorized. Invalid timestamp");
  });
});

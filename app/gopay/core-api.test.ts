import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isGopayError, type GopayError } from "./errors";
import { TEST_MINIAPP_SECRET, TEST_SERVER_KEY, testClient } from "./testing/client";
import { startFakeGopay, type FakeGopay } from "./testing/fake-gopay";

let fake: FakeGopay;
beforeEach(async () => {
  fake = await startFakeGopay();
});
afterEach(async () => {
  await fake.stop();
});

async function caught(p: Promise<unknown>): Promise<GopayError> {
  try {
    await p;
  } catch (e) {
    if (isGopayError(e)) return e;
    throw e;
  }
  throw new Error("expected a GopayError");
}

const tx = (over: Record<string, unknown> = {}) => ({
  status_code: "200",
  status_message: "Success",
  transaction_id: "trx-1",
  order_id: "ORD-1",
  gross_amount: "100000.00",
  currency: "IDR",
  payment_type: "gopay",
  transaction_time: "2025-01-01 10:00:00",
  transaction_status: "settlement",
  fraud_status: "accept",
  ...over,
});

describe("Core API", () => {
  it("charge sends Basic server-key auth, the caller's Idempotency-Key and gross_amount in whole rupiah", async () => {
    fake.on("/v2/charge", () => ({ status: 200, json: tx({ transaction_status: "authorize" }) }));
    const c = testClient(fake.url);
    const res = await c.core.charge({
      idempotencyKey: "idem-1",
      orderId: "ORD-1",
      amount: 10_000_000n,
      accountId: "acc-1",
      paymentOptionToken: "pot-1",
      preAuth: true,
      customExpiry: { expiryDuration: 30, unit: "minute" },
    });
    expect(res).toMatchObject({ transactionStatus: "authorize", grossAmount: 10_000_000n, transactionId: "trx-1" });
    const [req] = fake.to("/v2/charge");
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from(`${TEST_SERVER_KEY}:`).toString("base64")}`);
    expect(req!.headers["idempotency-key"]).toBe("idem-1");
    expect(JSON.parse(req!.body)).toEqual({
      payment_type: "gopay",
      transaction_details: { order_id: "ORD-1", gross_amount: 100000 },
      gopay: { account_id: "acc-1", payment_option_token: "pot-1", pre_auth: true },
      custom_expiry: { expiry_duration: 30, unit: "minute" },
    });
  });

  it("refuses amounts with sen before sending (Core API has whole rupiah only)", async () => {
    const c = testClient(fake.url);
    await expect(c.core.capture({ idempotencyKey: "k", transactionId: "t", amount: 10_050n })).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });

  it("capture, cancel, refund and status use their documented paths", async () => {
    fake.on("/v2/capture", () => ({ status: 200, json: tx({ transaction_status: "capture" }) }));
    fake.on("/v2/ORD-1/cancel", () => ({ status: 200, json: tx({ transaction_status: "cancel" }) }));
    fake.on("/v2/ORD-1/refund", () => ({ status: 200, json: tx({ transaction_status: "partial_refund", refund_amount: "2500.00", refund_key: "rk-1" }) }));
    fake.on("/v2/ORD-1/status", () => ({ status: 200, json: tx() }));
    const c = testClient(fake.url);
    await c.core.capture({ idempotencyKey: "k1", transactionId: "trx-1", amount: 10_000_000n });
    expect(JSON.parse(fake.to("/v2/capture")[0]!.body)).toEqual({ transaction_id: "trx-1", gross_amount: 100000 });
    expect((await c.core.cancel("ORD-1", { idempotencyKey: "k2" })).transactionStatus).toBe("cancel");
    const r = await c.core.refund({ idempotencyKey: "k3", orderId: "ORD-1", refundKey: "rk-1", amount: 250_000n, reason: "late" });
    expect(r).toMatchObject({ transactionStatus: "partial_refund", refundAmount: 250_000n, refundKey: "rk-1" });
    expect(JSON.parse(fake.to("/v2/ORD-1/refund")[0]!.body)).toEqual({ refund_key: "rk-1", amount: 2500, reason: "late" });
    expect(fake.to("/v2/ORD-1/refund")[0]!.headers["idempotency-key"]).toBe("k3");
    expect((await c.core.status("ORD-1")).transactionStatus).toBe("settlement");
    expect(fake.to("/v2/ORD-1/status")[0]!.method).toBe("GET");
  });

  it("a body status_code >= 400 is an error even with HTTP 200", async () => {
    fake.on("/v2/capture", () => ({ status: 200, json: { status_code: "412", status_message: "Merchant cannot modify the status of the transaction" } }));
    const err = await caught(testClient(fake.url).core.capture({ idempotencyKey: "k", transactionId: "t", amount: 100n * 100n }));
    expect(err).toMatchObject({ api: "core", kind: "not_permitted", responseCode: "412", httpStatus: 200, requestId: "k", outcomeUnknown: false });
  });

  it("status 407 (expired) is a result, not an error", async () => {
    fake.on("/v2/ORD-9/status", () => ({ status: 200, json: tx({ status_code: "407", order_id: "ORD-9", transaction_status: "expire" }) }));
    expect((await testClient(fake.url).core.status("ORD-9")).transactionStatus).toBe("expire");
  });

  it("a wrong server key is an auth error", async () => {
    fake.on("/v2/ORD-1/status", () => ({ status: 401, json: { status_code: "401", status_message: "Unknown Merchant server_key/id" } }));
    expect((await caught(testClient(fake.url).core.status("ORD-1"))).kind).toBe("auth");
  });

  it("pay accounts: create, get (options with balances in minor units) and unbind", async () => {
    fake.on("/v2/pay/account/acc-1/unbind", () => ({ status: 200, json: { status_code: "204", account_id: "acc-1", account_status: "DISABLED", channel_response_code: "0" } }));
    fake.on("/v2/pay/account/acc-1", () => ({
      status: 200,
      json: {
        status_code: "200",
        account_id: "acc-1",
        account_status: "ENABLED",
        metadata: { payment_options: [{ name: "GOPAY_WALLET", active: true, balance: { value: "8000000.00", currency: "IDR" }, token: "tok-w" }] },
      },
    }));
    fake.on("/v2/pay/account", () => ({
      status: 200,
      json: { status_code: "201", payment_type: "gopay", account_id: "acc-1", account_status: "PENDING", actions: [{ name: "activation-link-url", method: "GET", url: "https://x" }] },
    }));
    const c = testClient(fake.url);
    const created = await c.core.createPayAccount({ phoneNumber: "81234567890", countryCode: "62", redirectUrl: "https://loket.test/linked" });
    expect(created).toMatchObject({ accountId: "acc-1", accountStatus: "PENDING", actions: [{ name: "activation-link-url" }] });
    expect(JSON.parse(fake.to("/v2/pay/account")[0]!.body)).toEqual({
      payment_type: "gopay",
      gopay_partner: { phone_number: "81234567890", country_code: "62", redirect_url: "https://loket.test/linked" },
    });
    const got = await c.core.getPayAccount("acc-1");
    expect(got.paymentOptions).toEqual([{ name: "GOPAY_WALLET", active: true, balance: 800_000_000n, token: "tok-w", metadata: undefined }]);
    expect((await c.core.unbindPayAccount("acc-1")).accountStatus).toBe("DISABLED");
  });

  it("an unknown transaction_status is invalid_response", async () => {
    fake.on("/v2/ORD-1/status", () => ({ status: 200, json: tx({ transaction_status: "teleported" }) }));
    expect((await caught(testClient(fake.url).core.status("ORD-1"))).kind).toBe("invalid_response");
  });
});

describe("Mini App API", () => {
  const user = { authToken: "user-token-secret", requestId: "req-1" };

  it("token exchange uses Basic client id:secret", async () => {
    fake.on("/v1/mini-apps/authorizations/token", () => ({ status: 200, json: { success: true, data: { auth_token: "at-1", gopay_account_id: "gp-1" } } }));
    const r = await testClient(fake.url).miniApp.authToken({ authCode: "code-1" });
    expect(r).toEqual({ authToken: "at-1", gopayAccountId: "gp-1" });
    const [req] = fake.to("/v1/mini-apps/authorizations/token");
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from(`mini:${TEST_MINIAPP_SECRET}`).toString("base64")}`);
    expect(JSON.parse(req!.body)).toEqual({ auth_code: "code-1" });
  });

  it("cashback sends Bearer user token, Request-Id and whole-rupiah value", async () => {
    fake.on("/v1/mini-apps/cashback", () => ({ status: 200, json: { success: true, data: { payment_id: "pay-1" } } }));
    const r = await testClient(fake.url).miniApp.cashback({ ...user, amount: 1_000_000n, description: "Daily check-in" });
    expect(r.paymentId).toBe("pay-1");
    const [req] = fake.to("/v1/mini-apps/cashback");
    expect(req!.headers).toMatchObject({ authorization: "Bearer user-token-secret", "request-id": "req-1" });
    expect(JSON.parse(req!.body)).toEqual({ amount: { value: 10000, currency: "IDR" }, description: "Daily check-in", reward_type: "GOPAY_COINS" });
  });

  it("profile, reminders and push use their methods and paths", async () => {
    fake.on("/v1/mini-apps/users/profile", () => ({ status: 200, json: { success: true, data: { phone_number: "+6281", email: "a@b.c", username: "Ani" } } }));
    fake.on("/v1/mini-apps/reminder/rem-1", () => ({ status: 200, json: { success: true } }));
    fake.on("/v1/mini-apps/reminder", () => ({ status: 200, json: { success: true, data: { reminder_id: "rem-1" } } }));
    fake.on("/v1/mini-apps/notifications/push", () => ({ status: 200, json: { success: true } }));
    const m = testClient(fake.url).miniApp;
    expect(await m.profile(user)).toEqual({ phoneNumber: "+6281", email: "a@b.c", name: "Ani" });
    expect(await m.createReminder({ ...user, templateName: "T", templateParameters: { a: "b" } })).toEqual({ reminderId: "rem-1" });
    await m.removeReminder({ ...user, reminderId: "rem-1" });
    await m.push({ ...user, templateName: "HK_PDS_NOTIFY", templateParameters: { x: "y" } });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /v1/mini-apps/users/profile",
      "PUT /v1/mini-apps/reminder",
      "DELETE /v1/mini-apps/reminder/rem-1",
      "POST /v1/mini-apps/notifications/push",
    ]);
  });

  it("success:false is a typed error with the GoPay code; only 5xx is retryable", async () => {
    fake.on("/v1/mini-apps/cashback", () => ({ status: 400, json: { success: false, error: { code: "4060", description: "Fraud validation error" } } }));
    const err = await caught(testClient(fake.url).miniApp.cashback({ ...user, amount: 100n, description: "x" }));
    expect(err).toMatchObject({ api: "miniapp", responseCode: "4060", message: "Fraud validation error", retryable: false, requestId: "req-1" });
  });
});

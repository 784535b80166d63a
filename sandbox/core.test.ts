import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox } from "./server";
import { control, coreCall, start } from "./test-client";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());

/** Links a seeded customer's phone and returns the account id and payment option tokens. */
async function linkedAccount(phone = "081200000003") {
  const created = await coreCall(sb, "POST", "/v2/pay/account", { payment_type: "gopay", gopay_partner: { phone_number: phone, country_code: "62" } });
  expect(created.body).toMatchObject({ status_code: "201", account_status: "PENDING" });
  const id = created.body.account_id as string;
  expect(created.body.actions[0].url).toContain(`/_sandbox/link/${id}`);
  expect((await control(sb, "POST", `pay-accounts/${id}/complete`)).status).toBe(200);
  const got = await coreCall(sb, "GET", `/v2/pay/account/${id}`);
  expect(got.body).toMatchObject({ status_code: "200", account_status: "ENABLED" });
  const tokens = Object.fromEntries((got.body.metadata.payment_options as { name: string; token: string }[]).map((o) => [o.name, o.token]));
  return { id, tokens, options: got.body.metadata.payment_options as { name: string; balance: { value: string } }[] };
}

function chargeBody(order: string, accountId: string, token: string, rupiah: number, extra: Record<string, unknown> = {}, gopay: Record<string, unknown> = {}) {
  return { payment_type: "gopay", transaction_details: { order_id: order, gross_amount: rupiah }, gopay: { account_id: accountId, payment_option_token: token, ...gopay }, ...extra };
}

describe("Core API auth and pay accounts", () => {
  it("a wrong server key is HTTP 401 status_code 401", async () => {
    const r = await coreCall(sb, "GET", "/v2/x/status", undefined, {}, "wrong-key");
    expect(r.status).toBe(401);
    expect(r.body.status_code).toBe("401");
  });

  it("phones 123450001 and 123450002 fail linking; unbind disables", async () => {
    for (const phone of ["123450001", "123450002"]) {
      const r = await coreCall(sb, "POST", "/v2/pay/account", { payment_type: "gopay", gopay_partner: { phone_number: phone, country_code: "62" } });
      expect(r.body.status_code).toBe("202");
      expect(["105", "106"]).toContain(r.body.channel_response_code);
    }
    const { id, options } = await linkedAccount();
    expect(options.map((o) => o.name)).toEqual(["GOPAY_WALLET", "PAY_LATER", "GOPAY_SAVINGS"]);
    const u = await coreCall(sb, "POST", `/v2/pay/account/${id}/unbind`, {});
    expect(u.body).toMatchObject({ status_code: "204", account_status: "DISABLED" });
    expect((await coreCall(sb, "GET", `/v2/pay/account/${id}`)).body.account_status).toBe("DISABLED");
  });
});

it("an unknown phone becomes a customer with the default balances, whatever its place in the list", async () => {
  // Before: the n-th new customer took the seeded pattern, so every fifth had a Rp 50.000 wallet.
  for (let k = 0; k < 6; k++) {
    const { options } = await linkedAccount(`0819${String(Date.now() % 1e6).padStart(6, "0")}${k}`);
    const wallet = options.find((o) => o.name === "GOPAY_WALLET")!.balance.value;
    expect(wallet).toBe("5000000.00");
  }
});

describe("Core API charges and pre-auth", () => {
  it("settles a charge, debits the balance, denies when the balance is short", async () => {
    const { id, tokens, options } = await linkedAccount("6281200000005"); // cust-05: small wallet
    const wallet = options.find((o) => o.name === "GOPAY_WALLET")!.balance.value;
    expect(wallet).toBe("50000.00");
    const ok = await coreCall(sb, "POST", "/v2/charge", chargeBody("c-settle", id, tokens.GOPAY_WALLET, 20000));
    expect(ok.body).toMatchObject({ status_code: "200", transaction_status: "settlement", gross_amount: "20000.00" });
    const deny = await coreCall(sb, "POST", "/v2/charge", chargeBody("c-deny", id, tokens.GOPAY_WALLET, 40000));
    expect(deny.body).toMatchObject({ status_code: "202", transaction_status: "deny", channel_response_code: "201" });
    const dup = await coreCall(sb, "POST", "/v2/charge", chargeBody("c-settle", id, tokens.GOPAY_WALLET, 1000));
    expect(dup.body.status_code).toBe("406");
  });

  it("capture: full amount only, only from authorize; a second capture is 412", async () => {
    const { id, tokens } = await linkedAccount("6281200000007");
    const auth = await coreCall(sb, "POST", "/v2/charge", chargeBody("c-hold", id, tokens.PAY_LATER, 75000, {}, { pre_auth: true }));
    expect(auth.body.transaction_status).toBe("authorize");
    const partial = await coreCall(sb, "POST", "/v2/capture", { transaction_id: auth.body.transaction_id, gross_amount: 50000 });
    expect(partial.status).toBe(412);
    const full = await coreCall(sb, "POST", "/v2/capture", { transaction_id: auth.body.transaction_id, gross_amount: 75000 });
    expect(full.body).toMatchObject({ status_code: "200", transaction_status: "settlement" });
    const again = await coreCall(sb, "POST", "/v2/capture", { transaction_id: auth.body.transaction_id, gross_amount: 75000 });
    expect(again.body.status_code).toBe("412");
    const cancelSettled = await coreCall(sb, "POST", "/v2/c-hold/cancel", {});
    expect(cancelSettled.body.status_code).toBe("412");
  });

  it("a hold expires after 15 minutes (or custom_expiry) into cancel, and cannot be captured", async () => {
    const { id, tokens } = await linkedAccount("6281200000008");
    const a = await coreCall(sb, "POST", "/v2/charge", chargeBody("c-exp15", id, tokens.GOPAY_WALLET, 10000, {}, { pre_auth: true }));
    const b = await coreCall(sb, "POST", "/v2/charge", chargeBody("c-exp2", id, tokens.GOPAY_WALLET, 10000, { custom_expiry: { expiry_duration: 2, unit: "minute" } }, { pre_auth: true }));
    expect(a.body.transaction_status).toBe("authorize");
    await control(sb, "POST", "clock", { advanceSeconds: 121 });
    expect((await coreCall(sb, "GET", "/v2/c-exp2/status")).body.transaction_status).toBe("cancel");
    expect((await coreCall(sb, "GET", "/v2/c-exp15/status")).body.transaction_status).toBe("authorize");
    await control(sb, "POST", "clock", { advanceSeconds: 15 * 60 });
    expect((await coreCall(sb, "GET", "/v2/c-exp15/status")).body.transaction_status).toBe("cancel");
    const cap = await coreCall(sb, "POST", "/v2/capture", { transaction_id: b.body.transaction_id });
    expect(cap.status).toBe(412);
  });

  it("release by cancel gives the held money back", async () => {
    const { id, tokens } = await linkedAccount("6281200000009");
    const before = (await coreCall(sb, "GET", `/v2/pay/account/${id}`)).body.metadata.payment_options[0].balance.value;
    await coreCall(sb, "POST", "/v2/charge", chargeBody("c-release", id, tokens.GOPAY_WALLET, 30000, {}, { pre_auth: true }));
    const r = await coreCall(sb, "POST", "/v2/c-release/cancel", {});
    expect(r.body).toMatchObject({ status_code: "200", transaction_status: "cancel" });
    const after = (await coreCall(sb, "GET", `/v2/pay/account/${id}`)).body.metadata.payment_options[0].balance.value;
    expect(after).toBe(before);
  });

  it("refund_key replays the first refund; over remaining → 414; Idempotency-Key replays within 5 minutes", async () => {
    const { id, tokens } = await linkedAccount("6281200000010");
    await coreCall(sb, "POST", "/v2/charge", chargeBody("c-refund", id, tokens.GOPAY_SAVINGS, 50000));
    const r1 = await coreCall(sb, "POST", "/v2/c-refund/refund", { refund_key: "rk-1", amount: 20000, reason: "late" });
    expect(r1.body).toMatchObject({ status_code: "200", transaction_status: "partial_refund", refund_amount: "20000.00", refund_key: "rk-1" });
    const r1again = await coreCall(sb, "POST", "/v2/c-refund/refund", { refund_key: "rk-1", amount: 20000, reason: "late" });
    expect(r1again.body).toEqual(r1.body);
    const over = await coreCall(sb, "POST", "/v2/c-refund/refund", { refund_key: "rk-2", amount: 30001 });
    expect(over.body.status_code).toBe("414");
    const s = await coreCall(sb, "GET", "/v2/c-refund/status");
    expect(s.body.refunds).toHaveLength(1);

    const idem = { "Idempotency-Key": "idem-charge-1" };
    const c1 = await coreCall(sb, "POST", "/v2/charge", chargeBody("c-idem", id, tokens.GOPAY_SAVINGS, 1000), idem);
    const c2 = await coreCall(sb, "POST", "/v2/charge", chargeBody("c-idem", id, tokens.GOPAY_SAVINGS, 1000), idem);
    expect(c2.body).toEqual(c1.body); // not 406 duplicate order
    await control(sb, "POST", "clock", { advanceSeconds: 301 });
    const c3 = await coreCall(sb, "POST", "/v2/charge", chargeBody("c-idem", id, tokens.GOPAY_SAVINGS, 1000), idem);
    expect(c3.body.status_code).toBe("406");
  });
});

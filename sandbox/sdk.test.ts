import { generateKeyPairSync, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import midtrans, { type CoreApi, type MidtransError } from "midtrans-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox } from "./server";
import { CREDS, control, start, Receiver } from "./test-client";

/**
 * The official SDK (`midtrans-client` 1.4.3, a devDependency) as a client of the sandbox, over real
 * HTTP: every GoPay endpoint it has gets the answer GoPay gives. The SDK sends requests our own
 * client does not (a literal `null` body on bodyless POSTs, a UTC `…Z` X-TIMESTAMP with
 * milliseconds, `grant_type`, empty X-DEVICE-ID / debug-id, a token per call).
 */

async function until<T>(f: () => T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

let rx: Receiver;
let sb: Sandbox;
let core: CoreApi;

function coreApi(serverKey = CREDS.serverKey): CoreApi {
  const c = new midtrans.CoreApi({ isProduction: false, serverKey });
  c.apiConfig.getCoreApiBaseUrl = () => sb.url; // the SDK's only seam for its host
  return c;
}

/** What the SDK rejected with: its MidtransError's HTTP status and the parsed body. */
async function rejection(p: Promise<unknown>): Promise<{ http: number; body: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    const err = e as MidtransError;
    expect(err).toBeInstanceOf(midtrans.MidtransError);
    return { http: Number(err.httpStatusCode), body: err.ApiResponse ?? {} };
  }
  throw new Error("the SDK call succeeded");
}

beforeAll(async () => {
  rx = new Receiver();
  const base = await rx.listen();
  sb = await start({ notifyUrl: `${base}/v1.0/debit/notify`, coreNotifyUrl: `${base}/webhooks/gopay` });
  core = coreApi();
  midtrans.SnapBiConfig.isProduction = false;
  midtrans.SnapBiConfig.SNAP_BI_SANDBOX_BASE_URL = sb.url;
  midtrans.SnapBiConfig.snapBiClientId = CREDS.clientId;
  midtrans.SnapBiConfig.snapBiClientSecret = CREDS.clientSecret;
  midtrans.SnapBiConfig.snapBiPartnerId = CREDS.partnerId;
  midtrans.SnapBiConfig.snapBiChannelId = "12345";
  midtrans.SnapBiConfig.snapBiPrivateKey = sb.keys.merchantPrivateKeyPem!;
  midtrans.SnapBiConfig.snapBiPublicKey = sb.keys.notifyPublicKeyPem;
});
afterAll(async () => {
  await sb.close();
  await rx.close();
});

let phoneSeq = 0;
const freshPhone = () =>
  `0817${String(process.pid % 1000).padStart(3, "0")}${String(Date.now() % 1e4).padStart(4, "0")}${phoneSeq++}`;
const order = (p: string) => `sdk-${p}-${randomUUID().slice(0, 8)}`;

async function pendingAccount(phone = freshPhone()): Promise<string> {
  const r = await core.linkPaymentAccount({
    payment_type: "gopay",
    gopay_partner: { phone_number: phone, country_code: "62", redirect_url: "https://loket.test/linked" },
  });
  expect(r).toMatchObject({ status_code: "201", payment_type: "gopay", account_status: "PENDING" });
  return r.account_id as string;
}

async function enabledAccount(phone?: string): Promise<{ id: string; tokens: Record<string, string> }> {
  const id = await pendingAccount(phone);
  expect((await control(sb, "POST", `pay-accounts/${id}/complete`)).status).toBe(200);
  const got = await core.getPaymentAccount(id);
  expect(got).toMatchObject({ status_code: "200", account_id: id, account_status: "ENABLED" });
  const options = got.metadata.payment_options as { name: string; token: string }[];
  return { id, tokens: Object.fromEntries(options.map((o) => [o.name, o.token])) };
}

function gopayCharge(
  orderId: string,
  acc: { id: string; tokens: Record<string, string> },
  rupiah: number,
  gopay: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return core.charge({
    payment_type: "gopay",
    transaction_details: { order_id: orderId, gross_amount: rupiah },
    gopay: { account_id: acc.id, payment_option_token: acc.tokens.GOPAY_WALLET, ...gopay },
    ...extra,
  });
}

describe("Core API pay accounts through midtrans-client", () => {
  it("unlinkPaymentAccount (a POST with no body) unbinds an enabled account", async () => {
    // Before: the SDK's literal `null` body got `413 malformed syntax`; GoPay processes it.
    const acc = await enabledAccount();
    const r = await core.unlinkPaymentAccount(acc.id);
    expect(r).toMatchObject({
      status_code: "204",
      account_id: acc.id,
      account_status: "DISABLED",
      channel_response_code: "0",
    });
    expect((await core.getPaymentAccount(acc.id)).account_status).toBe("DISABLED");
  });

  it("unlinkPaymentAccount of an unknown account is 404", async () => {
    const r = await rejection(core.unlinkPaymentAccount(randomUUID()));
    expect(r.http).toBe(404);
    expect(r.body.status_code).toBe("404");
  });

  it("unlinkPaymentAccount of an account never activated (pending, declined) is 412 and changes nothing", async () => {
    const pending = await pendingAccount();
    const r = await rejection(core.unlinkPaymentAccount(pending));
    expect(r.http).toBe(412);
    expect(r.body.status_code).toBe("412");
    expect((await core.getPaymentAccount(pending)).account_status).toBe("PENDING");

    const declined = await pendingAccount();
    expect((await control(sb, "POST", `pay-accounts/${declined}/decline`)).status).toBe(200);
    expect((await rejection(core.unlinkPaymentAccount(declined))).http).toBe(412);
    expect((await core.getPaymentAccount(declined)).account_status).toBe("EXPIRED");
  });

  it("unlinkPaymentAccount of an account already unbound answers 202 with a channel code", async () => {
    const acc = await enabledAccount();
    await core.unlinkPaymentAccount(acc.id);
    const again = await core.unlinkPaymentAccount(acc.id);
    expect(again).toMatchObject({
      status_code: "202",
      account_status: "DISABLED",
      channel_response_code: "1001",
    });
  });

  it("linkPaymentAccount: activation links; the documented failing phones answer 202 with their channel codes", async () => {
    const r = await core.linkPaymentAccount({
      payment_type: "gopay",
      gopay_partner: { phone_number: freshPhone(), country_code: "62" },
    });
    expect((r.actions as { name: string; url: string }[]).map((a) => a.name)).toEqual([
      "activation-link-url",
      "activation-link-app",
    ]);
    expect(r.actions[0].url).toBe(`${sb.url}/_sandbox/link/${r.account_id}`);
    const bad = await core.linkPaymentAccount({
      payment_type: "gopay",
      gopay_partner: { phone_number: "123450001", country_code: "62" },
    });
    expect(bad).toMatchObject({ status_code: "202", channel_response_code: "105" });
    const invalid = await rejection(core.linkPaymentAccount({ payment_type: "gopay", gopay_partner: {} }));
    expect(invalid.http).toBe(400);
  });

  it("getPaymentAccount: pending shows its links, enabled its options with tokens, unknown is 404", async () => {
    const pending = await pendingAccount();
    expect(await core.getPaymentAccount(pending)).toMatchObject({
      status_code: "201",
      account_status: "PENDING",
    });
    const acc = await enabledAccount();
    expect(Object.keys(acc.tokens)).toEqual(["GOPAY_WALLET", "PAY_LATER", "GOPAY_SAVINGS"]);
    expect((await rejection(core.getPaymentAccount(randomUUID()))).http).toBe(404);
  });

  it("the `null` body is a request without fields, not a licence for any body: malformed JSON is still 413", async () => {
    const auth = {
      "Content-Type": "application/json",
      Authorization: `Basic ${Buffer.from(`${CREDS.serverKey}:`).toString("base64")}`,
    };
    const post = (p: string, body: string) =>
      fetch(`${sb.url}${p}`, { method: "POST", headers: auth, body }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, unknown>,
      }));
    expect(await post("/v2/charge", "null")).toMatchObject({ status: 400, body: { status_code: "400" } });
    expect(await post(`/v2/pay/account/${randomUUID()}/unbind`, "{not json")).toMatchObject({
      status: 413,
      body: { status_code: "413" },
    });
    expect(await post(`/v2/pay/account/${randomUUID()}/unbind`, "[]")).toMatchObject({ status: 413 });
  });

  it("a wrong server key is 401 for every SDK call", async () => {
    const wrong = coreApi("SB-Mid-server-wrong");
    expect((await rejection(wrong.getPaymentAccount(randomUUID()))).http).toBe(401);
    expect((await rejection(wrong.unlinkPaymentAccount(randomUUID()))).http).toBe(401);
    expect((await rejection(wrong.transaction.status("x"))).http).toBe(401);
  });
});

/** The SDK's documented way to add headers (README "Override Http Notification Url"): axios defaults. */
type SdkInternals = {
  httpClient: { http_client: { defaults: { headers: { common: Record<string, string> } } } };
};

describe("Core API GoPay transactions through midtrans-client", () => {
  let acc: { id: string; tokens: Record<string, string> };
  beforeAll(async () => {
    acc = await enabledAccount();
  });
  const chargeBody = (orderId: string, rupiah: number) => ({
    payment_type: "gopay",
    transaction_details: { order_id: orderId, gross_amount: rupiah },
    gopay: { account_id: acc.id, payment_option_token: acc.tokens.GOPAY_WALLET },
  });

  it("charge settles; status by order id and by transaction id; a duplicate order id is 406", async () => {
    const id = order("settle");
    const r = await gopayCharge(id, acc, 15_000);
    expect(r).toMatchObject({
      status_code: "200",
      order_id: id,
      transaction_status: "settlement",
      gross_amount: "15000.00",
      payment_type: "gopay",
    });
    expect(await core.transaction.status(id)).toMatchObject({
      transaction_status: "settlement",
      transaction_id: r.transaction_id,
    });
    expect(await core.transaction.status(r.transaction_id as string)).toMatchObject({ order_id: id });
    expect((await rejection(gopayCharge(id, acc, 15_000))).http).toBe(406);
    expect((await rejection(core.transaction.status(order("missing")))).http).toBe(404);
  });

  it("an Idempotency-Key set the SDK's way (axios default header) replays the first charge", async () => {
    const keyed = coreApi();
    const http = (
      keyed as unknown as {
        httpClient: { http_client: { defaults: { headers: { common: Record<string, string> } } } };
      }
    ).httpClient.http_client;
    http.defaults.headers.common["Idempotency-Key"] = `idem-${randomUUID()}`;
    const id = order("idem");
    const body = {
      payment_type: "gopay",
      transaction_details: { order_id: id, gross_amount: 4_000 },
      gopay: { account_id: acc.id, payment_option_token: acc.tokens.GOPAY_WALLET },
    };
    const first = await keyed.charge(body);
    expect(first).toMatchObject({ status_code: "200", transaction_status: "settlement" });
    expect(await keyed.charge(body)).toEqual(first); // not 406 duplicate order id: nothing re-executed
    expect((await rejection(core.charge(body))).http).toBe(406); // without the key it is a second charge
  });

  it("X-Override-Notification / X-Append-Notification (set the SDK's way) send that transaction's notifications there", async () => {
    const base = sb.ctx.config.coreNotifyUrl!.replace("/webhooks/gopay", "");
    const withHeaders = (h: Record<string, string>) => {
      const c = coreApi();
      Object.assign((c as unknown as SdkInternals).httpClient.http_client.defaults.headers.common, h);
      return c;
    };
    const pathsFor = (id: string) =>
      rx.got.filter((g) => g.body.includes(`"order_id":"${id}"`)).map((g) => g.path);
    const overridden = order("override");
    await withHeaders({ "X-Override-Notification": `${base}/hook-a, ${base}/hook-b` }).charge(
      chargeBody(overridden, 6_000),
    );
    await core.transaction.refund(overridden, { refund_key: `rk-${overridden}`, amount: 1_000 }); // later notifications too
    await until(() => (pathsFor(overridden).length >= 4 ? true : undefined));
    expect(pathsFor(overridden).sort()).toEqual(["/hook-a", "/hook-a", "/hook-b", "/hook-b"]);

    const appended = order("append");
    await withHeaders({ "X-Append-Notification": `${base}/hook-c` }).charge(chargeBody(appended, 6_000));
    await until(() => (pathsFor(appended).length >= 2 ? true : undefined));
    expect(pathsFor(appended).sort()).toEqual(["/hook-c", "/webhooks/gopay"]);

    const both = order("both");
    await withHeaders({
      "X-Override-Notification": `${base}/hook-d`,
      "X-Append-Notification": `${base}/hook-e`,
    }).charge(chargeBody(both, 6_000));
    await until(() => (pathsFor(both).length >= 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 100));
    expect(pathsFor(both)).toEqual(["/hook-d"]);

    const tooMany = withHeaders({
      "X-Override-Notification": [1, 2, 3, 4].map((n) => `${base}/h${n}`).join(","),
    });
    expect((await rejection(tooMany.charge(chargeBody(order("four"), 6_000)))).http).toBe(400);
  });

  it("charge above the balance is denied (202, resolves in the SDK)", async () => {
    const r = await gopayCharge(order("deny"), acc, 99_000_000);
    expect(r).toMatchObject({ status_code: "202", transaction_status: "deny", channel_response_code: "201" });
  });

  it("pre-auth: charge authorizes, capture settles the full amount, capture again is 412", async () => {
    const id = order("hold");
    const r = await gopayCharge(
      id,
      acc,
      20_000,
      { pre_auth: true },
      { custom_expiry: { expiry_duration: 2, unit: "hour" } },
    );
    expect(r).toMatchObject({ status_code: "200", transaction_status: "authorize" });
    const partial = await rejection(core.capture({ transaction_id: r.transaction_id, gross_amount: 10_000 }));
    expect(partial.http).toBe(412);
    const c = await core.capture({ transaction_id: r.transaction_id, gross_amount: 20_000 });
    expect(c).toMatchObject({ status_code: "200", transaction_status: "settlement" });
    expect((await rejection(core.capture({ transaction_id: r.transaction_id }))).http).toBe(412);
  });

  it("transaction.cancel (a POST with no body) releases a hold; a settled charge cannot be cancelled (412)", async () => {
    const id = order("release");
    await gopayCharge(id, acc, 12_000, { pre_auth: true });
    const r = await core.transaction.cancel(id);
    expect(r).toMatchObject({ status_code: "200", order_id: id, transaction_status: "cancel" });
    expect((await core.transaction.status(id)).transaction_status).toBe("cancel");
    const settled = order("settled");
    await gopayCharge(settled, acc, 12_000);
    expect((await rejection(core.transaction.cancel(settled))).http).toBe(412);
    expect((await rejection(core.transaction.cancel(order("missing")))).http).toBe(404);
  });

  it("transaction.refund: partial, same refund_key replays, over the remaining is 414, no body refunds the rest", async () => {
    const id = order("refund");
    await gopayCharge(id, acc, 30_000);
    const key = `rk-${randomUUID().slice(0, 8)}`;
    const r = await core.transaction.refund(id, { refund_key: key, amount: 10_000, reason: "sdk" });
    expect(r).toMatchObject({
      status_code: "200",
      transaction_status: "partial_refund",
      refund_amount: "10000.00",
      refund_key: key,
    });
    expect(await core.transaction.refund(id, { refund_key: key, amount: 10_000, reason: "sdk" })).toEqual(r);
    expect(
      (await rejection(core.transaction.refund(id, { refund_key: `${key}-b`, amount: 25_000 }))).http,
    ).toBe(414);
    const rest = await core.transaction.refund(id);
    expect(rest).toMatchObject({
      status_code: "200",
      transaction_status: "refund",
      refund_amount: "20000.00",
    });
    expect((await rejection(core.transaction.refund(order("missing"), { amount: 1 }))).http).toBe(404);
  });

  it("transaction.refundDirect refunds like refund (same refund_key rules)", async () => {
    const id = order("direct");
    await gopayCharge(id, acc, 8_000);
    const key = `rkd-${randomUUID().slice(0, 8)}`;
    const r = await core.transaction.refundDirect(id, { refund_key: key, amount: 3_000, reason: "direct" });
    expect(r).toMatchObject({
      status_code: "200",
      transaction_status: "partial_refund",
      refund_amount: "3000.00",
      refund_key: key,
    });
    expect(
      await core.transaction.refundDirect(id, { refund_key: key, amount: 3_000, reason: "direct" }),
    ).toEqual(r);
    expect((await core.transaction.status(id)).refund_amount).toBe("3000.00");
    expect(
      (await rejection(core.transaction.refundDirect(id, { refund_key: `${key}-b`, amount: 9_000 }))).http,
    ).toBe(414);
  });

  it("transaction.expire: unknown is 404; a GoPay charge that is not pending cannot be expired (412)", async () => {
    expect((await rejection(core.transaction.expire(order("missing")))).http).toBe(404);
    const id = order("noexpire");
    await gopayCharge(id, acc, 5_000);
    const r = await rejection(core.transaction.expire(id));
    expect(r.http).toBe(412);
    expect(r.body.status_code).toBe("412");
    expect((await core.transaction.status(id)).transaction_status).toBe("settlement");
  });

  it("transaction.approve / deny (card challenge only): 412 for a GoPay charge, 404 when unknown", async () => {
    const id = order("approve");
    await gopayCharge(id, acc, 5_000);
    expect((await rejection(core.transaction.approve(id))).http).toBe(412);
    expect((await rejection(core.transaction.deny(id))).http).toBe(412);
    expect((await rejection(core.transaction.approve(order("missing")))).http).toBe(404);
    expect((await core.transaction.status(id)).transaction_status).toBe("settlement");
  });

  it("transaction.notification on a notification the sandbox sent answers that transaction's status", async () => {
    const id = order("notify");
    const charged = await gopayCharge(id, acc, 7_000);
    const sent = await until(() => rx.got.find((g) => g.path === "/webhooks/gopay" && g.body.includes(id)));
    const r = await core.transaction.notification(sent.body);
    expect(r).toMatchObject({
      order_id: id,
      transaction_id: charged.transaction_id,
      transaction_status: "settlement",
      status_code: "200",
    });
  });
});

describe("SNAP BI GoPay direct debit through SnapBi", () => {
  const ext = () => String(Date.now()) + String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
  const debit = () => midtrans.SnapBi.directDebit();

  function paymentBody(partnerReferenceNo: string, value = "25000.00") {
    // As the SDK's README example writes it (urlParam an object, payOption GOPAY_WALLET).
    return {
      partnerReferenceNo,
      chargeToken: "",
      merchantId: "M-LOKET-DEMO",
      urlParam: { url: "https://loket.test/return", type: "PAY_RETURN", isDeeplink: "Y" },
      validUpTo: new Date(Date.now() + 30 * 60_000).toISOString(),
      payOptionDetails: [
        { payMethod: "GOPAY", payOption: "GOPAY_WALLET", transAmount: { value, currency: "IDR" } },
      ],
      additionalInfo: {
        customerDetails: { phone: "081122334455", firstName: "Andri" },
        items: [{ id: "1", price: { value, currency: "IDR" }, quantity: 1, name: "x" }],
      },
    };
  }

  async function createPayment(prn = order("snap"), value?: string) {
    const r = await debit().withBody(paymentBody(prn, value)).createPayment(ext());
    expect(r).toMatchObject({ responseCode: "2005400", partnerReferenceNo: prn });
    return r as { referenceNo: string; partnerReferenceNo: string; webRedirectUrl: string };
  }

  it("access token: the SDK's grant_type and UTC millisecond timestamp are accepted", async () => {
    const r = await debit().getAccessToken();
    expect(r).toMatchObject({ responseCode: "2007300", tokenType: "Bearer", expiresIn: "900" });
  });

  it("createPayment answers 2005400 with a redirect; the same X-EXTERNAL-ID and body replays it", async () => {
    const prn = order("snap-pay");
    const id = ext();
    const body = paymentBody(prn);
    const first = await debit().withBody(body).createPayment(id);
    expect(first).toMatchObject({
      responseCode: "2005400",
      partnerReferenceNo: prn,
      additionalInfo: { grossAmount: { value: "25000.00", currency: "IDR" } },
    });
    expect(first.webRedirectUrl).toContain(`/_sandbox/pay/${first.referenceNo}`);
    const again = await debit().withBody(body).createPayment(id);
    expect(again).toEqual(first);
    const conflict = await debit()
      .withBody(paymentBody(order("other")))
      .createPayment(id);
    expect(conflict.responseCode).toBe("4095400");
  });

  it("getStatus by originalReferenceNo and by originalExternalId; unknown is 4045501", async () => {
    const id = ext();
    const p = await debit()
      .withBody(paymentBody(order("snap-st")))
      .createPayment(id);
    const byRef = await debit()
      .withBody({ originalReferenceNo: p.referenceNo, serviceCode: "54" })
      .getStatus(ext());
    expect(byRef).toMatchObject({
      responseCode: "2005500",
      latestTransactionStatus: "03",
      originalReferenceNo: p.referenceNo,
    });
    const byExt = await debit().withBody({ originalExternalId: id, serviceCode: "54" }).getStatus(ext());
    expect(byExt).toMatchObject({ responseCode: "2005500", originalReferenceNo: p.referenceNo });
    const missing = await debit()
      .withBody({ originalReferenceNo: "A12nope", serviceCode: "54" })
      .getStatus(ext());
    expect(missing.responseCode).toBe("4045501");
  });

  it("refund after payment: partial, replay by partnerRefundNo, over the remaining is 4035802; status 04", async () => {
    const p = await createPayment(order("snap-rf"), "40000.00");
    expect(
      (await control(sb, "POST", `snap/payments/${p.referenceNo}/pay`, { payOption: "GOPAY_WALLET" })).status,
    ).toBe(200);
    const token = (await debit().getAccessToken()).accessToken as string;
    const prn = `rf-${randomUUID().slice(0, 8)}`;
    const refundBody = {
      originalReferenceNo: p.referenceNo,
      originalPartnerReferenceNo: p.partnerReferenceNo,
      partnerRefundNo: prn,
      refundAmount: { value: "15000.00", currency: "IDR" },
      reason: "sdk",
    };
    const r = await debit().withAccessToken(token).withBody(refundBody).refund(ext());
    expect(r).toMatchObject({
      responseCode: "2005800",
      partnerRefundNo: prn,
      refundAmount: { value: "15000.00", currency: "IDR" },
    });
    const replay = await debit().withAccessToken(token).withBody(refundBody).refund(ext());
    expect(replay).toEqual(r);
    const over = await debit()
      .withAccessToken(token)
      .withBody({
        ...refundBody,
        partnerRefundNo: `${prn}-b`,
        refundAmount: { value: "30000.00", currency: "IDR" },
      })
      .refund(ext());
    expect(over.responseCode).toBe("4035802");
    const st = await debit()
      .withAccessToken(token)
      .withBody({ originalReferenceNo: p.referenceNo, serviceCode: "54" })
      .getStatus(ext());
    expect(st).toMatchObject({
      latestTransactionStatus: "04",
      additionalInfo: { totalRefundAmount: { value: "15000.00" } },
    });
  });

  it("cancel before payment is 2005700 (the SDK example omits originalPartnerReferenceNo); after payment 4035715", async () => {
    const p = await createPayment(order("snap-cx"));
    const c = await debit().withBody({ originalReferenceNo: p.referenceNo }).cancel(ext());
    expect(c).toMatchObject({ responseCode: "2005700", originalReferenceNo: p.referenceNo });
    const byExt = ext();
    const q = await debit()
      .withBody(paymentBody(order("snap-cx-ext")))
      .createPayment(byExt);
    const c2 = await debit().withBody({ originalExternalId: byExt }).cancel(ext());
    expect(c2).toMatchObject({ responseCode: "2005700", originalReferenceNo: q.referenceNo });
    const paid = await createPayment(order("snap-cx-paid"));
    await control(sb, "POST", `snap/payments/${paid.referenceNo}/pay`, {});
    const late = await debit()
      .withBody({
        originalReferenceNo: paid.referenceNo,
        originalPartnerReferenceNo: paid.partnerReferenceNo,
      })
      .cancel(ext());
    expect(late.responseCode).toBe("4035715");
  });

  it("signatures are still checked: a wrong private key gets no token, a wrong client secret is 4015400", async () => {
    const other = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    try {
      midtrans.SnapBiConfig.snapBiPrivateKey = other.privateKey;
      expect((await debit().getAccessToken()).responseCode).toBe("4017300");
    } finally {
      midtrans.SnapBiConfig.snapBiPrivateKey = sb.keys.merchantPrivateKeyPem!;
    }
    const token = (await debit().getAccessToken()).accessToken as string;
    try {
      midtrans.SnapBiConfig.snapBiClientSecret = "not-the-secret";
      const r = await debit()
        .withAccessToken(token)
        .withBody(paymentBody(order("snap-sig")))
        .createPayment(ext());
      expect(r.responseCode).toBe("4015400");
    } finally {
      midtrans.SnapBiConfig.snapBiClientSecret = CREDS.clientSecret;
    }
    expect(
      (
        await debit()
          .withAccessToken("made-up")
          .withBody(paymentBody(order("snap-tok")))
          .createPayment(ext())
      ).responseCode,
    ).toBe("4015401");
  });

  it("the sandbox's signed notification verifies with SnapBi.isWebhookNotificationVerified; a tampered one does not", async () => {
    const p = await createPayment(order("snap-nt"));
    await control(sb, "POST", `snap/payments/${p.referenceNo}/pay`, {});
    const got = await until(() =>
      rx.got.find(
        (g) =>
          g.path === "/v1.0/debit/notify" &&
          g.body.includes(p.referenceNo) &&
          g.body.includes('"latestTransactionStatus":"00"'),
      ),
    );
    const verify = (payload: Record<string, unknown>) =>
      midtrans.SnapBi.notification()
        .withNotificationPayload(payload)
        .withSignature(String(got.headers["x-signature"]))
        .withTimeStamp(String(got.headers["x-timestamp"]))
        .withNotificationUrlPath("/v1.0/debit/notify")
        .isWebhookNotificationVerified();
    const payload = JSON.parse(got.body) as Record<string, unknown>;
    expect(verify(payload)).toBe(true);
    expect(verify({ ...payload, latestTransactionStatus: "06" })).toBe(false);
  });
});

it("midtrans-client stays test-only: nothing under app/, server/, db/ or the sandbox runtime imports it, and it is a devDependency", () => {
  const root = path.resolve(__dirname, "..");
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  expect(pkg.dependencies?.["midtrans-client"]).toBeUndefined();
  expect(pkg.devDependencies?.["midtrans-client"]).toBeDefined();
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (
        /\.(ts|tsx|js|mjs|cjs)$/.test(e.name) &&
        /["']midtrans-client["'/]/.test(fs.readFileSync(p, "utf8"))
      )
        offenders.push(path.relative(root, p));
    }
  };
  for (const d of ["app", "server", "db"]) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  // the sandbox itself runs in the demo: only its tests and the type declaration may name the SDK
  offenders.push(
    ...fs
      .readdirSync(path.join(root, "sandbox"))
      .filter(
        (f) =>
          /\.ts$/.test(f) &&
          !/\.test\.ts$|\.d\.ts$/.test(f) &&
          /["']midtrans-client["'/]/.test(fs.readFileSync(path.join(root, "sandbox", f), "utf8")),
      )
      .map((f) => `sandbox/${f}`),
  );
  expect(offenders).toEqual([]);
});

import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGopayClient, type GopayClient, type GopayConfig } from "../../app/gopay/index.server";
import { isGopayError, type GopayError } from "../../app/gopay/errors";
import { verifySnapNotification } from "../../app/gopay/notifications.server";
import { startSandbox, type Sandbox } from "../../sandbox/server";
import { sandboxControl } from "../support/sandbox-control";

/**
 * The GoPay client against the real sandbox over HTTP (contract §7): every endpoint, success and
 * the documented errors. No database; no mocks. The sandbox runs in-process on a free port.
 */

const creds = { clientId: "it-client", clientSecret: "it-client-secret-0123456789", partnerId: "ITPARTNER", serverKey: "SB-Mid-server-it", miniappClientId: "it-mini", miniappClientSecret: "it-mini-secret" };
const merchant = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});

let sb: Sandbox;
let gp: GopayClient;
let notifyServer: Server;
const snapNotifications: { body: string; headers: Record<string, string> }[] = [];

function client(over: Partial<GopayConfig> & { snapOver?: Partial<GopayConfig["snap"]>; coreOver?: Partial<GopayConfig["core"]> } = {}): GopayClient {
  const { snapOver, coreOver, ...rest } = over;
  return createGopayClient({
    snap: {
      baseUrl: sb.url,
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
      partnerId: creds.partnerId,
      channelId: "12345",
      merchantId: "M-IT",
      privateKeyPem: merchant.privateKey,
      ...snapOver,
    },
    core: { baseUrl: sb.url, serverKey: creds.serverKey, ...coreOver },
    miniApp: { baseUrl: sb.url, clientId: creds.miniappClientId, clientSecret: creds.miniappClientSecret },
    timeoutMs: 3_000,
    retryBaseDelayMs: 20,
    ...rest,
  });
}

const control = (path: string, body?: unknown): Promise<unknown> => sandboxControl(sb.url, path, body);

async function caught(p: Promise<unknown>): Promise<GopayError> {
  try {
    await p;
  } catch (e) {
    if (isGopayError(e)) return e;
    throw e;
  }
  throw new Error("expected a GopayError");
}

const id = () => randomUUID();

beforeAll(async () => {
  notifyServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      snapNotifications.push({ body: Buffer.concat(chunks).toString("utf8"), headers });
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"responseCode":"2005600","responseMessage":"Request has been processed successfully"}');
    });
  });
  await new Promise<void>((r) => notifyServer.listen(0, "127.0.0.1", () => r()));
  const notifyUrl = `http://127.0.0.1:${(notifyServer.address() as AddressInfo).port}/v1.0/debit/notify`;
  sb = await startSandbox({ port: 0, ...creds, merchantPublicKeyPem: merchant.publicKey, notifyUrl, sweepIntervalMs: 100 });
  gp = client();
});

afterAll(async () => {
  await sb?.close();
  await new Promise<void>((r) => notifyServer?.close(() => r()));
});

beforeEach(async () => {
  await fetch(`${sb.url}/_sandbox/faults`, { method: "DELETE" });
});

async function newPayment(amount = 5_000_000n) {
  const order = `ORD-${id().slice(0, 8)}`;
  const externalId = id();
  const res = await gp.snap.payment({ externalId, partnerReferenceNo: order, amount, returnUrl: "https://loket.test/back" });
  return { order, externalId, referenceNo: res.referenceNo!, res };
}

async function paidPayment(amount = 5_000_000n) {
  const p = await newPayment(amount);
  await control(`/snap/payments/${p.referenceNo}/pay`, { payOption: "GOPAY_WALLET" });
  return p;
}

describe("SNAP BI against the sandbox", () => {
  it("creates a payment, reads it pending, then paid, and the signed notification verifies", async () => {
    const p = await newPayment(12_345_600n);
    expect(p.res.responseCode).toBe("2005400");
    expect(p.res.webRedirectUrl).toMatch(/^https?:\/\//);
    expect((await gp.snap.status({ externalId: id(), originalReferenceNo: p.referenceNo })).status).toBe("pending");
    await control(`/snap/payments/${p.referenceNo}/pay`, { payOption: "GOPAY_WALLET" });
    const st = await gp.snap.status({ externalId: id(), originalExternalId: p.externalId });
    expect(st).toMatchObject({ status: "success", amount: 12_345_600n, originalReferenceNo: p.referenceNo });

    await expect.poll(() => snapNotifications.some((n) => n.body.includes(p.referenceNo) && n.body.includes('"00"')), { timeout: 5_000 }).toBe(true);
    const note = snapNotifications.find((n) => n.body.includes(p.referenceNo) && n.body.includes('"00"'))!;
    const verified = verifySnapNotification({ rawBody: note.body, headers: note.headers, publicKey: sb.keys.notifyPublicKeyPem });
    expect(verified).toMatchObject({ ok: true, parsed: { originalReferenceNo: p.referenceNo, latestTransactionStatus: "00" } });
  });

  it("refunds partially, replays a repeated partnerRefundNo, refuses over the remaining amount", async () => {
    const p = await paidPayment(5_000_000n);
    const base = { originalReferenceNo: p.referenceNo, originalPartnerReferenceNo: p.order };
    const r1 = await gp.snap.refund({ ...base, externalId: id(), partnerRefundNo: "PR-A", amount: 1_000_050n, reason: "damaged" });
    expect(r1.refundAmount?.amount).toBe(1_000_050n);
    const again = await gp.snap.refund({ ...base, externalId: id(), partnerRefundNo: "PR-A", amount: 1_000_050n, reason: "damaged" });
    expect(again.refundNo).toBe(r1.refundNo);
    const st = await gp.snap.status({ externalId: id(), originalReferenceNo: p.referenceNo });
    expect(st).toMatchObject({ status: "refunded", totalRefunded: 1_000_050n });
    expect(st.refunds).toHaveLength(1);
    const over = await caught(gp.snap.refund({ ...base, externalId: id(), partnerRefundNo: "PR-B", amount: 4_000_000n }));
    expect(over).toMatchObject({ kind: "not_permitted", httpStatus: 403, responseCode: "4035802", outcomeUnknown: false });
  });

  it("cancels before payment; cancel after payment is 4035715", async () => {
    const unpaid = await newPayment();
    await gp.snap.cancel({ externalId: id(), originalReferenceNo: unpaid.referenceNo, originalPartnerReferenceNo: unpaid.order });
    expect((await gp.snap.status({ externalId: id(), originalReferenceNo: unpaid.referenceNo })).status).toBe("canceled");
    const paid = await paidPayment();
    const err = await caught(gp.snap.cancel({ externalId: id(), originalReferenceNo: paid.referenceNo, originalPartnerReferenceNo: paid.order }));
    expect(err).toMatchObject({ kind: "not_permitted", responseCode: "4035715" });
  });

  it("same X-EXTERNAL-ID: same body replays, another body is 409 conflict", async () => {
    const externalId = id();
    const req = { externalId, partnerReferenceNo: `ORD-${id().slice(0, 8)}`, amount: 1_000_000n };
    const a = await gp.snap.payment(req);
    const b = await gp.snap.payment(req);
    expect(b.referenceNo).toBe(a.referenceNo);
    const err = await caught(gp.snap.payment({ ...req, amount: 2_000_000n }));
    expect(err).toMatchObject({ kind: "conflict", httpStatus: 409 });
    expect(err.responseCode).toMatch(/^409\d\d00$/);
  });

  it("unknown transaction status is not_found (404xx01)", async () => {
    const err = await caught(gp.snap.status({ externalId: id(), originalReferenceNo: "A-does-not-exist" }));
    expect(err.kind).toBe("not_found");
    expect(err.responseCode).toMatch(/^404\d\d01$/);
  });

  it("a wrong client secret is 401xx00 (bad signature); a wrong private key fails the token", async () => {
    const wrongSecret = client({ snapOver: { clientSecret: "not-the-secret" } });
    const e1 = await caught(wrongSecret.snap.payment({ externalId: id(), partnerReferenceNo: "ORD-x", amount: 100_00n }));
    expect(e1).toMatchObject({ kind: "auth", httpStatus: 401 });
    expect(e1.responseCode).toMatch(/^401\d\d00$/);

    const wrongKey = client({ snapOver: { privateKeyPem: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey } });
    const e2 = await caught(wrongKey.snap.accessToken());
    expect(e2).toMatchObject({ kind: "auth", responseCode: "4017300", operation: "snap.accessToken" });
  });

  it("a stale X-TIMESTAMP is refused as unauthorized", async () => {
    const stale = client({ now: () => new Date(Date.now() - 10 * 60_000) });
    const err = await caught(stale.snap.accessToken());
    expect(err).toMatchObject({ kind: "auth", httpStatus: 401 });
    expect(err.message.toLowerCase()).toContain("timestamp");
  });

  it("a token the sandbox no longer knows (reset) is refreshed once and the call re-sent with the same X-EXTERNAL-ID", async () => {
    const c = client();
    const before = await c.snap.accessToken();
    // The sandbox forgets issued tokens on reset, like GoPay after expiry; the client still caches it.
    await control("/reset", {});
    const externalId = id();
    const p = await c.snap.payment({ externalId, partnerReferenceNo: `ORD-${id().slice(0, 8)}`, amount: 1_000_000n });
    expect(p.responseCode).toBe("2005400");
    expect(await c.snap.accessToken()).not.toBe(before);
    const payments = (await control("/requests?op=snap.payment")) as { responseCode?: string; headers: Record<string, string> }[];
    const mine = payments.filter((r) => r.headers["x-external-id"] === externalId);
    expect(mine.map((r) => r.responseCode?.slice(0, 3))).toEqual(["401", "200"]);
    expect(mine[0]!.responseCode).toMatch(/^401\d\d01$/);
  });
});

describe("SNAP BI failures injected by the sandbox", () => {
  it("drop-after on refund: outcome unknown; the same X-EXTERNAL-ID then returns the stored result, and status shows one refund", async () => {
    const p = await paidPayment(5_000_000n);
    const req = { externalId: id(), originalReferenceNo: p.referenceNo, originalPartnerReferenceNo: p.order, partnerRefundNo: "PR-D", amount: 500_000n };
    await control("/faults", { op: "snap.refund", mode: "drop-after", count: 1 });
    const err = await caught(gp.snap.refund(req));
    expect(err).toMatchObject({ outcomeUnknown: true, kind: "connection", requestId: req.externalId });
    const settled = await gp.snap.status({ externalId: id(), originalReferenceNo: p.referenceNo });
    expect(settled.totalRefunded).toBe(500_000n);
    const replay = await gp.snap.refund(req);
    expect(replay.refundAmount?.amount).toBe(500_000n);
    expect((await gp.snap.status({ externalId: id(), originalReferenceNo: p.referenceNo })).refunds).toHaveLength(1);
  });

  it("drop-before on payment: outcome unknown; a status query by external id finds nothing", async () => {
    await control("/faults", { op: "snap.payment", mode: "drop-before", count: 1 });
    const externalId = id();
    const err = await caught(gp.snap.payment({ externalId, partnerReferenceNo: `ORD-${id().slice(0, 8)}`, amount: 1_000_000n }));
    expect(err.outcomeUnknown).toBe(true);
    expect((await caught(gp.snap.status({ externalId: id(), originalExternalId: externalId }))).kind).toBe("not_found");
  });

  it("a 503 on status is retried by the client; a 500 on payment is not, outcome unknown", async () => {
    const p = await newPayment();
    await control("/faults", { op: "snap.status", mode: "http503", count: 1 });
    expect((await gp.snap.status({ externalId: id(), originalReferenceNo: p.referenceNo })).status).toBe("pending");
    await control("/faults", { op: "snap.payment", mode: "http500", count: 1 });
    const err = await caught(gp.snap.payment({ externalId: id(), partnerReferenceNo: `ORD-${id().slice(0, 8)}`, amount: 1_000_000n }));
    expect(err).toMatchObject({ kind: "server", retryable: true, outcomeUnknown: true, httpStatus: 500 });
  });

  it("latency beyond the timeout is a timeout with outcome unknown", async () => {
    await control("/faults", { op: "snap.payment", mode: "latency", latencyMs: 1_500, count: 1 });
    const c = client({ timeoutMs: 500 });
    await c.snap.accessToken();
    const err = await caught(c.snap.payment({ externalId: id(), partnerReferenceNo: `ORD-${id().slice(0, 8)}`, amount: 1_000_000n }));
    expect(err).toMatchObject({ kind: "timeout", outcomeUnknown: true });
  });
});

describe("Core API against the sandbox", () => {
  async function linkedAccount() {
    const created = await gp.core.createPayAccount({ phoneNumber: "81200000002", countryCode: "62", redirectUrl: "https://loket.test/linked" });
    expect(created).toMatchObject({ statusCode: "201", accountStatus: "PENDING" });
    expect(created.actions.map((a) => a.name)).toContain("activation-link-url");
    await control(`/pay-accounts/${created.accountId}/complete`, {});
    const acc = await gp.core.getPayAccount(created.accountId!);
    expect(acc.accountStatus).toBe("ENABLED");
    const wallet = acc.paymentOptions.find((o) => o.name === "GOPAY_WALLET")!;
    expect(typeof wallet.balance).toBe("bigint");
    return { accountId: created.accountId!, token: wallet.token! };
  }

  it("a wrong server key is 401", async () => {
    const err = await caught(client({ coreOver: { serverKey: "wrong" } }).core.status("ORD-any"));
    expect(err).toMatchObject({ api: "core", kind: "auth", responseCode: "401", httpStatus: 401 });
  });

  it("a failing phone answers 202 with a channel code (a result, not an exception)", async () => {
    const r = await gp.core.createPayAccount({ phoneNumber: "123450001", countryCode: "62" });
    expect(r.statusCode).toBe("202");
    expect(r.channelResponseCode).toBe("105");
  });

  it("pre-auth: charge → authorize; capture of another amount → 412; full capture; second capture → 412", async () => {
    const acc = await linkedAccount();
    const orderId = `HOLD-${id().slice(0, 8)}`;
    const hold = await gp.core.charge({ idempotencyKey: id(), orderId, amount: 5_000_000n, accountId: acc.accountId, paymentOptionToken: acc.token, preAuth: true });
    expect(hold).toMatchObject({ transactionStatus: "authorize", grossAmount: 5_000_000n });
    const wrong = await caught(gp.core.capture({ idempotencyKey: id(), transactionId: hold.transactionId, amount: 4_000_000n }));
    expect(wrong).toMatchObject({ kind: "not_permitted", responseCode: "412" });
    const cap = await gp.core.capture({ idempotencyKey: id(), transactionId: hold.transactionId, amount: 5_000_000n });
    expect(["capture", "settlement"]).toContain(cap.transactionStatus);
    expect((await caught(gp.core.capture({ idempotencyKey: id(), transactionId: hold.transactionId, amount: 5_000_000n }))).responseCode).toBe("412");
    expect((await gp.core.status(orderId)).transactionStatus).toBe(cap.transactionStatus);
  });

  it("release a hold with cancel; cancel of a settled charge → 412", async () => {
    const acc = await linkedAccount();
    const holdId = `HOLD-${id().slice(0, 8)}`;
    await gp.core.charge({ idempotencyKey: id(), orderId: holdId, amount: 2_000_000n, accountId: acc.accountId, paymentOptionToken: acc.token, preAuth: true, customExpiry: { expiryDuration: 30, unit: "minute" } });
    expect((await gp.core.cancel(holdId, { idempotencyKey: id() })).transactionStatus).toBe("cancel");
    const saleId = `SALE-${id().slice(0, 8)}`;
    const sale = await gp.core.charge({ idempotencyKey: id(), orderId: saleId, amount: 2_000_000n, accountId: acc.accountId, paymentOptionToken: acc.token });
    expect(sale.transactionStatus).toBe("settlement");
    expect((await caught(gp.core.cancel(saleId, { idempotencyKey: id() }))).responseCode).toBe("412");
  });

  it("refund: partial, same refund_key replays, over the remaining → 414; Idempotency-Key replays a charge", async () => {
    const acc = await linkedAccount();
    const orderId = `SALE-${id().slice(0, 8)}`;
    const key = id();
    const charge = { idempotencyKey: key, orderId, amount: 3_000_000n, accountId: acc.accountId, paymentOptionToken: acc.token };
    const first = await gp.core.charge(charge);
    const replay = await gp.core.charge(charge);
    expect(replay.transactionId).toBe(first.transactionId);
    const r1 = await gp.core.refund({ idempotencyKey: id(), orderId, refundKey: "rk-1", amount: 1_000_000n, reason: "late" });
    expect(r1.transactionStatus).toBe("partial_refund");
    const r1again = await gp.core.refund({ idempotencyKey: id(), orderId, refundKey: "rk-1", amount: 1_000_000n, reason: "late" });
    expect(r1again.transactionStatus).toBe("partial_refund");
    const over = await caught(gp.core.refund({ idempotencyKey: id(), orderId, refundKey: "rk-2", amount: 2_500_000n }));
    expect(over.responseCode).toBe("414");
  });

  it("unbind disables the account", async () => {
    const acc = await linkedAccount();
    expect((await gp.core.unbindPayAccount(acc.accountId, { idempotencyKey: id() })).accountStatus).toBe("DISABLED");
    expect((await gp.core.getPayAccount(acc.accountId)).accountStatus).toBe("DISABLED");
  });
});

describe("Mini App API against the sandbox", () => {
  it("token, profile, cashback (Request-Id replays), reminder create/delete, push", async () => {
    const { authToken } = await gp.miniApp.authToken({ authCode: "AC-cust-01" });
    const profile = await gp.miniApp.profile({ authToken, requestId: id() });
    expect(profile.phoneNumber).toBeTruthy();
    const requestId = id();
    const c1 = await gp.miniApp.cashback({ authToken, requestId, amount: 500_000n, description: "Loket test cashback" });
    const c2 = await gp.miniApp.cashback({ authToken, requestId, amount: 500_000n, description: "Loket test cashback" });
    expect(c2.paymentId).toBe(c1.paymentId);
    const description = "Your GoPay payment for order ORD-1 is waiting, finish it today pls"; // 50–70 chars
    expect(description.length).toBeGreaterThanOrEqual(50);
    const { reminderId } = await gp.miniApp.createReminder({ authToken, requestId: id(), templateName: "LOKET_PAYMENT_REMINDER", templateParameters: { description, cta: "Pay now" } });
    await gp.miniApp.removeReminder({ authToken, requestId: id(), reminderId });
    await gp.miniApp.push({ authToken, requestId: id(), templateName: "HK_PDS_NOTIFY", templateParameters: { title: "Hi", body: "Your refund is on its way" } });
  });

  it("documented errors: unknown template 40003, missing parameter named, cashback above the wallet", async () => {
    const { authToken } = await gp.miniApp.authToken({ authCode: "AC-cust-02" });
    const unknown = await caught(gp.miniApp.push({ authToken, requestId: id(), templateName: "NOPE", templateParameters: {} }));
    expect(unknown.responseCode).toBe("40003");
    const missing = await caught(gp.miniApp.push({ authToken, requestId: id(), templateName: "HK_PDS_NOTIFY", templateParameters: { title: "Hi" } }));
    expect(missing.httpStatus).toBe(400);
    expect(missing.message).toContain("body");
    const tooMuch = await caught(gp.miniApp.cashback({ authToken, requestId: id(), amount: 100_000_000_000n, description: "too much" }));
    expect(tooMuch.outcomeUnknown).toBe(false);
    expect(tooMuch.retryable).toBe(false);
  });
});

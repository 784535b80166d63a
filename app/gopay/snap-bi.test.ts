import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isGopayError, type GopayError } from "./errors";
import { signTransaction, verifyAccessTokenSignature } from "./signing.server";
import { SNAP_PATHS } from "./snap-bi.server";
import { TEST_PUBLIC_KEY, TEST_SECRET, testClient } from "./testing/client";
import { captureLogs, startFakeGopay, type FakeGopay, type Handler } from "./testing/fake-gopay";

let fake: FakeGopay;
let tokenSeq = 0;

const tokenHandler: Handler = () => ({
  status: 200,
  json: { responseCode: "2007300", responseMessage: "Successful", accessToken: `tok-${++tokenSeq}`, tokenType: "Bearer", expiresIn: "900" },
});
const paymentOk: Handler = (req) => ({
  status: 200,
  json: {
    responseCode: "2005400",
    responseMessage: "Successful",
    referenceNo: "A1200000",
    partnerReferenceNo: (JSON.parse(req.body) as { partnerReferenceNo: string }).partnerReferenceNo,
    webRedirectUrl: "https://gopay.test/redirect?x=1",
    appRedirectUrl: "",
    additionalInfo: { grossAmount: { value: "10000.00", currency: "IDR" } },
  },
});
const statusOk: Handler = () => ({
  status: 200,
  json: {
    responseCode: "2005500",
    responseMessage: "Successful",
    originalReferenceNo: "A1200000",
    originalPartnerReferenceNo: "ORD-1",
    latestTransactionStatus: "04",
    transAmount: { value: "10000.00", currency: "IDR" },
    refundHistory: [{ refundNo: "R1", partnerRefundNo: "PR1", refundAmount: { value: "2500.50", currency: "IDR" }, refundStatus: "00" }],
  },
});

beforeEach(async () => {
  tokenSeq = 0;
  fake = await startFakeGopay();
  fake.on(SNAP_PATHS.accessToken, tokenHandler);
  fake.on(SNAP_PATHS.payment, paymentOk);
  fake.on(SNAP_PATHS.status, statusOk);
});
afterEach(async () => {
  await fake.stop();
});

const payment = (externalId = "ext-1") => ({ externalId, partnerReferenceNo: "ORD-1", amount: 1_000_000n, returnUrl: "https://loket.test/back" });

async function caught(p: Promise<unknown>): Promise<GopayError> {
  try {
    await p;
  } catch (e) {
    if (isGopayError(e)) return e;
    throw e;
  }
  throw new Error("expected a GopayError");
}

describe("access token", () => {
  it("is requested with X-CLIENT-KEY, a WIB X-TIMESTAMP and an RSA signature that verifies", async () => {
    const c = testClient(fake.url);
    expect(await c.snap.accessToken()).toBe("tok-1");
    const [req] = fake.to(SNAP_PATHS.accessToken);
    expect(req!.method).toBe("POST");
    expect(JSON.parse(req!.body)).toEqual({ grantType: "client_credentials" });
    expect(req!.headers["x-client-key"]).toBe("test-client");
    expect(req!.headers["x-timestamp"]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(verifyAccessTokenSignature("test-client", req!.headers["x-timestamp"]!, req!.headers["x-signature"]!, TEST_PUBLIC_KEY)).toBe(true);
  });

  it("is fetched once for N concurrent callers", async () => {
    fake.on(SNAP_PATHS.accessToken, async (r, n) => ({ ...(await tokenHandler(r, n)), delayMs: 50 }) as never);
    const c = testClient(fake.url);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => c.snap.payment(payment(`ext-${i}`))));
    expect(results).toHaveLength(10);
    expect(fake.to(SNAP_PATHS.accessToken)).toHaveLength(1);
    expect(new Set(fake.to(SNAP_PATHS.payment).map((r) => r.headers.authorization))).toEqual(new Set(["Bearer tok-1"]));
  });

  it("is refreshed 60 s before its stated expiry, not earlier", async () => {
    let now = Date.parse("2025-01-01T00:00:00Z");
    const c = testClient(fake.url, { now: () => new Date(now) });
    expect(await c.snap.accessToken()).toBe("tok-1");
    now += (900 - 61) * 1000;
    expect(await c.snap.accessToken()).toBe("tok-1");
    now += 2000; // 59 s before expiry
    expect(await c.snap.accessToken()).toBe("tok-2");
    expect(fake.to(SNAP_PATHS.accessToken)).toHaveLength(2);
  });

  it("with tokenCache:false is fetched for every call", async () => {
    const c = testClient(fake.url, { tokenCache: false });
    await c.snap.payment(payment("a"));
    await c.snap.payment(payment("b"));
    expect(fake.to(SNAP_PATHS.accessToken)).toHaveLength(2);
  });

  it("after 401xx01 Invalid Token is refetched once and the call re-sent with the same X-EXTERNAL-ID", async () => {
    fake.on(SNAP_PATHS.payment, (req, n) =>
      n === 1 ? { status: 401, json: { responseCode: "4015401", responseMessage: "Invalid Token (B2B)" } } : paymentOk(req, n),
    );
    const c = testClient(fake.url);
    const res = await c.snap.payment(payment("ext-same"));
    expect(res.referenceNo).toBe("A1200000");
    const sent = fake.to(SNAP_PATHS.payment);
    expect(sent.map((r) => r.headers["x-external-id"])).toEqual(["ext-same", "ext-same"]);
    expect(sent.map((r) => r.headers.authorization)).toEqual(["Bearer tok-1", "Bearer tok-2"]);
    expect(sent[0]!.body).toBe(sent[1]!.body);
  });

  it("does not loop when the fresh token is refused too", async () => {
    fake.on(SNAP_PATHS.payment, () => ({ status: 401, json: { responseCode: "4015401", responseMessage: "Invalid Token (B2B)" } }));
    const c = testClient(fake.url);
    const err = await caught(c.snap.payment(payment()));
    expect(err.kind).toBe("auth");
    expect(err.responseCode).toBe("4015401");
    expect(fake.to(SNAP_PATHS.payment)).toHaveLength(2);
  });

  it("a refused signature (401xx00) is an auth error without a refetch", async () => {
    fake.on(SNAP_PATHS.payment, () => ({ status: 401, json: { responseCode: "4015400", responseMessage: "Unauthorized. Signature" } }));
    const err = await caught(testClient(fake.url).snap.payment(payment()));
    expect(err).toMatchObject({ kind: "auth", httpStatus: 401, responseCode: "4015400", retryable: false, outcomeUnknown: false, api: "snap", operation: "snap.payment", requestId: "ext-1" });
    expect(fake.to(SNAP_PATHS.accessToken)).toHaveLength(1);
  });
});

describe("transactional calls", () => {
  it("payment sends every mandatory header and signs exactly the bytes sent", async () => {
    const c = testClient(fake.url);
    const res = await c.snap.payment({ ...payment("ext-h"), items: [{ id: "SKU", name: "Kopi", price: 1_000_000n, quantity: 1 }] });
    expect(res).toMatchObject({ referenceNo: "A1200000", partnerReferenceNo: "ORD-1", webRedirectUrl: "https://gopay.test/redirect?x=1" });
    expect(res.additionalInfo?.grossAmount?.amount).toBe(1_000_000n);
    const [req] = fake.to(SNAP_PATHS.payment);
    const h = req!.headers;
    expect(h).toMatchObject({
      "content-type": "application/json",
      authorization: "Bearer tok-1",
      "x-partner-id": "PARTNER1",
      "x-external-id": "ext-h",
      "channel-id": "12345",
      "x-device-id": "loket-server",
    });
    expect(h["x-timestamp"]).toMatch(/\+07:00$/);
    const expected = signTransaction({ method: "POST", path: SNAP_PATHS.payment, accessToken: "tok-1", body: req!.body, timestamp: h["x-timestamp"]! }, TEST_SECRET);
    expect(h["x-signature"]).toBe(expected);
    const body = JSON.parse(req!.body);
    expect(body.payOptionDetails[0].transAmount).toEqual({ value: "10000.00", currency: "IDR" });
    expect(body.additionalInfo.items[0]).toEqual({ id: "SKU", name: "Kopi", price: { value: "10000.00", currency: "IDR" }, quantity: "1" });
    expect(body.urlParam).toEqual([{ url: "https://loket.test/back", type: "PAY_RETURN", isDeeplink: "N" }]);
    expect(body.merchantId).toBe("M-TEST");
  });

  it("status, cancel and refund go to their paths with their bodies and parse amounts to minor units", async () => {
    fake.on(SNAP_PATHS.cancel, () => ({ status: 200, json: { responseCode: "2005700", responseMessage: "Successful", originalReferenceNo: "A1", cancelTime: "2025-01-01T10:00:00+07:00" } }));
    fake.on(SNAP_PATHS.refund, () => ({
      status: 200,
      json: { responseCode: "2005800", responseMessage: "Successful", originalReferenceNo: "A1", refundNo: "R9", partnerRefundNo: "PR9", refundAmount: { value: "2500.50", currency: "IDR" } },
    }));
    const c = testClient(fake.url);
    const st = await c.snap.status({ externalId: "s-1", originalReferenceNo: "A1200000" });
    expect(st).toMatchObject({ status: "refunded", latestTransactionStatus: "04", amount: 1_000_000n, totalRefunded: 250_050n });
    expect(st.refunds[0]).toMatchObject({ partnerRefundNo: "PR1", amount: 250_050n });
    expect(JSON.parse(fake.to(SNAP_PATHS.status)[0]!.body)).toEqual({ originalReferenceNo: "A1200000", serviceCode: "54" });

    await c.snap.cancel({ externalId: "c-1", originalReferenceNo: "A1", originalPartnerReferenceNo: "ORD-1" });
    expect(JSON.parse(fake.to(SNAP_PATHS.cancel)[0]!.body)).toEqual({ originalReferenceNo: "A1", originalPartnerReferenceNo: "ORD-1" });

    const r = await c.snap.refund({ externalId: "r-1", originalReferenceNo: "A1", originalPartnerReferenceNo: "ORD-1", partnerRefundNo: "PR9", amount: 250_050n, reason: "damaged" });
    expect(r.refundAmount?.amount).toBe(250_050n);
    expect(JSON.parse(fake.to(SNAP_PATHS.refund)[0]!.body)).toEqual({
      originalReferenceNo: "A1",
      originalPartnerReferenceNo: "ORD-1",
      partnerRefundNo: "PR9",
      refundAmount: { value: "2500.50", currency: "IDR" },
      reason: "damaged",
    });
    expect(fake.to(SNAP_PATHS.refund)[0]!.headers["x-external-id"]).toBe("r-1");
  });

  it("maps a documented business error to a typed GopayError", async () => {
    fake.on(SNAP_PATHS.refund, () => ({ status: 403, json: { responseCode: "4035802", responseMessage: "Exceeds Amount Limit" } }));
    const err = await caught(testClient(fake.url).snap.refund({ externalId: "r", originalReferenceNo: "A", originalPartnerReferenceNo: "O", partnerRefundNo: "P", amount: 1n }));
    expect(err).toMatchObject({ kind: "not_permitted", httpStatus: 403, responseCode: "4035802", message: "Exceeds Amount Limit", retryable: false, outcomeUnknown: false });
    expect(err.body).toEqual({ responseCode: "4035802", responseMessage: "Exceeds Amount Limit" });
  });

  it("409 on a reused X-EXTERNAL-ID is a conflict", async () => {
    fake.on(SNAP_PATHS.payment, () => ({ status: 409, json: { responseCode: "4095400", responseMessage: "Conflict" } }));
    expect((await caught(testClient(fake.url).snap.payment(payment()))).kind).toBe("conflict");
  });
});

describe("failures", () => {
  it("a timeout on a payment is outcomeUnknown and not re-sent", async () => {
    const c = testClient(fake.url, { timeoutMs: 150 });
    await c.snap.accessToken();
    fake.on(SNAP_PATHS.payment, (r, n) => ({ ...(paymentOk(r, n) as object), delayMs: 400 }) as never);
    const err = await caught(c.snap.payment(payment("ext-t")));
    expect(err).toMatchObject({ kind: "timeout", outcomeUnknown: true, retryable: true, requestId: "ext-t" });
    expect(fake.to(SNAP_PATHS.payment)).toHaveLength(1);
  });

  it("a connection dropped after the payment was sent is outcomeUnknown and not re-sent", async () => {
    fake.on(SNAP_PATHS.payment, () => ({ drop: true }));
    const err = await caught(testClient(fake.url).snap.payment(payment("ext-d")));
    expect(err).toMatchObject({ kind: "connection", outcomeUnknown: true, requestId: "ext-d" });
    expect(fake.to(SNAP_PATHS.payment)).toHaveLength(1);
  });

  it("a connection refused before sending is retried with the same X-EXTERNAL-ID", async () => {
    const { logger, lines } = captureLogs();
    const c = testClient(fake.url, { retryBaseDelayMs: 150, logger });
    await c.snap.accessToken();
    await fake.pause();
    const call = c.snap.payment(payment("ext-r"));
    await new Promise((r) => setTimeout(r, 40));
    await fake.resume();
    const res = await call;
    expect(res.referenceNo).toBe("A1200000");
    const sent = fake.to(SNAP_PATHS.payment);
    expect(sent).toHaveLength(1); // the refused attempt never reached the server
    expect(sent[0]!.headers["x-external-id"]).toBe("ext-r");
    expect(lines.some((l) => l.includes("ECONNREFUSED") && l.includes('"willRetry":true'))).toBe(true);
  });

  it("a 503 on status (a read) is retried; on payment it is not, and the outcome is unknown", async () => {
    fake.on(SNAP_PATHS.status, (r, n) => (n === 1 ? { status: 503, json: { responseCode: "5035500", responseMessage: "Unavailable" } } : statusOk(r, n)));
    const c = testClient(fake.url);
    expect((await c.snap.status({ externalId: "s", originalReferenceNo: "A" })).status).toBe("refunded");
    expect(fake.to(SNAP_PATHS.status)).toHaveLength(2);

    fake.on(SNAP_PATHS.payment, () => ({ status: 503, json: { responseCode: "5035400", responseMessage: "Unavailable" } }));
    const err = await caught(c.snap.payment(payment()));
    expect(err).toMatchObject({ kind: "server", retryable: true, outcomeUnknown: true });
    expect(fake.to(SNAP_PATHS.payment)).toHaveLength(1);
  });

  it("a surprising success body is invalid_response, never undefined downstream", async () => {
    fake.on(SNAP_PATHS.payment, () => ({ status: 200, json: { responseCode: "2005400", responseMessage: "Successful", partnerReferenceNo: "ORD-1" } }));
    const err = await caught(testClient(fake.url).snap.payment(payment()));
    expect(err.kind).toBe("invalid_response");
    expect(err.message).toContain("webRedirectUrl");
    expect(err.outcomeUnknown).toBe(true);

    fake.on(SNAP_PATHS.status, () => ({ status: 200, text: "<html>gateway</html>" }));
    expect((await caught(testClient(fake.url).snap.status({ externalId: "s", originalReferenceNo: "A" }))).kind).toBe("invalid_response");

    fake.on(SNAP_PATHS.status, () => ({ status: 200, json: { ...((statusOk(fake.requests[0]!, 1) as { json: object }).json), latestTransactionStatus: "42" } }));
    expect((await caught(testClient(fake.url).snap.status({ externalId: "s", originalReferenceNo: "A" }))).kind).toBe("invalid_response");
  });

  it("logs operation, external id, status and duration but no secret", async () => {
    const { logger, lines } = captureLogs();
    const c = testClient(fake.url, { logger });
    await c.snap.payment(payment("ext-log"));
    const text = lines.join("\n");
    const entry = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.operation === "snap.payment");
    expect(entry).toMatchObject({ api: "snap", requestId: "ext-log", status: 200, responseCode: "2005400", path: SNAP_PATHS.payment });
    expect(typeof entry!.durationMs).toBe("number");
    const sig = fake.to(SNAP_PATHS.payment)[0]!.headers["x-signature"]!;
    for (const secret of [TEST_SECRET, "tok-1", sig, "Bearer"]) expect(text).not.toContain(secret);
  });
});

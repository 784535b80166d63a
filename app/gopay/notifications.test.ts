import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseCorePayAccountNotification, verifyCoreNotification, verifyCorePaymentNotification, verifySnapNotification } from "./notifications.server";
import { coreSignatureKey, signNotify, xTimestamp } from "./signing.server";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const now = new Date("2025-03-01T05:00:00Z");
const body = JSON.stringify({
  originalReferenceNo: "A120250301",
  originalPartnerReferenceNo: "ORD-1",
  originalExternalId: "123",
  latestTransactionStatus: "04",
  amount: { value: "10000.00", currency: "IDR" },
  additionalInfo: {
    refundHistory: [{ refundNo: "R1", partnerReferenceNo: "PR1", refundAmount: { value: "2500.00", currency: "IDR" }, refundStatus: "00", refundDate: "x" }],
    totalRefundAmount: { value: "2500.00", currency: "IDR" },
    extraField: true,
  },
});

function signed(b: string, at: Date) {
  const ts = xTimestamp(at);
  return { "X-TIMESTAMP": ts, "X-SIGNATURE": signNotify("/v1.0/debit/notify", b, ts, privateKey), "Content-Type": "application/json" };
}

describe("SNAP debit notification", () => {
  it("accepts a fresh, correctly signed body and parses amounts to minor units", () => {
    const r = verifySnapNotification({ rawBody: body, headers: signed(body, new Date(now.getTime() - 60_000)), publicKey, now });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.kind).toBe("snap_debit");
    expect(r.parsed.amount?.amount).toBe(1_000_000n);
    expect(r.parsed.additionalInfo?.refundHistory?.[0]).toMatchObject({ partnerRefundNo: "PR1", amount: 250_000n });
  });

  it("reads headers case-insensitively from a Headers object", () => {
    const r = verifySnapNotification({ rawBody: body, headers: new Headers(signed(body, now)), publicKey, now });
    expect(r.ok).toBe(true);
  });

  it("rejects a body changed by one byte, a missing signature and another key", () => {
    const h = signed(body, now);
    expect(verifySnapNotification({ rawBody: body.replace('"04"', '"00"'), headers: h, publicKey, now })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(verifySnapNotification({ rawBody: body, headers: { "X-TIMESTAMP": h["X-TIMESTAMP"] }, publicKey, now })).toMatchObject({ ok: false, reason: "bad_signature" });
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    expect(verifySnapNotification({ rawBody: body, headers: h, publicKey: other, now })).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("rejects a correctly signed notification older than 10 minutes as stale", () => {
    const ok = verifySnapNotification({ rawBody: body, headers: signed(body, new Date(now.getTime() - 9 * 60_000)), publicKey, now });
    expect(ok.ok).toBe(true);
    const old = verifySnapNotification({ rawBody: body, headers: signed(body, new Date(now.getTime() - 11 * 60_000)), publicKey, now });
    expect(old).toMatchObject({ ok: false, reason: "stale" });
  });

  it("a signed body that is not the documented shape is malformed", () => {
    const bad = JSON.stringify({ latestTransactionStatus: "00" });
    expect(verifySnapNotification({ rawBody: bad, headers: signed(bad, now), publicKey, now })).toMatchObject({ ok: false, reason: "malformed" });
    const notJson = "{oops";
    expect(verifySnapNotification({ rawBody: notJson, headers: signed(notJson, now), publicKey, now })).toMatchObject({ ok: false, reason: "malformed" });
  });
});

describe("Core API notifications", () => {
  const serverKey = "SB-Mid-server-abc";
  const payload = (over: Record<string, string> = {}) => {
    const n = { order_id: "ORD-1", status_code: "200", gross_amount: "100000.00", transaction_status: "settlement", transaction_id: "t1", ...over };
    return { ...n, signature_key: coreSignatureKey(n.order_id, n.status_code, n.gross_amount, serverKey) };
  };

  it("accepts a payment notification whose signature_key matches", () => {
    const r = verifyCorePaymentNotification({ rawBody: JSON.stringify(payload()), serverKey });
    expect(r).toMatchObject({ ok: true, kind: "core_payment", parsed: { order_id: "ORD-1", amount: 10_000_000n } });
  });

  it("parses the unsigned refund fields once, into the typed state services read (amounts in minor units)", () => {
    const body = {
      ...payload({ transaction_status: "partial_refund" }),
      refund_amount: "2500.50",
      refunds: [{ refund_chargeback_id: 12, refund_amount: "2500.50", refund_key: "rk-1", reason: "r", created_at: "2025-01-02 10:00:00" }],
    };
    const r = verifyCorePaymentNotification({ rawBody: JSON.stringify(body), serverKey });
    expect(r).toMatchObject({
      ok: true,
      parsed: {
        state: {
          orderId: "ORD-1",
          transactionStatus: "partial_refund",
          grossAmount: 10_000_000n,
          refundAmount: 250_050n,
          refunds: [{ refundKey: "rk-1", refundChargebackId: "12", amount: 250_050n, createdAt: "2025-01-02 10:00:00" }],
        },
      },
    });
    expect(verifyCorePaymentNotification({ rawBody: JSON.stringify({ ...body, refund_amount: "lots" }), serverKey })).toMatchObject({ ok: false, reason: "malformed" });
    expect(verifyCoreNotification({ rawBody: JSON.stringify({ ...body, pad: "x".repeat(70 * 1024) }), serverKey })).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("rejects a tampered status or a wrong server key", () => {
    const p = payload();
    expect(verifyCorePaymentNotification({ rawBody: JSON.stringify({ ...p, status_code: "201" }), serverKey })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(verifyCorePaymentNotification({ rawBody: JSON.stringify(p), serverKey: "other" })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(verifyCorePaymentNotification({ rawBody: "[]", serverKey })).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("pay-account notifications are parsed, not trusted, and routed by shape", () => {
    const raw = JSON.stringify({ account_id: "acc-1", account_status: "DISABLED", status_code: "204", signature_key: "whatever" });
    expect(parseCorePayAccountNotification(raw)).toMatchObject({ ok: true, kind: "core_pay_account", parsed: { account_id: "acc-1" } });
    expect(verifyCoreNotification({ rawBody: raw, serverKey })).toMatchObject({ ok: true, kind: "core_pay_account" });
    expect(verifyCoreNotification({ rawBody: JSON.stringify(payload()), serverKey })).toMatchObject({ ok: true, kind: "core_payment" });
  });
});

import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { verifyCoreSignatureKey, verifyNotifySignature } from "./signing.server";
import { coreRefundEntry, decimalAmount, snapMoney, snapRefundEntry, type CoreRefundEntry } from "./validate.server";

/**
 * Verify and parse incoming GoPay notifications. Pure: given the raw body, the headers and the
 * keys, never touching the database. The raw body is verified as received (fields may be added).
 */

export const SNAP_NOTIFY_PATH = "/v1.0/debit/notify";
/** A SNAP notification older than this is refused as a replay (contract §7). */
export const NOTIFY_MAX_AGE_MS = 10 * 60 * 1000;

/**
 * GoPay's notifications are a few KB (a SNAP one with a long refund history stays far below this).
 * A bigger body is refused before it is parsed: only a bounded part of it is ever stored.
 */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

export type NotificationFailure = { ok: false; reason: "bad_signature" | "stale" | "malformed"; message: string };

export const snapNotifySchema = z.object({
  originalReferenceNo: z.string().min(1),
  originalPartnerReferenceNo: z.string().optional(),
  originalExternalId: z.string().optional(),
  merchantId: z.string().optional(),
  latestTransactionStatus: z.string().regex(/^\d{2}$/),
  transactionStatusDesc: z.string().optional(),
  createdTime: z.string().optional(),
  finishedTime: z.string().optional(),
  amount: snapMoney.optional(),
  additionalInfo: z
    .object({
      userPaymentDetails: z.array(z.record(z.unknown())).optional(),
      refundHistory: z.array(snapRefundEntry).optional(),
      totalRefundAmount: snapMoney.optional(),
    })
    .passthrough()
    .optional(),
});
export type SnapNotification = z.output<typeof snapNotifySchema>;

export const corePaymentNotificationSchema = z.object({
  order_id: z.string().min(1).max(200),
  status_code: z.string().max(10),
  gross_amount: z.string().max(40),
  signature_key: z.string().max(256),
  transaction_id: z.string().max(200).optional(),
  transaction_status: z.string().max(40),
  fraud_status: z.string().optional(),
  payment_type: z.string().optional(),
  transaction_time: z.string().optional(),
  settlement_time: z.string().optional(),
  expiry_time: z.string().optional(),
  payment_option_type: z.string().optional(),
  status_message: z.string().optional(),
  // Outside signature_key (it covers order_id, status_code, gross_amount only): hints, never facts.
  refund_amount: decimalAmount.optional(),
  refunds: z.array(coreRefundEntry).optional(),
});

/**
 * What a Core transaction says, in the one typed shape shared by a payment notification and a
 * status answer (`GET /v2/{order_id}/status`: a CoreTransaction fits it). Services read this, never
 * GoPay's wire JSON.
 */
export interface CorePaymentState {
  orderId: string;
  transactionId?: string;
  transactionStatus: string;
  grossAmount: bigint;
  transactionTime?: string;
  settlementTime?: string;
  expiryTime?: string;
  paymentOptionType?: string;
  refundAmount?: bigint;
  refunds: CoreRefundEntry[];
}

export type CorePaymentNotification = z.output<typeof corePaymentNotificationSchema> & {
  amount: bigint;
  /** The notification's claim, typed. Only order_id, status_code and gross_amount are signed. */
  state: CorePaymentState;
};

export const corePayAccountNotificationSchema = z.object({
  // Bounded: the body is unverifiable, so nobody should get a large string stored through it.
  account_id: z.string().min(1).max(100),
  account_status: z.string().max(40).optional(),
  status_code: z.string().max(10).optional(),
  merchant_id: z.string().max(100).optional(),
  payment_type: z.string().max(40).optional(),
  status_message: z.string().max(500).optional(),
});
export type CorePayAccountNotification = z.output<typeof corePayAccountNotificationSchema>;

export type NotificationResult<K extends string, P> = { ok: true; kind: K; parsed: P } | NotificationFailure;

function header(headers: Headers | Record<string, string | string[] | undefined>, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === want) return Array.isArray(v) ? v[0] : v;
  return undefined;
}

function parseJson(raw: string): { ok: true; value: unknown } | NotificationFailure {
  if (raw.length > MAX_NOTIFICATION_BYTES || Buffer.byteLength(raw, "utf8") > MAX_NOTIFICATION_BYTES) {
    return { ok: false, reason: "malformed", message: `Body is larger than ${MAX_NOTIFICATION_BYTES / 1024} KB` };
  }
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false, reason: "malformed", message: "Body is not JSON" };
  }
}

function issues(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
    .join("; ");
}

export interface VerifySnapNotifyInput {
  rawBody: string;
  headers: Headers | Record<string, string | string[] | undefined>;
  /** Midtrans public key (GOPAY_NOTIFY_PUBLIC_KEY_FILE). */
  publicKey: string | KeyObject;
  /** Signed path; Midtrans signs `/v1.0/debit/notify` without the merchant's prefix (contract §1.11). */
  path?: string;
  now?: Date;
}

/** Verifies a SNAP BI debit notification (`POST {prefix}/v1.0/debit/notify`): RSA signature, freshness, body. */
export function verifySnapNotification(input: VerifySnapNotifyInput): NotificationResult<"snap_debit", SnapNotification> {
  const timestamp = header(input.headers, "x-timestamp");
  const signature = header(input.headers, "x-signature");
  if (!timestamp || !signature) return { ok: false, reason: "bad_signature", message: "X-TIMESTAMP and X-SIGNATURE are required" };
  if (!verifyNotifySignature(input.path ?? SNAP_NOTIFY_PATH, input.rawBody, timestamp, signature, input.publicKey)) {
    return { ok: false, reason: "bad_signature", message: "X-SIGNATURE does not match the body and timestamp" };
  }
  const sentAt = Date.parse(timestamp);
  if (Number.isNaN(sentAt)) return { ok: false, reason: "malformed", message: "X-TIMESTAMP is not ISO-8601" };
  const age = (input.now ?? new Date()).getTime() - sentAt;
  // Small future skew is tolerated the same as age; a signed old notification is a replay.
  if (age > NOTIFY_MAX_AGE_MS || age < -NOTIFY_MAX_AGE_MS) {
    return { ok: false, reason: "stale", message: `X-TIMESTAMP ${timestamp} is more than 10 minutes off` };
  }
  const json = parseJson(input.rawBody);
  if (!json.ok) return json;
  const parsed = snapNotifySchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, reason: "malformed", message: issues(parsed.error) };
  return { ok: true, kind: "snap_debit", parsed: parsed.data };
}

/** Verifies a Core API payment notification (`signature_key`, constant time) and parses it. */
export function verifyCorePaymentNotification(input: {
  rawBody: string;
  serverKey: string;
}): NotificationResult<"core_payment", CorePaymentNotification> {
  const json = parseJson(input.rawBody);
  if (!json.ok) return json;
  const parsed = corePaymentNotificationSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, reason: "malformed", message: issues(parsed.error) };
  const n = parsed.data;
  if (!verifyCoreSignatureKey(n.order_id, n.status_code, n.gross_amount, input.serverKey, n.signature_key)) {
    return { ok: false, reason: "bad_signature", message: "signature_key does not match" };
  }
  const amount = decimalAmount.safeParse(n.gross_amount);
  if (!amount.success) return { ok: false, reason: "malformed", message: "gross_amount is not an amount" };
  return { ok: true, kind: "core_payment", parsed: { ...n, amount: amount.data, state: coreStateOf(n, amount.data) } };
}

function coreStateOf(n: z.output<typeof corePaymentNotificationSchema>, amount: bigint): CorePaymentState {
  return {
    orderId: n.order_id,
    transactionId: n.transaction_id,
    transactionStatus: n.transaction_status,
    grossAmount: amount,
    transactionTime: n.transaction_time,
    settlementTime: n.settlement_time,
    expiryTime: n.expiry_time,
    paymentOptionType: n.payment_option_type,
    refundAmount: n.refund_amount,
    refunds: n.refunds ?? [],
  };
}

/**
 * Re-reads a stored SNAP notification that was verified when it arrived (the apply step and the
 * retry sweep): the same schema, so services get the same typed object. Throws on a body that no
 * longer parses (it was verified: that is a bug, not input).
 */
export function parseVerifiedSnapNotification(rawBody: string): SnapNotification {
  return snapNotifySchema.parse(JSON.parse(rawBody));
}

/** Re-reads a stored Core payment notification verified when it arrived (signature not re-checked). */
export function parseVerifiedCorePaymentNotification(rawBody: string): CorePaymentNotification {
  const n = corePaymentNotificationSchema.parse(JSON.parse(rawBody));
  const amount = decimalAmount.parse(n.gross_amount);
  return { ...n, amount, state: coreStateOf(n, amount) };
}

/**
 * Parses a Core API pay-account notification. Its signature formula is not published, so it is
 * NOT verified: the caller must store it and confirm the state with `GET /v2/pay/account/{id}`.
 */
export function parseCorePayAccountNotification(rawBody: string): NotificationResult<"core_pay_account", CorePayAccountNotification> {
  const json = parseJson(rawBody);
  if (!json.ok) return json;
  const parsed = corePayAccountNotificationSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, reason: "malformed", message: issues(parsed.error) };
  return { ok: true, kind: "core_pay_account", parsed: parsed.data };
}

/**
 * Core notifications arrive on one URL: a body with `account_id` and no `order_id` is a
 * pay-account notification; anything else is a payment notification.
 */
export function verifyCoreNotification(input: {
  rawBody: string;
  serverKey: string;
}): NotificationResult<"core_payment", CorePaymentNotification> | NotificationResult<"core_pay_account", CorePayAccountNotification> {
  const json = parseJson(input.rawBody);
  if (!json.ok) return json;
  const v = json.value as Record<string, unknown> | null;
  if (v && typeof v === "object" && "account_id" in v && !("order_id" in v)) return parseCorePayAccountNotification(input.rawBody);
  return verifyCorePaymentNotification(input);
}

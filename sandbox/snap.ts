import { randomBytes, randomUUID } from "node:crypto";
import { parseIsoWithZone, wibIso } from "./clock";
import {
  DEFAULT_VALID_UP_TO_MS,
  MAX_VALID_UP_TO_MS,
  MIN_VALID_UP_TO_MS,
  PARTNER_REFUND_NO_RE,
  PAY_OPTIONS,
  REFUND_WINDOW_DEEPLINK_MS,
  REFUND_WINDOW_TOKENIZED_MS,
  SNAP_AMOUNT_RE,
  SNAP_STATUS,
  SNAP_STATUS_DESC,
  SVC,
  TOKEN_LIFETIME_S,
  type PayOption,
  type SnapStatus,
  senToSnapAmount,
  snapAmountToSen,
} from "./contract";
import { type Ctx } from "./context";
import { type ApiRequest, header, json, obj, parseObject, str } from "./http";
import {
  addSnapRefund,
  customerById,
  lastSnapByExternalId,
  lastSnapByPartnerReferenceNo,
  pendingSnapPayments,
  snapByReferenceNo,
  snapRefundByPartnerRefundNo,
} from "./indexes";
import { snapError, snapTransactional, timestampOk } from "./snap-guard";
import { verifyTokenSignature } from "./signing";
import { type SnapPayment, type StoredResponse } from "./state";

const idr = (sen: number) => ({ value: senToSnapAmount(sen), currency: "IDR" });

/** POST /v1.0/access-token/b2b (contract 1.5). */
export function accessToken(ctx: Ctx, req: ApiRequest): StoredResponse {
  const svc = SVC.token;
  for (const h of ["X-TIMESTAMP", "X-CLIENT-KEY", "X-SIGNATURE"]) {
    if (!header(req, h)) return snapError(400, svc, "02", `Invalid Mandatory Field ${h}`);
  }
  const ts = header(req, "x-timestamp")!;
  const clientId = header(req, "x-client-key")!;
  if (!timestampOk(ctx, ts)) return snapError(401, svc, "00", "Unauthorized. Invalid timestamp");
  if (clientId !== ctx.config.clientId) return snapError(401, svc, "00", "Unauthorized. Unknown client");
  if (!verifyTokenSignature(ctx.config.merchantPublicKeyPem, clientId, ts, header(req, "x-signature")!))
    return snapError(401, svc, "00", "Unauthorized. Signature");
  const body = parseObject(req.raw);
  if (!body) return snapError(400, svc, "00", "Bad Request. Body is not a JSON object");
  const grant = body.grantType ?? body.grant_type;
  if (grant === undefined) return snapError(400, svc, "02", "Invalid Mandatory Field grantType");
  if (grant !== "client_credentials") return snapError(400, svc, "01", "Invalid Field Format grantType");
  const token = `${randomBytes(24).toString("base64url")}.${randomBytes(32).toString("base64url")}`;
  ctx.state.accessTokens[token] = { clientId, expiresAt: ctx.clock.now() + TOKEN_LIFETIME_S * 1000 };
  ctx.touch();
  return json(200, {
    responseCode: "2007300",
    responseMessage: "Successful",
    accessToken: token,
    tokenType: "Bearer",
    expiresIn: String(TOKEN_LIFETIME_S),
  });
}

function referenceNo(now: number): string {
  return `A12${wibIso(now).slice(0, 19).replace(/\D/g, "")}${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}`;
}

/** POST /v1.0/debit/payment-host-to-host (contract 1.8). */
export function payment(ctx: Ctx, req: ApiRequest): Promise<StoredResponse> {
  const svc = SVC.payment;
  return snapTransactional(ctx, req, svc, (b) => {
    const prn = b.partnerReferenceNo;
    if (prn === undefined || prn === "") return snapError(400, svc, "02", "Invalid Mandatory Field partnerReferenceNo");
    if (typeof prn !== "string" || !/^[A-Za-z0-9\-_~.]{1,64}$/.test(prn))
      return snapError(400, svc, "01", "Invalid Field Format partnerReferenceNo");
    const details = Array.isArray(b.payOptionDetails) ? b.payOptionDetails : undefined;
    const first = obj(details?.[0]);
    if (!first) return snapError(400, svc, "02", "Invalid Mandatory Field payOptionDetails");
    const amount = obj(first.transAmount);
    if (!amount || amount.value === undefined) return snapError(400, svc, "02", "Invalid Mandatory Field payOptionDetails.transAmount.value");
    if (typeof amount.value !== "string" || !SNAP_AMOUNT_RE.test(amount.value) || snapAmountToSen(amount.value) < 100)
      return snapError(400, svc, "01", "Invalid Field Format payOptionDetails.transAmount.value");
    if (amount.currency !== "IDR") return snapError(400, svc, "01", "Invalid Field Format payOptionDetails.transAmount.currency");
    const now = ctx.clock.now();
    let validUpTo = now + DEFAULT_VALID_UP_TO_MS;
    if (b.validUpTo !== undefined) {
      const t = typeof b.validUpTo === "string" ? parseIsoWithZone(b.validUpTo) : undefined;
      if (t === undefined || t - now < MIN_VALID_UP_TO_MS || t - now > MAX_VALID_UP_TO_MS)
        return snapError(400, svc, "01", "Invalid Field Format validUpTo");
      validUpTo = t;
    }
    const ref = referenceNo(now);
    const p: SnapPayment = {
      referenceNo: ref,
      partnerReferenceNo: prn,
      externalId: header(req, "x-external-id")!,
      merchantId: str(b.merchantId),
      amountSen: snapAmountToSen(amount.value),
      status: SNAP_STATUS.pending,
      tokenized: header(req, "authorization-customer") !== undefined,
      createdAt: now,
      validUpTo,
      metadata: obj(b.additionalInfo)?.metadata,
      refunds: [],
    };
    ctx.state.snapPayments.push(p);
    ctx.touch();
    notifySnap(ctx, p);
    return json(200, {
      responseCode: "2005400",
      responseMessage: "Successful",
      referenceNo: ref,
      partnerReferenceNo: prn,
      webRedirectUrl: `${ctx.baseUrl()}/_sandbox/pay/${ref}?tref=${ref}`,
      appRedirectUrl: "",
      additionalInfo: {
        paymentType: "gopay",
        grossAmount: idr(p.amountSen),
        transactionTime: wibIso(now),
        validUpTo: wibIso(validUpTo),
      },
    });
  });
}

/** Most payments one bulk call creates. */
export const BULK_PAYMENTS_MAX = 10_000;

/**
 * Control, for benchmarks (`POST /_sandbox/snap/payments/bulk`): pending SNAP payments created as
 * `payment` creates them — a referenceNo, the partner reference, external id and amount given,
 * `validForMs` (default 15 minutes, bounded as the API's validUpTo) — which status, cancel, pay and
 * refund then treat as any other. Not done: the HTTP round trip and its checks, the X-EXTERNAL-ID
 * record and the "pending" notification, whose RSA signature is a third of a payment's cost: on a
 * two-core machine at load average ~27, payments through the API came at under 60/s (100,000 in
 * ~30 minutes). Returns the referenceNos in order, or an error sentence.
 */
export function createPaymentsInBulk(ctx: Ctx, body: Record<string, unknown>): string[] | string {
  const items = body.payments;
  if (!Array.isArray(items) || items.length === 0 || items.length > BULK_PAYMENTS_MAX)
    return `payments must be a list of 1..${BULK_PAYMENTS_MAX}`;
  const validForMs = body.validForMs === undefined ? DEFAULT_VALID_UP_TO_MS : Number(body.validForMs);
  if (!Number.isSafeInteger(validForMs) || validForMs < MIN_VALID_UP_TO_MS || validForMs > MAX_VALID_UP_TO_MS)
    return `validForMs must be ${MIN_VALID_UP_TO_MS}..${MAX_VALID_UP_TO_MS}`;
  const made: SnapPayment[] = [];
  const now = ctx.clock.now();
  for (const [i, x] of items.entries()) {
    const it = obj(x);
    const prn = str(it?.partnerReferenceNo);
    const ext = str(it?.externalId);
    const amountSen = it?.amountSen;
    if (!prn || !/^[A-Za-z0-9\-_~.]{1,64}$/.test(prn)) return `payments[${i}].partnerReferenceNo is not a partner reference`;
    if (!ext || ext.length > 36) return `payments[${i}].externalId must be 1..36 characters`;
    if (typeof amountSen !== "number" || !Number.isSafeInteger(amountSen) || amountSen < 100) return `payments[${i}].amountSen must be a whole number ≥ 100`;
    made.push({
      referenceNo: referenceNo(now),
      partnerReferenceNo: prn,
      externalId: ext,
      amountSen,
      status: SNAP_STATUS.pending,
      tokenized: false,
      createdAt: now,
      validUpTo: now + validForMs,
      refunds: [],
    });
  }
  // All or nothing: nothing is stored until every item has passed.
  for (const p of made) ctx.state.snapPayments.push(p);
  ctx.touch();
  return made.map((p) => p.referenceNo);
}

function find(ctx: Ctx, b: Record<string, unknown>): SnapPayment | undefined {
  const ref = str(b.originalReferenceNo);
  if (ref) return snapByReferenceNo(ctx.state, ref);
  const ext = str(b.originalExternalId);
  if (ext) return lastSnapByExternalId(ctx.state, ext);
  return undefined;
}

function missingRef(svc: string, b: Record<string, unknown>): StoredResponse | undefined {
  if (!str(b.originalReferenceNo) && !str(b.originalExternalId))
    return snapError(400, svc, "02", "Invalid Mandatory Field originalReferenceNo");
  return undefined;
}

const totalRefunded = (p: SnapPayment) => p.refunds.reduce((s, r) => s + r.amountSen, 0);

function refundHistory(p: SnapPayment) {
  return p.refunds.map((r) => ({
    refundNo: r.refundNo,
    partnerRefundNo: r.partnerRefundNo,
    partnerReferenceNo: r.partnerRefundNo,
    refundAmount: idr(r.amountSen),
    refundStatus: "00",
    refundDate: wibIso(r.at),
    refundTime: wibIso(r.at),
    reason: r.reason ?? "",
  }));
}

function userPaymentDetails(p: SnapPayment) {
  return p.payOption ? [{ payMethod: "gopay", payOption: p.payOption, transAmount: idr(p.amountSen) }] : undefined;
}

/** POST /v1.0/debit/status (contract 1.9). */
export function status(ctx: Ctx, req: ApiRequest): Promise<StoredResponse> {
  const svc = SVC.status;
  return snapTransactional(ctx, req, svc, (b) => {
    const missing = missingRef(svc, b);
    if (missing) return missing;
    if (b.serviceCode === undefined) return snapError(400, svc, "02", "Invalid Mandatory Field serviceCode");
    if (!["54", "55", "58"].includes(String(b.serviceCode))) return snapError(400, svc, "01", "Invalid Field Format serviceCode");
    const p = find(ctx, b);
    if (!p) return snapError(404, svc, "01", "Transaction Not Found");
    return json(200, {
      responseCode: "2005500",
      responseMessage: "Successful",
      originalPartnerReferenceNo: p.partnerReferenceNo,
      originalReferenceNo: p.referenceNo,
      originalExternalId: p.externalId,
      serviceCode: String(b.serviceCode),
      latestTransactionStatus: p.status,
      transactionStatusDesc: SNAP_STATUS_DESC[p.status],
      transAmount: idr(p.amountSen),
      ...(p.paidAt !== undefined ? { paidTime: wibIso(p.paidAt) } : {}),
      refundHistory: refundHistory(p),
      additionalInfo: {
        fraudStatus: "accept",
        validUpTo: wibIso(p.validUpTo),
        userPaymentDetails: userPaymentDetails(p) ?? [],
        totalRefundAmount: idr(totalRefunded(p)),
        metadata: p.metadata ?? {},
      },
    });
  });
}

/** POST /v1.0/debit/cancel (contract 1.10): only before payment. */
export function cancel(ctx: Ctx, req: ApiRequest): Promise<StoredResponse> {
  const svc = SVC.cancel;
  return snapTransactional(ctx, req, svc, (b) => {
    const missing = missingRef(svc, b);
    if (missing) return missing;
    const p = find(ctx, b);
    if (!p) return snapError(404, svc, "01", "Transaction Not Found");
    if (p.status !== SNAP_STATUS.pending || p.validUpTo <= ctx.clock.now())
      return snapError(403, svc, "15", "Transaction Not Permitted. Transaction cannot be canceled");
    transition(ctx, p, SNAP_STATUS.canceled);
    return json(200, {
      responseCode: "2005700",
      responseMessage: "Successful",
      originalReferenceNo: p.referenceNo,
      originalPartnerReferenceNo: p.partnerReferenceNo,
      cancelTime: wibIso(p.finishedAt!),
    });
  });
}

/** POST /v1.0/debit/refund (contract 1.10): partial or full, replay by partnerRefundNo. */
export function refund(ctx: Ctx, req: ApiRequest): Promise<StoredResponse> {
  const svc = SVC.refund;
  return snapTransactional(ctx, req, svc, (b) => {
    const missing = missingRef(svc, b);
    if (missing) return missing;
    const prn = b.partnerRefundNo;
    if (prn === undefined || prn === "") return snapError(400, svc, "02", "Invalid Mandatory Field partnerRefundNo");
    if (typeof prn !== "string" || !PARTNER_REFUND_NO_RE.test(prn)) return snapError(400, svc, "01", "Invalid Field Format partnerRefundNo");
    const earlier = snapRefundByPartnerRefundNo(ctx.state, prn);
    if (earlier) return earlier.response; // same refund again: no second refund
    let amountSen: number | undefined;
    if (b.refundAmount !== undefined) {
      const a = obj(b.refundAmount);
      if (!a || typeof a.value !== "string" || !SNAP_AMOUNT_RE.test(a.value) || snapAmountToSen(a.value) < 1)
        return snapError(400, svc, "01", "Invalid Field Format refundAmount.value");
      if (a.currency !== "IDR") return snapError(400, svc, "01", "Invalid Field Format refundAmount.currency");
      amountSen = snapAmountToSen(a.value);
    }
    if (b.reason !== undefined && (typeof b.reason !== "string" || b.reason.length > 256))
      return snapError(400, svc, "01", "Invalid Field Format reason");
    const p = find(ctx, b);
    if (!p) return snapError(404, svc, "01", "Transaction Not Found");
    if (p.status !== SNAP_STATUS.success && p.status !== SNAP_STATUS.refunded)
      return snapError(403, svc, "15", "Transaction Not Permitted. Transaction is not paid");
    const now = ctx.clock.now();
    const window = p.tokenized ? REFUND_WINDOW_TOKENIZED_MS : REFUND_WINDOW_DEEPLINK_MS;
    if (now - (p.paidAt ?? now) > window) return snapError(403, svc, "15", "Transaction Not Permitted. Refund window has passed");
    const remaining = p.amountSen - totalRefunded(p);
    const amount = amountSen ?? remaining;
    if (amount > remaining || remaining <= 0) return snapError(403, svc, "02", "Exceeds Amount Limit");
    const refundNo = `R${randomUUID().replace(/-/g, "").slice(0, 20)}`;
    const response = json(200, {
      responseCode: "2005800",
      responseMessage: "Successful",
      originalReferenceNo: p.referenceNo,
      originalPartnerReferenceNo: p.partnerReferenceNo,
      refundNo,
      partnerRefundNo: prn,
      refundAmount: idr(amount),
      refundTime: wibIso(now),
    });
    addSnapRefund(ctx.state, p, { refundNo, partnerRefundNo: prn, amountSen: amount, reason: str(b.reason), at: now, response });
    transition(ctx, p, SNAP_STATUS.refunded);
    return response;
  });
}

/** Moves a payment to a new status and tells the merchant. */
export function transition(ctx: Ctx, p: SnapPayment, to: SnapStatus, payOption?: PayOption): void {
  const now = ctx.clock.now();
  p.status = to;
  if (to === SNAP_STATUS.success) {
    p.paidAt = now;
    p.payOption = payOption ?? "GOPAY_WALLET";
  }
  if (to !== SNAP_STATUS.refunded) p.finishedAt = now;
  ctx.touch();
  notifySnap(ctx, p);
}

export function notifySnap(ctx: Ctx, p: SnapPayment): void {
  const upd = userPaymentDetails(p);
  ctx.notifier.enqueue("snap", {
    originalReferenceNo: p.referenceNo,
    originalPartnerReferenceNo: p.partnerReferenceNo,
    originalExternalId: p.externalId,
    merchantId: p.merchantId ?? ctx.config.merchantId,
    latestTransactionStatus: p.status,
    transactionStatusDesc: SNAP_STATUS_DESC[p.status],
    createdTime: wibIso(p.createdAt),
    ...(p.paidAt !== undefined ? { finishedTime: wibIso(p.paidAt) } : p.finishedAt !== undefined ? { finishedTime: wibIso(p.finishedAt) } : {}),
    amount: idr(p.amountSen),
    additionalInfo: {
      ...(upd ? { userPaymentDetails: upd } : {}),
      ...(p.refunds.length > 0 ? { refundHistory: refundHistory(p), totalRefundAmount: idr(totalRefunded(p)) } : {}),
    },
  });
}

/** Customer actions (control API / page). Returns an error sentence or undefined. */
export function customerPays(ctx: Ctx, id: string, payOption: string | undefined, customerId: string | undefined): string | undefined {
  const p = lookup(ctx, id);
  if (!p) return `No SNAP payment ${id}`;
  if (p.status !== SNAP_STATUS.pending) return `Payment ${p.referenceNo} is ${SNAP_STATUS_DESC[p.status]}, not Pending`;
  if (p.validUpTo <= ctx.clock.now()) return `Payment ${p.referenceNo} has expired`;
  const option = (payOption ?? "GOPAY_WALLET") as PayOption;
  if (!PAY_OPTIONS.includes(option)) return `payOption must be one of ${PAY_OPTIONS.join(", ")}`;
  if (customerId) {
    const c = customerById(ctx.state, customerId);
    if (!c) return `No customer ${customerId}`;
    if (c.balances[option] < p.amountSen) return `${c.name} has not enough ${option} balance`;
    c.balances[option] -= p.amountSen;
    p.customerId = c.id;
  }
  transition(ctx, p, SNAP_STATUS.success, option);
  return undefined;
}

export function customerEnds(ctx: Ctx, id: string, to: "declined" | "expired"): string | undefined {
  const p = lookup(ctx, id);
  if (!p) return `No SNAP payment ${id}`;
  if (p.status !== SNAP_STATUS.pending) return `Payment ${p.referenceNo} is ${SNAP_STATUS_DESC[p.status]}, not Pending`;
  transition(ctx, p, to === "declined" ? SNAP_STATUS.failed : SNAP_STATUS.expired);
  return undefined;
}

export function lookup(ctx: Ctx, id: string): SnapPayment | undefined {
  return snapByReferenceNo(ctx.state, id) ?? lastSnapByPartnerReferenceNo(ctx.state, id);
}

/** Sweeper: pending payments whose validUpTo has passed become 08 Expiry. */
export function expireDue(ctx: Ctx): void {
  const now = ctx.clock.now();
  for (const p of pendingSnapPayments(ctx.state)) {
    if (p.status === SNAP_STATUS.pending && p.validUpTo <= now) transition(ctx, p, SNAP_STATUS.expired);
  }
}

/**
 * Control: a refund made at GoPay behind the merchant's back (from GoPay's dashboard, say). The
 * payment's state changes as an API refund would, but no notification is sent; the merchant learns
 * of it only from a status query (reconciliation's case). Returns an error sentence or undefined.
 */
export function refundBehindMerchant(ctx: Ctx, id: string, amountSen?: number): string | undefined {
  const p = lookup(ctx, id);
  if (!p) return `No SNAP payment ${id}`;
  if (p.status !== SNAP_STATUS.success && p.status !== SNAP_STATUS.refunded) return `Payment ${p.referenceNo} is ${SNAP_STATUS_DESC[p.status]}, not paid`;
  const remaining = p.amountSen - totalRefunded(p);
  const amount = amountSen ?? remaining;
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > remaining) return `amountSen must be 1..${remaining}`;
  const now = ctx.clock.now();
  const refundNo = `R${randomUUID().replace(/-/g, "").slice(0, 20)}`;
  const partnerRefundNo = `dashboard-${refundNo}`;
  const response = json(200, { responseCode: "2005800", responseMessage: "Successful", originalReferenceNo: p.referenceNo, refundNo, partnerRefundNo, refundAmount: idr(amount), refundTime: wibIso(now) });
  addSnapRefund(ctx.state, p, { refundNo, partnerRefundNo, amountSen: amount, reason: "refund at GoPay (sandbox control)", at: now, response });
  p.status = SNAP_STATUS.refunded;
  ctx.touch();
  return undefined;
}

import { randomUUID } from "node:crypto";
import { wibPlain } from "./clock";
import {
  CORE_IDEMPOTENCY_TTL_MS,
  CORE_STATUS_CODE,
  CUSTOM_EXPIRY_UNIT_MS,
  FAILING_PHONES,
  MAX_CUSTOM_EXPIRY_MS,
  PAY_OPTIONS,
  PRE_AUTH_HOLD_MS,
  REFUND_WINDOW_TOKENIZED_MS,
  type CoreStatus,
  type PayOption,
  parseCoreRupiah,
  senToSnapAmount,
} from "./contract";
import { type Ctx } from "./context";
import { type ApiRequest, header, json, obj, parseObject, str } from "./http";
import {
  authorizedCoreTransactions,
  coreByOrderOrTransactionId,
  customerById,
  customerByPhoneKey,
  hasCoreOrderId,
  payAccountById,
} from "./indexes";
import { coreSignatureKey, sha512Hex } from "./signing";
import { type CoreTransaction, type PayAccount, type StoredResponse, newCustomer, newTokens, phoneKey } from "./state";

/** Core API answers: body `status_code` 2xx → HTTP 200, otherwise the same HTTP status (section 7 ★ in README). */
function core(statusCode: string, body: Record<string, unknown>): StoredResponse {
  const n = Number(statusCode);
  return json(n >= 300 ? n : 200, { status_code: statusCode, ...body });
}

const MSG = {
  401: "Access denied due to unauthorized transaction, please check client or server key",
  404: "The requested resource is not found",
  412: "Merchant cannot modify the status of the transaction",
} as const;

/** Basic auth with the server key, then the Idempotency-Key replay for POSTs, then the handler. */
export function coreCall(
  ctx: Ctx,
  req: ApiRequest,
  handler: (body: Record<string, unknown>) => StoredResponse,
): StoredResponse {
  const auth = header(req, "authorization") ?? "";
  const m = /^Basic\s+(\S+)$/i.exec(auth);
  const decoded = m ? Buffer.from(m[1], "base64").toString("utf8") : "";
  if (decoded !== `${ctx.config.serverKey}:`) return core("401", { status_message: MSG[401] });
  let body: Record<string, unknown> = {};
  if (req.method === "POST") {
    // ★ No body, an empty one or the JSON literal `null` (what midtrans-client sends on unbind,
    // cancel, expire, approve, deny) is a request without fields, as GoPay treats it.
    const parsed = isNullBody(req.raw) ? {} : parseObject(req.raw);
    if (!parsed) return core("413", { status_message: "The request cannot be processed due to malformed syntax in the request body" });
    body = parsed;
  }
  const key = req.method === "POST" ? header(req, "idempotency-key") : undefined;
  if (key) {
    if (key.length > 46) return core("400", { status_message: "Idempotency-Key is longer than 46 characters" });
    const seen = ctx.state.idempotencyKeys[key];
    if (seen && ctx.clock.now() - seen.at <= CORE_IDEMPOTENCY_TTL_MS) return seen.response;
  }
  const response = handler(body);
  if (key) ctx.state.idempotencyKeys[key] = { at: ctx.clock.now(), response };
  ctx.touch();
  return response;
}

function isNullBody(raw: Buffer): boolean {
  return raw.toString("utf8").trim() === "null";
}

function activationActions(ctx: Ctx, a: PayAccount) {
  return [
    { name: "activation-link-url", method: "GET", url: `${ctx.baseUrl()}/_sandbox/link/${a.accountId}` },
    { name: "activation-link-app", method: "GET", url: `${ctx.baseUrl()}/_sandbox/link/${a.accountId}?app=1` },
  ];
}

/** POST /v2/pay/account */
export function createPayAccount(ctx: Ctx, b: Record<string, unknown>): StoredResponse {
  if (b.payment_type !== "gopay") return core("400", { status_message: "payment_type must be gopay", validation_messages: ["payment_type must be gopay"] });
  const partner = obj(b.gopay_partner);
  const phone = str(partner?.phone_number);
  if (!phone || !/^\+?\d{6,15}$/.test(phone))
    return core("400", { status_message: "gopay_partner.phone_number is required", validation_messages: ["gopay_partner.phone_number is required"] });
  const key = phoneKey(phone);
  const failing = FAILING_PHONES[key];
  if (failing)
    return core("202", {
      status_message: "Account linking failed",
      payment_type: "gopay",
      channel_response_code: failing.code,
      channel_response_message: failing.message,
    });
  let customer = customerByPhoneKey(ctx.state, key);
  if (!customer) {
    customer = newCustomer(ctx.state.customers.length + 1, `62${key}`);
    ctx.state.customers.push(customer);
  }
  const a: PayAccount = {
    accountId: randomUUID(),
    customerId: customer.id,
    phone: customer.phone,
    status: "PENDING",
    createdAt: ctx.clock.now(),
    tokens: newTokens(),
  };
  ctx.state.payAccounts.push(a);
  return core("201", { payment_type: "gopay", account_id: a.accountId, account_status: "PENDING", actions: activationActions(ctx, a) });
}

/** GET /v2/pay/account/{id} */
export function getPayAccount(ctx: Ctx, id: string): StoredResponse {
  const a = payAccountById(ctx.state, id);
  if (!a) return core("404", { status_message: "Account not found" });
  const base = { payment_type: "gopay", account_id: a.accountId, account_status: a.status };
  if (a.status === "PENDING") return core("201", { ...base, actions: activationActions(ctx, a) });
  if (a.status !== "ENABLED") return core("204", base);
  const c = customerById(ctx.state, a.customerId)!;
  return core("200", {
    ...base,
    metadata: {
      payment_options: PAY_OPTIONS.map((name) => ({
        name,
        active: true,
        balance: { value: senToSnapAmount(c.balances[name]), currency: "IDR" },
        metadata: {},
        token: a.tokens[name],
      })),
    },
  });
}

/** POST /v2/pay/account/{id}/unbind */
export function unbindPayAccount(ctx: Ctx, id: string): StoredResponse {
  const a = payAccountById(ctx.state, id);
  if (!a) return core("404", { status_message: "Account not found" });
  // An account never activated (linking pending, or declined/expired) cannot be unbound: 412.
  if (a.status === "PENDING" || a.status === "EXPIRED")
    return core("412", { status_message: "Account is not activated", payment_type: "gopay", account_id: a.accountId, account_status: a.status });
  // Already unbound: GoPay's documented failure shape, 202 with a channel code.
  if (a.status !== "ENABLED")
    return core("202", { status_message: "Account is not enabled", payment_type: "gopay", account_id: a.accountId, account_status: a.status, channel_response_code: "1001", channel_response_message: "Account is not enabled" });
  setAccountStatus(ctx, a, "DISABLED");
  return core("204", { payment_type: "gopay", account_id: a.accountId, account_status: "DISABLED", channel_response_code: "0", channel_response_message: "Process service request successfully." });
}

/**
 * ★ Why an account changed, as the notification's `status_message`. GoPay's docs say the
 * pay-account notification is also sent on an in-app unlink and on a phone-number change but only
 * show the linking text; these two messages are ours (the body is otherwise the same).
 */
export const PAY_ACCOUNT_NOTIFY_MESSAGE = {
  linked: "Midtrans account_linked notification",
  unlinkedByUser: "Midtrans account unlinked by user",
  phoneChanged: "Midtrans account phone number changed",
} as const;

export function setAccountStatus(ctx: Ctx, a: PayAccount, to: PayAccount["status"], statusMessage: string = PAY_ACCOUNT_NOTIFY_MESSAGE.linked): void {
  a.status = to;
  if (to === "ENABLED") a.tokens = newTokens();
  ctx.touch();
  const statusCode = to === "ENABLED" ? "200" : "204";
  ctx.notifier.enqueue("payAccount", {
    account_id: a.accountId,
    merchant_id: ctx.config.merchantId,
    payment_type: "gopay",
    // ★ formula unpublished; ours, documented in README. Loket confirms with GET anyway.
    signature_key: sha512Hex(a.accountId + statusCode + ctx.config.serverKey),
    status_code: statusCode,
    account_status: to,
    status_message: statusMessage,
  });
}

function txBody(ctx: Ctx, t: CoreTransaction) {
  const refunded = t.refunds.reduce((s, r) => s + r.amountSen, 0);
  return {
    status_code: CORE_STATUS_CODE[t.status],
    transaction_id: t.transactionId,
    order_id: t.orderId,
    merchant_id: ctx.config.merchantId,
    gross_amount: senToSnapAmount(t.amountSen),
    currency: "IDR",
    payment_type: "gopay",
    transaction_time: wibPlain(t.createdAt),
    transaction_status: t.status,
    fraud_status: "accept",
    payment_option_type: t.payOption,
    ...(t.settledAt !== undefined ? { settlement_time: wibPlain(t.settledAt) } : {}),
    ...(t.holdExpiresAt !== undefined ? { expiry_time: wibPlain(t.holdExpiresAt) } : {}),
    ...(t.refunds.length > 0
      ? {
          refund_amount: senToSnapAmount(refunded),
          refunds: t.refunds.map((r) => ({
            refund_chargeback_id: r.chargebackId,
            refund_amount: senToSnapAmount(r.amountSen),
            created_at: wibPlain(r.at),
            reason: r.reason ?? "",
            refund_key: r.refundKey,
          })),
        }
      : {}),
  };
}

function notifyCore(ctx: Ctx, t: CoreTransaction): void {
  const body = txBody(ctx, t);
  ctx.notifier.enqueue(
    "core",
    {
      ...body,
      status_message: "midtrans payment notification",
      signature_key: coreSignatureKey(t.orderId, body.status_code, body.gross_amount, ctx.config.serverKey),
    },
    t.notifyUrls && (t.notifyUrls.override ? t.notifyUrls.urls : [ctx.config.coreNotifyUrl, ...t.notifyUrls.urls]),
  );
}

/**
 * X-Override-Notification / X-Append-Notification on a charge (D:override-notification-url): up to
 * three comma-separated URLs; override replaces the dashboard URL, append adds to it, override wins
 * when both are sent; every transaction notification of that transaction goes there.
 * ★ More than three, or one that is not an http(s) URL → 400 (GoPay's answer is not documented).
 */
export function notifyTargets(req: ApiRequest): { urls?: { override: boolean; urls: string[] } } | { error: string } {
  const override = header(req, "x-override-notification");
  const append = header(req, "x-append-notification");
  const raw = override ?? append;
  if (raw === undefined) return {};
  const name = override !== undefined ? "X-Override-Notification" : "X-Append-Notification";
  const list = raw.split(",").map((u) => u.trim()).filter((u) => u !== "");
  if (list.length === 0 || list.length > 3) return { error: `${name} takes one to three comma-separated URLs` };
  for (const u of list) {
    let ok = false;
    try {
      ok = ["http:", "https:"].includes(new URL(u).protocol);
    } catch {
      ok = false;
    }
    if (!ok) return { error: `${name}: ${u} is not an http(s) URL` };
  }
  return { urls: { override: override !== undefined, urls: list } };
}

function setTx(ctx: Ctx, t: CoreTransaction, to: CoreStatus): void {
  t.status = to;
  ctx.touch();
  notifyCore(ctx, t);
}

/** POST /v2/charge */
export function charge(ctx: Ctx, b: Record<string, unknown>, targets: ReturnType<typeof notifyTargets> = {}): StoredResponse {
  const bad = (m: string) => core("400", { status_message: m, validation_messages: [m] });
  if ("error" in targets) return bad(targets.error);
  if (b.payment_type !== "gopay") return bad("payment_type must be gopay");
  const td = obj(b.transaction_details);
  const orderId = str(td?.order_id);
  if (!orderId || !/^[A-Za-z0-9\-_~.]{1,50}$/.test(orderId)) return bad("transaction_details.order_id is required (≤ 50 of A-Z a-z 0-9 - _ ~ .)");
  const rupiah = parseCoreRupiah(td?.gross_amount);
  if (rupiah === undefined) return bad("transaction_details.gross_amount must be a positive integer of rupiah");
  const gp = obj(b.gopay);
  const accountId = str(gp?.account_id);
  const token = str(gp?.payment_option_token);
  if (!accountId || !token) return bad("gopay.account_id and gopay.payment_option_token are required");
  const preAuth = gp?.pre_auth === true;
  let holdMs = PRE_AUTH_HOLD_MS;
  if (b.custom_expiry !== undefined) {
    const ce = obj(b.custom_expiry);
    const d = ce?.expiry_duration;
    const unitMs = CUSTOM_EXPIRY_UNIT_MS[String(ce?.unit)];
    if (typeof d !== "number" || !Number.isInteger(d) || d <= 0 || !unitMs) return bad("custom_expiry needs expiry_duration (integer) and unit (second|minute|hour|day)");
    if (d * unitMs > MAX_CUSTOM_EXPIRY_MS) return bad("custom_expiry is longer than 7 days");
    holdMs = d * unitMs;
  }
  if (hasCoreOrderId(ctx.state, orderId))
    return core("406", { status_message: "Duplicate order ID. Order ID has already been utilized previously." });
  const a = payAccountById(ctx.state, accountId);
  const option = a && a.status === "ENABLED" ? PAY_OPTIONS.find((o) => a.tokens[o] === token) : undefined;
  if (!a || !option) return core("411", { status_message: "Token is invalid or the account is not enabled" });
  const c = customerById(ctx.state, a.customerId)!;
  const now = ctx.clock.now();
  const t: CoreTransaction = {
    transactionId: randomUUID(),
    orderId,
    accountId,
    customerId: c.id,
    payOption: option,
    amountSen: rupiah * 100,
    status: "deny",
    preAuth,
    createdAt: now,
    refunds: [],
    ...(targets.urls ? { notifyUrls: targets.urls } : {}),
  };
  ctx.state.coreTransactions.push(t);
  if (c.balances[option] < t.amountSen) {
    setTx(ctx, t, "deny");
    return core("202", { ...txBody(ctx, t), status_message: "GoPay transaction is denied", channel_response_code: "201", channel_response_message: "Insufficient Balance" });
  }
  c.balances[option] -= t.amountSen; // a hold takes the money aside; release gives it back
  if (preAuth) t.holdExpiresAt = now + holdMs;
  else t.settledAt = now;
  setTx(ctx, t, preAuth ? "authorize" : "settlement");
  return core("200", { ...txBody(ctx, t), status_message: "Success, GoPay transaction is successful", channel_response_code: "200", channel_response_message: "Success" });
}

function findTx(ctx: Ctx, id: string): CoreTransaction | undefined {
  return coreByOrderOrTransactionId(ctx.state, id);
}

function release(ctx: Ctx, t: CoreTransaction): void {
  const c = customerById(ctx.state, t.customerId);
  if (c) c.balances[t.payOption] += t.amountSen;
  setTx(ctx, t, "cancel");
}

/** POST /v2/capture — full amount only (S003), only from authorize. */
export function capture(ctx: Ctx, b: Record<string, unknown>): StoredResponse {
  const id = str(b.transaction_id);
  if (!id) return core("400", { status_message: "transaction_id is required", validation_messages: ["transaction_id is required"] });
  const t = findTx(ctx, id);
  if (!t) return core("404", { status_message: MSG[404] });
  expireHoldsDue(ctx);
  if (t.status !== "authorize") return core("412", { status_message: MSG[412] });
  if (b.gross_amount !== undefined) {
    const rupiah = parseCoreRupiah(b.gross_amount);
    if (rupiah === undefined || rupiah * 100 !== t.amountSen)
      return core("412", { status_message: "Capture amount must equal the authorized amount (no partial capture)" });
  }
  t.settledAt = ctx.clock.now();
  setTx(ctx, t, "settlement");
  return core("200", { ...txBody(ctx, t), status_message: "Success, GoPay capture is successful" });
}

/** POST /v2/{id}/cancel — pending or authorize (releases the hold). */
export function cancelTx(ctx: Ctx, id: string): StoredResponse {
  const t = findTx(ctx, id);
  if (!t) return core("404", { status_message: MSG[404] });
  expireHoldsDue(ctx);
  if (t.status !== "authorize" && t.status !== "pending") return core("412", { status_message: MSG[412] });
  release(ctx, t);
  // The cancel call answers 200 (contract 2.3) although a cancel notification carries 202.
  return core("200", { ...txBody(ctx, t), status_code: "200", status_message: "Success, transaction is canceled" });
}

/** POST /v2/{id}/refund {refund_key, amount, reason} */
export function refundTx(ctx: Ctx, id: string, b: Record<string, unknown>): StoredResponse {
  const t = findTx(ctx, id);
  if (!t) return core("404", { status_message: MSG[404] });
  const key = b.refund_key === undefined ? `rk-${randomUUID()}` : str(b.refund_key);
  if (!key || key.length > 50) return core("400", { status_message: "refund_key must be a non-empty string of at most 50 characters" });
  const earlier = t.refunds.find((r) => r.refundKey === key);
  if (earlier) return earlier.response;
  if (t.status !== "settlement" && t.status !== "partial_refund") return core("412", { status_message: MSG[412] });
  const now = ctx.clock.now();
  if (now - (t.settledAt ?? now) > REFUND_WINDOW_TOKENIZED_MS) return core("412", { status_message: "Refund window (180 days) has passed" });
  const refunded = t.refunds.reduce((s, r) => s + r.amountSen, 0);
  const remaining = t.amountSen - refunded;
  let amountSen = remaining;
  if (b.amount !== undefined) {
    const r = parseCoreRupiah(b.amount);
    if (r === undefined) return core("414", { status_message: "Refund amount must be a positive integer of rupiah" });
    amountSen = r * 100;
  }
  if (amountSen > remaining || amountSen <= 0) return core("414", { status_message: "Refund amount is greater than the remaining amount" });
  const c = customerById(ctx.state, t.customerId);
  if (c) c.balances[t.payOption] += amountSen;
  const chargebackId = ctx.state.seq++;
  const refund = { refundKey: key, chargebackId, amountSen, reason: str(b.reason), at: now, response: json(200, {}) };
  t.refunds.push(refund);
  setTx(ctx, t, amountSen === remaining ? "refund" : "partial_refund");
  refund.response = core("200", {
    ...txBody(ctx, t),
    status_message: "Success, refund request is approved",
    refund_chargeback_id: chargebackId,
    refund_amount: senToSnapAmount(amountSen),
    refund_key: key,
  });
  return refund.response;
}

/**
 * POST /v2/{id}/expire — only a pending transaction can be expired. ★ Every sandbox GoPay charge
 * settles, authorizes or is denied at once, so in practice this answers 404 or 412.
 */
export function expireTx(ctx: Ctx, id: string): StoredResponse {
  const t = findTx(ctx, id);
  if (!t) return core("404", { status_message: MSG[404] });
  if (t.status !== "pending") return core("412", { status_message: MSG[412] });
  setTx(ctx, t, "expire");
  // ★ GoPay's expire answers body status_code 407 on HTTP 200, as the status of an expired one does.
  return json(200, { ...txBody(ctx, t), status_code: "407", status_message: "Success, transaction has expired" });
}

/** POST /v2/{id}/approve | deny — card fraud challenge only; a GoPay transaction is never in challenge. */
export function challengeTx(ctx: Ctx, id: string): StoredResponse {
  const t = findTx(ctx, id);
  if (!t) return core("404", { status_message: MSG[404] });
  return core("412", { status_message: MSG[412] });
}

/** GET /v2/{id}/status */
export function statusTx(ctx: Ctx, id: string): StoredResponse {
  const t = findTx(ctx, id);
  if (!t) return core("404", { status_message: "Transaction doesn't exist." });
  const body = txBody(ctx, t);
  return core(body.status_code, { ...body, status_message: "Success, transaction is found" });
}

/** Sweeper and control: holds past their expiry are released (status cancel) with a notification. */
export function expireHoldsDue(ctx: Ctx): void {
  const now = ctx.clock.now();
  for (const t of authorizedCoreTransactions(ctx.state)) {
    if (t.status === "authorize" && t.holdExpiresAt !== undefined && t.holdExpiresAt <= now) release(ctx, t);
  }
}

export function expireHoldNow(ctx: Ctx, id: string): string | undefined {
  const t = findTx(ctx, id);
  if (!t) return `No Core transaction ${id}`;
  if (t.status !== "authorize") return `Transaction ${t.orderId} is ${t.status}, not authorize`;
  t.holdExpiresAt = ctx.clock.now();
  release(ctx, t);
  return undefined;
}

export function payAccountAction(ctx: Ctx, id: string, action: string): string | undefined {
  const a = payAccountById(ctx.state, id);
  if (!a) return `No pay account ${id}`;
  const need = action === "complete" || action === "decline" ? "PENDING" : "ENABLED";
  if (a.status !== need) return `Pay account ${id} is ${a.status}, not ${need}`;
  const to: PayAccount["status"] = action === "complete" ? "ENABLED" : action === "decline" ? "EXPIRED" : "DISABLED";
  const message =
    action === "unbind" ? PAY_ACCOUNT_NOTIFY_MESSAGE.unlinkedByUser : action === "phone-change" ? PAY_ACCOUNT_NOTIFY_MESSAGE.phoneChanged : undefined;
  setAccountStatus(ctx, a, to, message);
  return undefined;
}

export type { PayOption };

/**
 * Control: a refund made at GoPay behind the merchant's back. The transaction's state changes as an
 * API refund would, but no notification is sent. Returns an error sentence or undefined.
 */
export function refundBehindMerchant(ctx: Ctx, id: string, amountSen?: number): string | undefined {
  const t = findTx(ctx, id);
  if (!t) return `No Core transaction ${id}`;
  if (t.status !== "settlement" && t.status !== "partial_refund") return `Transaction ${t.orderId} is ${t.status}, not settlement`;
  const remaining = t.amountSen - t.refunds.reduce((s, r) => s + r.amountSen, 0);
  const amount = amountSen ?? remaining;
  if (!Number.isSafeInteger(amount) || amount < 100 || amount % 100 !== 0 || amount > remaining) return `amountSen must be whole rupiah, 100..${remaining}`;
  const c = customerById(ctx.state, t.customerId);
  if (c) c.balances[t.payOption] += amount;
  const chargebackId = ctx.state.seq++;
  t.refunds.push({ refundKey: `dashboard-${chargebackId}`, chargebackId, amountSen: amount, reason: "refund at GoPay (sandbox control)", at: ctx.clock.now(), response: json(200, {}) });
  t.status = amount === remaining ? "refund" : "partial_refund";
  ctx.touch();
  return undefined;
}

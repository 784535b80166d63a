import { z } from "zod";
import { toCoreGrossAmount, type Minor } from "~/lib/money";
import { GopayError, kindFromCoreCode, kindFromHttpStatus } from "./errors";
import type { HttpMethod, HttpSender, RawResponse, RetryPolicy } from "./http.server";
import { coreRefundEntry, decimalAmount, parseResponse } from "./validate.server";

/** Legacy Midtrans Core API for GoPay tokenization and pre-auth: contract §2 and §7. */

export interface CoreConfig {
  baseUrl: string;
  serverKey: string;
}

const action = z.object({ name: z.string(), method: z.string().optional(), url: z.string() }).passthrough();
const head = { status_code: z.string(), status_message: z.string().optional() };

// ---- pay accounts ---------------------------------------------------------------------------

export type PayAccountStatus = "PENDING" | "ENABLED" | "EXPIRED" | "DISABLED";

const payAccountSchema = z
  .object({
    ...head,
    payment_type: z.string().optional(),
    account_id: z.string().optional(),
    account_status: z.enum(["PENDING", "ENABLED", "EXPIRED", "DISABLED"]).optional(),
    actions: z.array(action).optional(),
    channel_response_code: z.string().optional(),
    channel_response_message: z.string().optional(),
    metadata: z
      .object({
        payment_options: z
          .array(
            z
              .object({
                name: z.string(),
                active: z.boolean().optional(),
                balance: z.object({ value: decimalAmount, currency: z.string() }).optional(),
                token: z.string().optional(),
                metadata: z.record(z.unknown()).optional(),
              })
              .transform((o) => ({ name: o.name, active: o.active ?? false, balance: o.balance?.value, token: o.token, metadata: o.metadata })),
          )
          .optional(),
      })
      .passthrough()
      .optional(),
  })
  .transform((a) => ({
    statusCode: a.status_code,
    statusMessage: a.status_message,
    accountId: a.account_id,
    accountStatus: a.account_status,
    actions: a.actions ?? [],
    paymentOptions: a.metadata?.payment_options ?? [],
    channelResponseCode: a.channel_response_code,
    channelResponseMessage: a.channel_response_message,
  }));
export type PayAccount = z.output<typeof payAccountSchema>;

export interface CreatePayAccountRequest {
  /** Digits without country code, e.g. "81234567890". */
  phoneNumber: string;
  countryCode: string;
  redirectUrl?: string;
  idempotencyKey?: string;
}

// ---- transactions ---------------------------------------------------------------------------

export type CoreTransactionStatus =
  | "authorize"
  | "capture"
  | "settlement"
  | "pending"
  | "deny"
  | "cancel"
  | "expire"
  | "failure"
  | "refund"
  | "partial_refund";

const transactionSchema = z
  .object({
    ...head,
    transaction_id: z.string(),
    order_id: z.string(),
    gross_amount: decimalAmount,
    currency: z.string().optional(),
    payment_type: z.string().optional(),
    transaction_time: z.string().optional(),
    transaction_status: z.enum(["authorize", "capture", "settlement", "pending", "deny", "cancel", "expire", "failure", "refund", "partial_refund"]),
    fraud_status: z.string().optional(),
    actions: z.array(action).optional(),
    channel_response_code: z.string().optional(),
    channel_response_message: z.string().optional(),
    settlement_time: z.string().optional(),
    expiry_time: z.string().optional(),
    payment_option_type: z.string().optional(),
    refund_amount: decimalAmount.optional(),
    refund_key: z.string().optional(),
    refund_chargeback_id: z.union([z.string(), z.number()]).optional(),
    refunds: z.array(coreRefundEntry).optional(),
  })
  .transform((t) => ({
    statusCode: t.status_code,
    statusMessage: t.status_message,
    transactionId: t.transaction_id,
    orderId: t.order_id,
    grossAmount: t.gross_amount,
    currency: t.currency ?? "IDR",
    paymentType: t.payment_type,
    transactionTime: t.transaction_time,
    transactionStatus: t.transaction_status as CoreTransactionStatus,
    fraudStatus: t.fraud_status,
    actions: t.actions ?? [],
    channelResponseCode: t.channel_response_code,
    channelResponseMessage: t.channel_response_message,
    settlementTime: t.settlement_time,
    expiryTime: t.expiry_time,
    paymentOptionType: t.payment_option_type,
    refundAmount: t.refund_amount,
    refundKey: t.refund_key,
    refunds: t.refunds ?? [],
  }));
export type CoreTransaction = z.output<typeof transactionSchema>;

export interface ChargeRequest {
  idempotencyKey: string;
  orderId: string;
  amount: Minor;
  accountId: string;
  paymentOptionToken: string;
  preAuth?: boolean;
  callbackUrl?: string;
  recurring?: boolean;
  /** Hold / payment expiry (GoPay max 7 days). */
  customExpiry?: { expiryDuration: number; unit: "second" | "minute" | "hour" | "day" };
}

export interface CaptureRequest {
  idempotencyKey: string;
  transactionId: string;
  /** Full authorised amount (no partial capture). */
  amount: Minor;
}

export interface CoreRefundRequest {
  idempotencyKey: string;
  orderId: string;
  /** Our refund id; the same key again returns the original result. */
  refundKey: string;
  /** Omitted = full refund. */
  amount?: Minor;
  reason?: string;
}

export interface CoreClient {
  /** Core `POST /v2/pay/account` — start linking a customer's GoPay account. */
  createPayAccount(req: CreatePayAccountRequest): Promise<PayAccount>;
  /** Core `GET /v2/pay/account/{account_id}` — linking state and payment options (tokens). */
  getPayAccount(accountId: string): Promise<PayAccount>;
  /** Core `POST /v2/pay/account/{account_id}/unbind` — unlink an account. */
  unbindPayAccount(accountId: string, opts?: { idempotencyKey?: string }): Promise<PayAccount>;
  /** Core `POST /v2/charge` — tokenized GoPay charge, optionally a pre-auth hold. */
  charge(req: ChargeRequest): Promise<CoreTransaction>;
  /** Core `POST /v2/capture` — capture an authorised pre-auth hold in full. */
  capture(req: CaptureRequest): Promise<CoreTransaction>;
  /** Core `POST /v2/{order_id}/cancel` — cancel a pending charge or release a hold. */
  cancel(orderId: string, opts: { idempotencyKey: string }): Promise<CoreTransaction>;
  /** Core `POST /v2/{order_id}/refund` — refund all or part of a settled charge. */
  refund(req: CoreRefundRequest): Promise<CoreTransaction>;
  /** Core `GET /v2/{order_id}/status` — current status; `expire` (status_code 407) is a result, not an error. */
  status(orderId: string): Promise<CoreTransaction>;
}

const seg = (s: string) => encodeURIComponent(s);

export function createCoreClient(cfg: CoreConfig, http: HttpSender): CoreClient {
  const authorization = `Basic ${Buffer.from(`${cfg.serverKey}:`, "utf8").toString("base64")}`;

  function coreError(op: string, res: RawResponse, requestId: string | undefined, mutating: boolean): GopayError {
    const body = res.json as { status_code?: unknown; status_message?: unknown; error_messages?: unknown } | undefined;
    const code = typeof body?.status_code === "string" || typeof body?.status_code === "number" ? String(body.status_code) : undefined;
    const kind = code ? kindFromCoreCode(code) : kindFromHttpStatus(res.status);
    const serverSide = kind === "server" || res.status >= 500;
    const messages = Array.isArray(body?.error_messages) ? body.error_messages.filter((m) => typeof m === "string").join("; ") : "";
    return new GopayError({
      kind,
      api: "core",
      operation: op,
      requestId,
      httpStatus: res.status,
      responseCode: code,
      message: (typeof body?.status_message === "string" ? body.status_message : "") || messages || `Midtrans answered HTTP ${res.status} to ${op}`,
      retryable: serverSide || kind === "rate_limit",
      outcomeUnknown: mutating && serverSide,
      body: res.json ?? res.text.slice(0, 2000),
    });
  }

  async function call<S extends z.ZodTypeAny>(
    op: string,
    method: HttpMethod,
    path: string,
    body: Record<string, unknown> | undefined,
    idempotencyKey: string | undefined,
    retry: RetryPolicy,
    schema: S,
    okCodes: (code: string) => boolean = (c) => Number(c) < 400,
  ): Promise<z.output<S>> {
    const mutating = retry !== "read";
    const res = await http.send({
      api: "core",
      operation: op,
      method,
      baseUrl: cfg.baseUrl,
      path,
      body,
      requestId: idempotencyKey,
      retry,
      headers: () => ({
        Accept: "application/json",
        ...(body ? { "Content-Type": "application/json" } : {}),
        Authorization: authorization,
        ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}),
      }),
    });
    const code = (res.json as { status_code?: unknown } | undefined)?.status_code;
    const codeText = typeof code === "string" || typeof code === "number" ? String(code) : undefined;
    // Core puts the real outcome in the body: status_code >= 400 is an error even with HTTP 200.
    // A 2xx without any status_code falls through to the schema, which reports invalid_response.
    const ok = codeText === undefined ? res.status < 400 : okCodes(codeText) && (res.status < 400 || res.status === 407);
    if (!ok) throw coreError(op, res, idempotencyKey, mutating);
    return parseResponse(schema, res.json, { api: "core", operation: op, requestId: idempotencyKey, httpStatus: res.status, text: res.text, mutating });
  }

  const needKey = (op: string, key: string | undefined) => {
    if (!key) throw new TypeError(`${op}: idempotencyKey is required`);
  };

  return {
    async createPayAccount(req) {
      const body = {
        payment_type: "gopay",
        gopay_partner: {
          phone_number: req.phoneNumber,
          country_code: req.countryCode,
          ...(req.redirectUrl ? { redirect_url: req.redirectUrl } : {}),
        },
      };
      return call("core.createPayAccount", "POST", "/v2/pay/account", body, req.idempotencyKey, req.idempotencyKey ? "same-key" : "none", payAccountSchema);
    },
    async getPayAccount(accountId) {
      return call("core.getPayAccount", "GET", `/v2/pay/account/${seg(accountId)}`, undefined, undefined, "read", payAccountSchema);
    },
    async unbindPayAccount(accountId, opts) {
      const key = opts?.idempotencyKey;
      return call("core.unbindPayAccount", "POST", `/v2/pay/account/${seg(accountId)}/unbind`, {}, key, key ? "same-key" : "none", payAccountSchema);
    },
    async charge(req) {
      needKey("core.charge", req.idempotencyKey);
      const body = {
        payment_type: "gopay",
        transaction_details: { order_id: req.orderId, gross_amount: toCoreGrossAmount(req.amount) },
        gopay: {
          account_id: req.accountId,
          payment_option_token: req.paymentOptionToken,
          ...(req.callbackUrl ? { callback_url: req.callbackUrl } : {}),
          ...(req.recurring !== undefined ? { recurring: req.recurring } : {}),
          ...(req.preAuth ? { pre_auth: true } : {}),
        },
        ...(req.customExpiry ? { custom_expiry: { expiry_duration: req.customExpiry.expiryDuration, unit: req.customExpiry.unit } } : {}),
      };
      return call("core.charge", "POST", "/v2/charge", body, req.idempotencyKey, "same-key", transactionSchema);
    },
    async capture(req) {
      needKey("core.capture", req.idempotencyKey);
      const body = { transaction_id: req.transactionId, gross_amount: toCoreGrossAmount(req.amount) };
      return call("core.capture", "POST", "/v2/capture", body, req.idempotencyKey, "same-key", transactionSchema);
    },
    async cancel(orderId, opts) {
      needKey("core.cancel", opts.idempotencyKey);
      return call("core.cancel", "POST", `/v2/${seg(orderId)}/cancel`, {}, opts.idempotencyKey, "same-key", transactionSchema);
    },
    async refund(req) {
      needKey("core.refund", req.idempotencyKey);
      const body = {
        refund_key: req.refundKey,
        ...(req.amount !== undefined ? { amount: toCoreGrossAmount(req.amount) } : {}),
        ...(req.reason ? { reason: req.reason } : {}),
      };
      return call("core.refund", "POST", `/v2/${seg(req.orderId)}/refund`, body, req.idempotencyKey, "same-key", transactionSchema);
    },
    async status(orderId) {
      return call("core.status", "GET", `/v2/${seg(orderId)}/status`, undefined, undefined, "read", transactionSchema, (c) => Number(c) < 400 || c === "407");
    },
  };
}

import { createPrivateKey, type KeyObject } from "node:crypto";
import { z } from "zod";
import { toSnapAmount, type Minor } from "~/lib/money";
import { toWibIso } from "~/lib/time";
import { GopayError, kindFromSnapCode } from "./errors";
import type { HttpSender, RawResponse, RetryPolicy } from "./http.server";
import { signAccessToken, signTransaction, xTimestamp } from "./signing.server";
import { parseResponse, snapMoney, snapRefundEntry } from "./validate.server";

/** SNAP BI (Midtrans "BI-SNAP Core API") for GoPay: contract §1 and §7. */

export const SNAP_PATHS = {
  accessToken: "/v1.0/access-token/b2b",
  payment: "/v1.0/debit/payment-host-to-host",
  status: "/v1.0/debit/status",
  cancel: "/v1.0/debit/cancel",
  refund: "/v1.0/debit/refund",
} as const;

/** Refresh this long before the token's stated expiry (contract §7). */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

export interface SnapConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  partnerId: string;
  channelId: string;
  merchantId: string;
  /** Merchant RSA private key (PKCS#8 PEM) for the access-token signature. */
  privateKeyPem: string | KeyObject;
  /** X-DEVICE-ID when a call does not give one. */
  deviceId?: string;
  /** false = fetch a token per call (the official SDKs' default); benchmarks compare both. */
  tokenCache?: boolean;
  now?: () => Date;
}

/** `latestTransactionStatus` codes (contract §1.12). */
export const SNAP_STATUS = {
  "00": "success",
  "01": "initiated",
  "02": "paying",
  "03": "pending",
  "04": "refunded",
  "05": "canceled",
  "06": "failed",
  "07": "not_found",
  "08": "expired",
  "09": "rejected",
} as const;
export type SnapStatusCode = keyof typeof SNAP_STATUS;
export type SnapStatusName = (typeof SNAP_STATUS)[SnapStatusCode];

const statusCode = z.enum(Object.keys(SNAP_STATUS) as [SnapStatusCode, ...SnapStatusCode[]]);
const responseHead = { responseCode: z.string().regex(/^\d{7}$/), responseMessage: z.string() };

// ---- request / response types -------------------------------------------------------------

export interface SnapCallOptions {
  /** X-EXTERNAL-ID: the caller's idempotency key for this intent; retries reuse it. */
  externalId: string;
  /** X-DEVICE-ID (customer's device / user agent) when known. */
  deviceId?: string;
}

export interface SnapCustomerDetails {
  phone?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
}

export interface SnapItem {
  id?: string;
  name?: string;
  price: Minor;
  quantity: number;
  category?: string;
}

export interface SnapPaymentRequest extends SnapCallOptions {
  /** Our order id (partnerReferenceNo). */
  partnerReferenceNo: string;
  amount: Minor;
  /** Where GoPay sends the customer back (urlParam PAY_RETURN). */
  returnUrl?: string;
  returnIsDeeplink?: boolean;
  validUpTo?: Date;
  /** Docs: "same as Authorization"; the node SDK sends "". Kept stable so a same-key resend has the same body. */
  chargeToken?: string;
  customer?: SnapCustomerDetails;
  items?: SnapItem[];
  metadata?: Record<string, string>;
  /** Point-of-purchase id; required for Mini App payments. */
  pointOfPurchaseId?: string;
}

const paymentSchema = z.object({
  ...responseHead,
  referenceNo: z.string().optional(),
  partnerReferenceNo: z.string(),
  webRedirectUrl: z.string().min(1),
  appRedirectUrl: z.string().optional(),
  additionalInfo: z
    .object({
      paymentType: z.string().optional(),
      grossAmount: snapMoney.optional(),
      transactionTime: z.string().optional(),
      validUpTo: z.string().optional(),
    })
    .partial()
    .optional(),
});
export type SnapPaymentResponse = z.output<typeof paymentSchema>;

export interface SnapOriginalRef {
  /** GoPay's referenceNo; wins over originalExternalId when both are given. */
  originalReferenceNo?: string;
  /** The X-EXTERNAL-ID of the original payment call. */
  originalExternalId?: string;
}

export interface SnapStatusRequest extends SnapCallOptions, SnapOriginalRef {
  /** "54" payment (default) or "58" refund. */
  serviceCode?: "54" | "58";
}

const statusSchema = z
  .object({
    ...responseHead,
    originalReferenceNo: z.string(),
    originalPartnerReferenceNo: z.string().optional(),
    originalExternalId: z.string().optional(),
    serviceCode: z.string().optional(),
    latestTransactionStatus: statusCode,
    transactionStatusDesc: z.string().optional(),
    transAmount: snapMoney.optional(),
    paidTime: z.string().optional(),
    refundHistory: z.array(snapRefundEntry).optional(),
    additionalInfo: z
      .object({
        fraudStatus: z.string().optional(),
        validUpTo: z.string().optional(),
        totalRefundAmount: snapMoney.optional(),
        refundHistory: z.array(snapRefundEntry).optional(),
        userPaymentDetails: z.array(z.object({ payMethod: z.string().optional(), payOption: z.string().optional() }).passthrough()).optional(),
        metadata: z.record(z.unknown()).optional(),
      })
      .passthrough()
      .optional(),
  })
  .transform((s) => {
    const refunds = s.refundHistory ?? s.additionalInfo?.refundHistory ?? [];
    return {
      ...s,
      status: SNAP_STATUS[s.latestTransactionStatus],
      amount: s.transAmount?.amount,
      refunds,
      totalRefunded: s.additionalInfo?.totalRefundAmount?.amount ?? refunds.filter((r) => r.status !== "06").reduce((a, r) => a + r.amount, 0n),
    };
  });
export type SnapStatusResponse = z.output<typeof statusSchema>;

export interface SnapCancelRequest extends SnapCallOptions, SnapOriginalRef {
  originalPartnerReferenceNo: string;
  reason?: string;
}

const cancelSchema = z.object({
  ...responseHead,
  originalReferenceNo: z.string().optional(),
  originalPartnerReferenceNo: z.string().optional(),
  cancelTime: z.string().optional(),
});
export type SnapCancelResponse = z.output<typeof cancelSchema>;

export interface SnapRefundRequest extends SnapCallOptions, SnapOriginalRef {
  originalPartnerReferenceNo: string;
  /** Our refund id; the same value again returns the original refund (no second refund). */
  partnerRefundNo: string;
  /** Omitted = full refund. */
  amount?: Minor;
  reason?: string;
}

const refundSchema = z.object({
  ...responseHead,
  originalReferenceNo: z.string().optional(),
  originalPartnerReferenceNo: z.string().optional(),
  refundNo: z.string().optional(),
  partnerRefundNo: z.string().optional(),
  refundAmount: snapMoney.optional(),
  refundTime: z.string().optional(),
});
export type SnapRefundResponse = z.output<typeof refundSchema>;

const tokenSchema = z.object({
  ...responseHead,
  accessToken: z.string().min(1),
  tokenType: z.string().optional(),
  expiresIn: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(Number),
});

// ---- client --------------------------------------------------------------------------------

export interface SnapClient {
  /** SNAP `POST /v1.0/access-token/b2b` — a B2B access token (cached unless tokenCache:false). */
  accessToken(): Promise<string>;
  /** SNAP `POST /v1.0/debit/payment-host-to-host` — create a GoPay deeplink payment. */
  payment(req: SnapPaymentRequest): Promise<SnapPaymentResponse>;
  /** SNAP `POST /v1.0/debit/status` — latest status of a payment (and its refunds). */
  status(req: SnapStatusRequest): Promise<SnapStatusResponse>;
  /** SNAP `POST /v1.0/debit/cancel` — cancel an unpaid payment. */
  cancel(req: SnapCancelRequest): Promise<SnapCancelResponse>;
  /** SNAP `POST /v1.0/debit/refund` — refund all or part of a paid payment. */
  refund(req: SnapRefundRequest): Promise<SnapRefundResponse>;
  /** Drops the cached token (tests, key rotation). */
  clearTokenCache(): void;
}

const INVALID_TOKEN = /^401\d\d01$/;

export function createSnapClient(cfg: SnapConfig, http: HttpSender): SnapClient {
  const now = cfg.now ?? (() => new Date());
  const key = typeof cfg.privateKeyPem === "string" ? createPrivateKey(cfg.privateKeyPem) : cfg.privateKeyPem;
  const useCache = cfg.tokenCache !== false;
  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  function snapError(op: string, res: RawResponse, requestId: string | undefined, mutating: boolean): GopayError {
    const body = res.json as { responseCode?: unknown; responseMessage?: unknown } | undefined;
    const code = typeof body?.responseCode === "string" ? body.responseCode : undefined;
    const kind = code ? kindFromSnapCode(code, res.status) : res.status >= 400 ? kindFromSnapCode(String(res.status), res.status) : "invalid_response";
    const serverSide = kind === "server" || res.status >= 500;
    return new GopayError({
      kind,
      api: "snap",
      operation: op,
      requestId,
      httpStatus: res.status,
      responseCode: code,
      message: typeof body?.responseMessage === "string" ? body.responseMessage : `GoPay answered HTTP ${res.status} to ${op}`,
      retryable: serverSide || kind === "rate_limit",
      // A 5xx to a money call does not say the call was not applied; settle it by a status query.
      outcomeUnknown: mutating && serverSide,
      body: res.json ?? res.text.slice(0, 2000),
    });
  }

  function isSuccess(res: RawResponse): boolean {
    const code = (res.json as { responseCode?: unknown } | undefined)?.responseCode;
    return res.status >= 200 && res.status < 300 && typeof code === "string" && code.startsWith("2");
  }

  async function fetchToken(): Promise<{ token: string; expiresInS: number }> {
    const op = "snap.accessToken";
    const res = await http.send({
      api: "snap",
      operation: op,
      method: "POST",
      baseUrl: cfg.baseUrl,
      path: SNAP_PATHS.accessToken,
      body: { grantType: "client_credentials" },
      retry: "read", // a token fetch has no effect to double
      headers: () => {
        const timestamp = xTimestamp(now());
        return {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-TIMESTAMP": timestamp,
          "X-CLIENT-KEY": cfg.clientId,
          "X-SIGNATURE": signAccessToken(cfg.clientId, timestamp, key),
        };
      },
    });
    if (!isSuccess(res)) throw snapError(op, res, undefined, false);
    const t = parseResponse(tokenSchema, res.json, { api: "snap", operation: op, httpStatus: res.status, text: res.text, mutating: false });
    return { token: t.accessToken, expiresInS: t.expiresIn };
  }

  async function accessToken(): Promise<string> {
    if (!useCache) return (await fetchToken()).token;
    if (cached && now().getTime() < cached.refreshAt) return cached.token;
    // One shared fetch: N concurrent callers wait on the same promise.
    inflight ??= fetchToken()
      .then(({ token, expiresInS }) => {
        cached = { token, refreshAt: now().getTime() + expiresInS * 1000 - TOKEN_REFRESH_MARGIN_MS };
        return token;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  }

  async function transact<S extends z.ZodTypeAny>(
    op: string,
    path: string,
    body: Record<string, unknown>,
    opts: SnapCallOptions,
    schema: S,
    retry: RetryPolicy,
  ): Promise<z.output<S>> {
    if (!opts.externalId) throw new TypeError(`${op}: externalId (X-EXTERNAL-ID) is required`);
    const mutating = retry !== "read";
    const sendWith = (token: string) =>
      http.send({
        api: "snap",
        operation: op,
        method: "POST",
        baseUrl: cfg.baseUrl,
        path,
        body,
        requestId: opts.externalId,
        retry,
        headers: (bodyText) => {
          const timestamp = xTimestamp(now());
          return {
            "Content-Type": "application/json",
            Accept: "application/json",
            Authorization: `Bearer ${token}`,
            "X-TIMESTAMP": timestamp,
            "X-SIGNATURE": signTransaction({ method: "POST", path, accessToken: token, body: bodyText, timestamp }, cfg.clientSecret),
            "X-PARTNER-ID": cfg.partnerId,
            "X-EXTERNAL-ID": opts.externalId,
            "CHANNEL-ID": cfg.channelId,
            "X-DEVICE-ID": opts.deviceId ?? cfg.deviceId ?? "loket-server",
          };
        },
      });
    let token = await accessToken();
    let res = await sendWith(token);
    const code = (res.json as { responseCode?: unknown } | undefined)?.responseCode;
    if (res.status === 401 && typeof code === "string" && INVALID_TOKEN.test(code)) {
      // The token expired or the server forgot it: one fresh token, same X-EXTERNAL-ID, same body.
      if (cached?.token === token) cached = undefined;
      token = await accessToken();
      res = await sendWith(token);
    }
    if (!isSuccess(res)) throw snapError(op, res, opts.externalId, mutating);
    return parseResponse(schema, res.json, { api: "snap", operation: op, requestId: opts.externalId, httpStatus: res.status, text: res.text, mutating });
  }

  const original = (r: SnapOriginalRef) => {
    if (!r.originalReferenceNo && !r.originalExternalId) throw new TypeError("originalReferenceNo or originalExternalId is required");
    return {
      ...(r.originalReferenceNo ? { originalReferenceNo: r.originalReferenceNo } : {}),
      ...(r.originalExternalId ? { originalExternalId: r.originalExternalId } : {}),
    };
  };

  return {
    accessToken,
    clearTokenCache() {
      cached = undefined;
    },

    async payment(req) {
      const additionalInfo: Record<string, unknown> = {};
      if (req.customer) additionalInfo.customerDetails = req.customer;
      if (req.items)
        additionalInfo.items = req.items.map((i) => ({
          ...(i.id ? { id: i.id } : {}),
          ...(i.name ? { name: i.name } : {}),
          ...(i.category ? { category: i.category } : {}),
          price: { value: toSnapAmount(i.price), currency: "IDR" },
          quantity: String(i.quantity),
        }));
      if (req.metadata) additionalInfo.metadata = req.metadata;
      if (req.pointOfPurchaseId) additionalInfo.pointOfPurchaseId = req.pointOfPurchaseId;
      const body: Record<string, unknown> = {
        partnerReferenceNo: req.partnerReferenceNo,
        chargeToken: req.chargeToken ?? "",
        merchantId: cfg.merchantId,
        ...(req.validUpTo ? { validUpTo: toWibIso(req.validUpTo) } : {}),
        ...(req.returnUrl ? { urlParam: [{ url: req.returnUrl, type: "PAY_RETURN", isDeeplink: req.returnIsDeeplink ? "Y" : "N" }] } : {}),
        payOptionDetails: [{ payMethod: "GOPAY", payOption: "GOPAY", transAmount: { value: toSnapAmount(req.amount), currency: "IDR" } }],
        additionalInfo,
      };
      return transact("snap.payment", SNAP_PATHS.payment, body, req, paymentSchema, "same-key");
    },

    async status(req) {
      const body = { ...original(req), serviceCode: req.serviceCode ?? "54" };
      return transact("snap.status", SNAP_PATHS.status, body, req, statusSchema, "read");
    },

    async cancel(req) {
      const body = {
        ...original(req),
        originalPartnerReferenceNo: req.originalPartnerReferenceNo,
        ...(req.reason ? { reason: req.reason } : {}),
      };
      return transact("snap.cancel", SNAP_PATHS.cancel, body, req, cancelSchema, "same-key");
    },

    async refund(req) {
      const body = {
        ...original(req),
        originalPartnerReferenceNo: req.originalPartnerReferenceNo,
        partnerRefundNo: req.partnerRefundNo,
        ...(req.amount !== undefined ? { refundAmount: { value: toSnapAmount(req.amount), currency: "IDR" } } : {}),
        ...(req.reason ? { reason: req.reason } : {}),
      };
      return transact("snap.refund", SNAP_PATHS.refund, body, req, refundSchema, "same-key");
    },
  };
}

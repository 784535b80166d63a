import { z } from "zod";
import { toCoreGrossAmount, type Minor } from "~/lib/money";
import { GopayError, kindFromHttpStatus } from "./errors";
import type { HttpMethod, HttpSender, RetryPolicy } from "./http.server";
import { parseResponse } from "./validate.server";

/** GoPay Mini App backend APIs: contract §3 and §7. Each call acts for one user (Bearer auth_token). */

export interface MiniAppConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export type RewardType = "GOPAY_COINS" | "EMONEY";

export interface MiniAppUserCall {
  /** The user's auth_token (never sent to the browser, never logged). */
  authToken: string;
  /** Request-Id: idempotency key; the same id returns the first response again. */
  requestId: string;
}

export interface CashbackRequest extends MiniAppUserCall {
  /** Whole rupiah only: GoPay's `amount.value` is an integer (contract §3). */
  amount: Minor;
  description: string;
  rewardType?: RewardType;
  metadata?: Record<string, string>;
}

export interface ReminderRequest extends MiniAppUserCall {
  templateName: string;
  templateParameters: Record<string, string>;
  reminderId?: string;
}

export interface PushRequest extends MiniAppUserCall {
  templateName: string;
  templateParameters: Record<string, string>;
}

const tokenData = z.object({ auth_token: z.string().min(1), gopay_account_id: z.string().optional() });
const profileData = z.object({ phone_number: z.string().optional(), email: z.string().optional(), username: z.string().optional(), name: z.string().optional() });
const cashbackData = z.object({ payment_id: z.string().min(1) });
const reminderData = z.object({ reminder_id: z.string().min(1) });
const balanceData = z.object({ balance: z.object({ value: z.number().int().nonnegative(), currency: z.literal("IDR") }) });

function envelope<T extends z.ZodTypeAny>(data: T) {
  return z.object({ success: z.literal(true), data });
}
const okEnvelope = z.object({ success: z.literal(true) }).passthrough();

export interface MiniAppClient {
  /** Mini App `POST /v1/mini-apps/authorizations/token` — exchange a user's auth code for an auth token. */
  authToken(req: { authCode: string; requestId?: string }): Promise<{ authToken: string; gopayAccountId: string | undefined }>;
  /** Mini App `GET /v1/mini-apps/users/profile` — the user's phone, email and name (needs consent). */
  profile(req: MiniAppUserCall): Promise<{ phoneNumber?: string; email?: string; name?: string }>;
  /** Mini App `POST /v1/mini-apps/cashback` — pay GoPay Coins / eMoney to the user. */
  cashback(req: CashbackRequest): Promise<{ paymentId: string }>;
  /**
   * `GET /v1/mini-apps/wallet/balance` (Basic) — the merchant coin wallet balance. NOT a documented
   * GoPay API (contract.md has none): the local sandbox answers it as a stand-in for the merchant
   * portal. Against real GoPay it fails (404 → GopayError kind not_found) and finance types the balance.
   */
  walletBalance(): Promise<{ balance: Minor }>;
  /** Mini App `PUT /v1/mini-apps/reminder` — create a reminder from a registered template. */
  createReminder(req: ReminderRequest): Promise<{ reminderId: string }>;
  /** Mini App `DELETE /v1/mini-apps/reminder/{reminder_id}` — remove a reminder. */
  removeReminder(req: MiniAppUserCall & { reminderId: string }): Promise<void>;
  /** Mini App `POST /v1/mini-apps/notifications/push` — push notification to the token's user. */
  push(req: PushRequest): Promise<void>;
}

export function createMiniAppClient(cfg: MiniAppConfig, http: HttpSender): MiniAppClient {
  const basic = `Basic ${Buffer.from(`${cfg.clientId}:${cfg.clientSecret}`, "utf8").toString("base64")}`;

  async function call<S extends z.ZodTypeAny>(
    op: string,
    method: HttpMethod,
    path: string,
    authorization: string,
    requestId: string | undefined,
    body: Record<string, unknown> | undefined,
    retry: RetryPolicy,
    schema: S,
  ): Promise<z.output<S>> {
    const mutating = retry !== "read";
    const res = await http.send({
      api: "miniapp",
      operation: op,
      method,
      baseUrl: cfg.baseUrl,
      path,
      body,
      requestId,
      retry,
      headers: () => ({
        Accept: "application/json",
        ...(body ? { "Content-Type": "application/json" } : {}),
        Authorization: authorization,
        ...(requestId ? { "Request-Id": requestId } : {}),
      }),
    });
    const json = res.json as { success?: unknown; error?: { code?: unknown; description?: unknown } } | undefined;
    if (res.status >= 400 || json?.success === false) {
      const code = json?.error?.code;
      const kind = res.status >= 400 ? kindFromHttpStatus(res.status) : "invalid_request";
      const serverSide = res.status >= 500;
      throw new GopayError({
        kind,
        api: "miniapp",
        operation: op,
        requestId,
        httpStatus: res.status,
        responseCode: typeof code === "string" || typeof code === "number" ? String(code) : undefined,
        message: typeof json?.error?.description === "string" ? json.error.description : `GoPay answered HTTP ${res.status} to ${op}`,
        // Only 5xx are retriable (docs); 4060 fraud and other 4xx are final.
        retryable: serverSide,
        outcomeUnknown: mutating && serverSide,
        body: res.json ?? res.text.slice(0, 2000),
      });
    }
    return parseResponse(schema, res.json, { api: "miniapp", operation: op, requestId, httpStatus: res.status, text: res.text, mutating });
  }

  const bearer = (t: string) => {
    if (!t) throw new TypeError("authToken is required");
    return `Bearer ${t}`;
  };

  return {
    async authToken(req) {
      const r = await call(
        "miniapp.authToken",
        "POST",
        "/v1/mini-apps/authorizations/token",
        basic,
        req.requestId,
        { auth_code: req.authCode },
        req.requestId ? "same-key" : "none",
        envelope(tokenData),
      );
      return { authToken: r.data.auth_token, gopayAccountId: r.data.gopay_account_id };
    },
    async profile(req) {
      const r = await call("miniapp.profile", "GET", "/v1/mini-apps/users/profile", bearer(req.authToken), req.requestId, undefined, "read", envelope(profileData));
      return { phoneNumber: r.data.phone_number, email: r.data.email, name: r.data.username ?? r.data.name };
    },
    async cashback(req) {
      const body = {
        amount: { value: toCoreGrossAmount(req.amount), currency: "IDR" },
        description: req.description,
        reward_type: req.rewardType ?? "GOPAY_COINS",
        ...(req.metadata ? { metadata: req.metadata } : {}),
      };
      const r = await call("miniapp.cashback", "POST", "/v1/mini-apps/cashback", bearer(req.authToken), req.requestId, body, "same-key", envelope(cashbackData));
      return { paymentId: r.data.payment_id };
    },
    async walletBalance() {
      const r = await call("miniapp.walletBalance", "GET", "/v1/mini-apps/wallet/balance", basic, undefined, undefined, "read", envelope(balanceData));
      return { balance: BigInt(r.data.balance.value) * 100n };
    },
    async createReminder(req) {
      const body = {
        ...(req.reminderId ? { reminder_id: req.reminderId } : {}),
        template_name: req.templateName,
        template_parameters: req.templateParameters,
      };
      const r = await call("miniapp.createReminder", "PUT", "/v1/mini-apps/reminder", bearer(req.authToken), req.requestId, body, "same-key", envelope(reminderData));
      return { reminderId: r.data.reminder_id };
    },
    async removeReminder(req) {
      await call(
        "miniapp.removeReminder",
        "DELETE",
        `/v1/mini-apps/reminder/${encodeURIComponent(req.reminderId)}`,
        bearer(req.authToken),
        req.requestId,
        undefined,
        "same-key",
        okEnvelope,
      );
    },
    async push(req) {
      const body = { template_name: req.templateName, template_parameters: req.templateParameters };
      await call("miniapp.push", "POST", "/v1/mini-apps/notifications/push", bearer(req.authToken), req.requestId, body, "same-key", okEnvelope);
    },
  };
}

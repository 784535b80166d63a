/**
 * Every number and decision the sandbox takes from contract.md (section 7 where the sources are
 * silent) lives here, so a fact learned later from GoPay changes one line.
 */

export const TOKEN_LIFETIME_S = 900;
export const TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;
export const CORE_IDEMPOTENCY_TTL_MS = 5 * 60 * 1000;
export const DEFAULT_VALID_UP_TO_MS = 15 * 60 * 1000;
export const MIN_VALID_UP_TO_MS = 20 * 1000;
export const MAX_VALID_UP_TO_MS = 180 * 24 * 60 * 60 * 1000;
export const PRE_AUTH_HOLD_MS = 15 * 60 * 1000;
export const MAX_CUSTOM_EXPIRY_MS = 7 * 24 * 60 * 60 * 1000;
export const REFUND_WINDOW_DEEPLINK_MS = 45 * 24 * 60 * 60 * 1000;
export const REFUND_WINDOW_TOKENIZED_MS = 180 * 24 * 60 * 60 * 1000;
export const MINIAPP_AUTH_CODE_TTL_MS = 6 * 60 * 1000;
/** Notification retries after the first attempt, in minutes (divided by the time scale). */
export const NOTIFY_RETRY_MINUTES = [2, 10, 30, 90, 210] as const;
/** A held-back (out-of-order) notification is released after this much sandbox time at most. */
export const OUT_OF_ORDER_MAX_HOLD_MS = 5000;
export const NOTIFY_TIMEOUT_MS = 15_000;
export const SNAP_NOTIFY_PATH = "/v1.0/debit/notify";
export const DEFAULT_COIN_WALLET_RUPIAH = 5_000_000;

/** SNAP service codes (the middle two digits of a responseCode). */
export const SVC = { token: "73", payment: "54", status: "55", notify: "56", cancel: "57", refund: "58" } as const;
export type SnapService = (typeof SVC)[keyof typeof SVC];

/** `HTTP status + service + case`, e.g. code(400, "54", "02") = "4005402". */
export function snapCode(http: number, svc: string, kase: string): string {
  return `${http}${svc}${kase}`;
}

/** SNAP latestTransactionStatus values the sandbox drives (contract 1.12, section 7). */
export const SNAP_STATUS = {
  success: "00",
  pending: "03",
  refunded: "04",
  canceled: "05",
  failed: "06",
  expired: "08",
} as const;
export type SnapStatus = (typeof SNAP_STATUS)[keyof typeof SNAP_STATUS];

export const SNAP_STATUS_DESC: Record<SnapStatus, string> = {
  "00": "Success",
  "03": "Pending",
  "04": "Refunded",
  "05": "Canceled",
  "06": "Failed",
  "08": "Expiry",
};

export const PAY_OPTIONS = ["GOPAY_WALLET", "PAY_LATER", "GOPAY_SAVINGS"] as const;
export type PayOption = (typeof PAY_OPTIONS)[number];

/** Two-decimal SNAP amount within the documented range (contract 1.8, section 7). */
export const SNAP_AMOUNT_RE = /^\d{1,11}\.\d{2}$/;
export const CHANNEL_ID_RE = /^\d{5}$/;
export const PARTNER_REFUND_NO_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** Core API transaction statuses. */
export type CoreStatus =
  | "authorize"
  | "settlement"
  | "pending"
  | "deny"
  | "cancel"
  | "expire"
  | "refund"
  | "partial_refund";

/** Core notification status_code per transaction status (contract 2.4 samples). */
export const CORE_STATUS_CODE: Record<CoreStatus, string> = {
  authorize: "200",
  settlement: "200",
  refund: "200",
  partial_refund: "200",
  pending: "201",
  deny: "202",
  cancel: "202",
  expire: "202",
};

/** Pay-account phones that fail creation (contract 2.1). */
export const FAILING_PHONES: Record<string, { code: string; message: string }> = {
  "123450001": { code: "105", message: "User Not Found" },
  "123450002": { code: "106", message: "User Blocked" },
};

export const CUSTOM_EXPIRY_UNIT_MS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** Mini-app templates registered for the merchant: kind and parameter rules. */
export type TemplateParam = { name: string; min: number; max: number };
export const TEMPLATES: Record<string, { kind: "reminder" | "push"; params: TemplateParam[] }> = {
  LOKET_PAYMENT_REMINDER: {
    kind: "reminder",
    params: [
      { name: "description", min: 50, max: 70 },
      { name: "cta", min: 7, max: 8 },
    ],
  },
  LOKET_HOLD_REMINDER: {
    kind: "reminder",
    params: [
      { name: "description", min: 50, max: 70 },
      { name: "cta", min: 7, max: 8 },
      { name: "order_id", min: 1, max: 64 },
    ],
  },
  HK_PDS_NOTIFY: {
    kind: "push",
    params: [
      { name: "title", min: 1, max: 40 },
      { name: "body", min: 1, max: 160 },
    ],
  },
  LOKET_PROMO_PUSH: {
    kind: "push",
    params: [
      { name: "title", min: 1, max: 40 },
      { name: "body", min: 1, max: 160 },
      { name: "cta", min: 7, max: 8 },
    ],
  },
};

/** Money inside the sandbox: integer sen (IDR × 100) as plain safe integers, parsed by regex only. */
export function snapAmountToSen(value: string): number {
  const m = /^(\d{1,11})\.(\d{2})$/.exec(value);
  if (!m) throw new RangeError(`bad amount ${value}`);
  return Number(m[1]) * 100 + Number(m[2]);
}

export function senToSnapAmount(sen: number): string {
  if (!Number.isSafeInteger(sen) || sen < 0) throw new RangeError(`bad sen ${sen}`);
  return `${Math.trunc(sen / 100)}.${String(sen % 100).padStart(2, "0")}`;
}

/** Core `gross_amount` in a request: an integer of rupiah (number or digit string). */
export function parseCoreRupiah(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isSafeInteger(v) && v > 0) return v;
  if (typeof v === "string" && /^\d{1,13}(\.00)?$/.test(v)) {
    const n = Number(v.replace(/\.00$/, ""));
    return n > 0 ? n : undefined;
  }
  return undefined;
}

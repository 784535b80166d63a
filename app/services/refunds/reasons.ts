/** Why a refund is made: a fixed choice (reports group by it) plus free text for "other". Shared by UI and service. */
export const REFUND_REASONS = {
  customer_request: "Customer request",
  duplicate_payment: "Duplicate payment",
  fraud: "Fraud",
  product_unavailable: "Product unavailable",
  other: "Other",
} as const;
export type RefundReasonCode = keyof typeof REFUND_REASONS;

export const REFUND_REASON_TEXT_MAX = 200;

export function isRefundReason(v: unknown): v is RefundReasonCode {
  return typeof v === "string" && Object.hasOwn(REFUND_REASONS, v);
}

/** The text GoPay shows in the customer's history (SNAP `reason`, S256): the label, plus the note. */
export function refundReasonSentence(code: RefundReasonCode, text?: string | null): string {
  const note = text?.trim();
  return (note ? `${REFUND_REASONS[code]}: ${note}` : REFUND_REASONS[code]).slice(0, 256);
}

/** app/services/refunds/apply.server.ts: the reasonText of a refund made outside Loket that GoPay gave no reason for. */
const EXTERNAL_NO_REASON = "Refund made outside Loket";

/**
 * The staff member's note back out of a stored reasonText (written by refundReasonSentence: the
 * label, then ": note"); null when there is none. A text not written that way (GoPay's reason for a
 * refund made outside Loket, an older row) is the note as it is.
 */
export function refundReasonNote(code: string, text: string | null | undefined): string | null {
  const stored = text?.trim();
  if (!stored) return null;
  if (code === "external" && stored === EXTERNAL_NO_REASON) return null;
  if (!isRefundReason(code)) return stored;
  const label = REFUND_REASONS[code];
  if (stored === label) return null;
  return stored.startsWith(`${label}: `) ? stored.slice(label.length + 2).trim() || null : stored;
}

/**
 * One refund intent = one key, minted when the dialog opens. `RF` + 32 hex: fits SNAP's
 * partnerRefundNo ([A-Za-z0-9_-], ≤64), X-EXTERNAL-ID (≤36) and Core's Idempotency-Key (≤46).
 */
export const REFUND_KEY_PATTERN = /^RF[0-9a-f]{32}$/;

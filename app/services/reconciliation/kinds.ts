/**
 * The kinds of difference reconciliation explains, in the order the page lists them. Each has an
 * English and Indonesian sentence under `reconciliation.kinds.<kind>` in the finance namespace.
 * Browser-safe (no server imports): the page's filter and the CSV share it.
 */
export const DIFFERENCE_KINDS = [
  "paid_not_in_loket",
  "refund_missing_in_loket",
  "refund_not_at_gopay",
  "amount_mismatch",
  "status_behind",
  "notification_missing",
  "notification_bad_signature",
  "hold_expired_active",
  "operation_unknown",
  "not_at_gopay",
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

export const isDifferenceKind = (v: unknown): v is DifferenceKind =>
  (DIFFERENCE_KINDS as readonly unknown[]).includes(v);

/** Calls per second when the staff member does not choose (GoPay's status API is shared with live traffic). */
export const DEFAULT_THROTTLE_PER_SECOND = 20;
export const MAX_THROTTLE_PER_SECOND = 200;
/** The longest range one run may cover, in WIB days. */
export const MAX_RANGE_DAYS = 92;

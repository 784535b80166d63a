import { refundReasonFacts } from "~/services/orders/timeline.server";
import type { RequestReason } from "./reason";

/**
 * The reason of a refund request as the order timeline names it (refundReasonFacts: the code's
 * words, and the staff member's note taken out of the stored "Label: note"); null for a request
 * that is not a refund (coin payouts and batches carry their own).
 */
export function requestReason(a: { reasonCode: string | null; reasonText: string | null }): RequestReason | null {
  if (!a.reasonCode) return null;
  const [reason, note] = refundReasonFacts(a.reasonCode, a.reasonText);
  return { reason: { value: reason!.value, ...(reason!.words ? { words: reason!.words } : {}) }, note: note?.value ?? null };
}

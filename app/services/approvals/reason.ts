import { say, type Words } from "~/lib/words";

/**
 * A refund request's reason, ready to say in the page's language: the reason as words
 * (refunds:reasons.*, English beside it) and the note staff typed, which stays as typed.
 * Built on the server by requestReason (./reason.server.ts).
 */
export interface RequestReason {
  reason: { value: string; words?: Words };
  note: string | null;
}

/** "Pembayaran ganda: kasir salah input" — the reason in the language of `t`, then the note as typed. */
export function sayRequestReason(t: unknown, r: RequestReason): string {
  const reason = say(t, r.reason.words, r.reason.value);
  if (!r.note) return reason;
  return say(t, { key: "approvals:reasonWithNote", params: { reason, note: r.note } }, `${reason}: ${r.note}`);
}

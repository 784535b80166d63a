/**
 * The one outcome vocabulary of money actions (refund, cancel, capture, release, approve…).
 * Services answer with it; one route helper (replyOutcome in app/lib/action.server.ts) turns it
 * into a 400 at the field (refused) or a toast redirect (everything that was executed).
 *
 * - refused: nothing was executed (validation, a business rule, a stale form); say which field.
 * - succeeded: GoPay confirmed it.
 * - failed: GoPay definitely did not do it (its refusal, or a status query says so).
 * - unknown: the answer was lost; a status query settles it later. Unknown is never failed.
 * - awaiting_approval: written, waiting for a second person; nothing sent yet.
 */
export type MoneyOutcome<F extends string = string> =
  | { status: "refused"; field: F | "form"; message: string; repeat?: true }
  | { status: "succeeded"; title: string; description?: string }
  | { status: "failed"; title: string; description?: string }
  | { status: "unknown"; title: string; description?: string }
  | { status: "awaiting_approval"; title: string; description?: string };

export type OutcomeStatus = MoneyOutcome["status"];

export function refused<F extends string>(field: F | "form", message: string, extra: { repeat?: true } = {}): MoneyOutcome<F> {
  return { status: "refused", field, message, ...extra };
}

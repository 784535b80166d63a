import type { Words } from "./words";

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
 *
 * The sentences are English (a job or a test reads them as they are); `words` says the same as
 * translation keys, and replyOutcome answers in the staff member's language with them.
 */
export interface OutcomeWords {
  title?: Words;
  description?: Words;
  /** A refusal's message. */
  message?: Words;
}
export type MoneyOutcome<F extends string = string> =
  | { status: "refused"; field: F | "form"; message: string; repeat?: true; words?: OutcomeWords }
  | { status: "succeeded"; title: string; description?: string; words?: OutcomeWords }
  | { status: "failed"; title: string; description?: string; words?: OutcomeWords }
  | { status: "unknown"; title: string; description?: string; words?: OutcomeWords }
  | { status: "awaiting_approval"; title: string; description?: string; words?: OutcomeWords };

export type OutcomeStatus = MoneyOutcome["status"];

export function refused<F extends string>(field: F | "form", message: string, extra: { repeat?: true; words?: OutcomeWords } = {}): MoneyOutcome<F> {
  return { status: "refused", field, message, ...extra };
}

/**
 * The one answer shape of every staff action that does not redirect (browser-safe: dialogs and
 * pages read it). A redirect with a toast is the other answer; see app/lib/action.server.ts.
 *
 *   { ok: false, intent, errors: { amount: "…", form: "…" } }   → 400, messages at the fields
 *   { ok: true, intent, result }                                  → 200, e.g. a key shown once
 *
 * `errors.form` is the message for the form as a whole (no single field is at fault).
 */
export type FieldErrors = Partial<Record<string, string>>;

export interface ActionData<R = unknown> {
  ok: boolean;
  /** The intent this answer is for: a page with several forms shows it at the right one. */
  intent?: string;
  errors?: FieldErrors;
  /** Text the user typed, to show again after a refusal (never a password). */
  values?: Record<string, string>;
  /** Which row of a list the answer is for (a staff id, a role), when one page has many forms. */
  target?: string;
  /** The refused request repeats a recent one; posting again with confirmRepeat=yes sends it. */
  repeat?: boolean;
  /** What a successful answer carries when there is no redirect (a generated password, a new API key). */
  result?: R;
}

/** The message for one field of the last answer, or undefined. */
export function fieldError(answer: ActionData | null | undefined, field: string): string | undefined {
  return answer?.ok === false ? answer.errors?.[field] : undefined;
}

/** The message for the form as a whole (`errors.form`), or undefined. */
export function formError(answer: ActionData | null | undefined): string | undefined {
  return fieldError(answer, "form");
}

/** True when the last answer refused the request (keep the dialog open and show why). */
export function isRefusal(answer: ActionData | null | undefined): boolean {
  return answer?.ok === false;
}

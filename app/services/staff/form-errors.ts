import { say } from "~/lib/words";
import { StaffRuleError } from "./errors";

export type FieldErrors = Record<string, string | undefined>;

/**
 * A broken staff rule as field errors (form-level when it names no field), in the language of `t`
 * when given; anything else rethrown.
 */
export function ruleErrors(err: unknown, t?: unknown): FieldErrors {
  if (err instanceof StaffRuleError) return { [err.field ?? "form"]: t ? say(t, err.words, err.message) : err.message };
  throw err;
}

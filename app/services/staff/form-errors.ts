import { StaffRuleError } from "./errors";

export type FieldErrors = Record<string, string | undefined>;

/** A broken staff rule as field errors (form-level when it names no field); anything else rethrown. */
export function ruleErrors(err: unknown): FieldErrors {
  if (err instanceof StaffRuleError) return { [err.field ?? "form"]: err.message };
  throw err;
}

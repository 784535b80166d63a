import type { ZodError } from "zod";
import { StaffRuleError } from "./errors";

export type FieldErrors = Record<string, string | undefined>;

/** zod's first message per field, keyed by field name. */
export function zodFieldErrors(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

/** A broken staff rule as field errors (form-level when it names no field); anything else rethrown. */
export function ruleErrors(err: unknown): FieldErrors {
  if (err instanceof StaffRuleError) return { [err.field ?? "form"]: err.message };
  throw err;
}

import type { ZodError } from "zod";

/**
 * The merchant API's one error shape:
 * `{ "error": { "code": "<stable_code>", "message": "…", "fields": { "<field>": "…" } } }`.
 * `code` is stable (clients switch on it); `message` is a sentence a developer can act on.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

/** One message per field path (`customer.phone`, `items.0.price`); the first issue of each wins. */
export function validationError(err: ZodError): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) {
    const path = issue.path.join(".") || "body";
    fields[path] ??= issue.message;
  }
  return new ApiError(422, "validation_failed", "Some fields are missing or invalid; see error.fields.", fields);
}

import type { ZodError } from "zod";

/**
 * The merchant API's one error shape:
 * `{ "error": { "code": "<stable_code>", "message": "…", "fields": { "<field>": "…" } } }`.
 * `code` is stable (clients switch on it); `message` is a sentence a developer can act on.
 */
export class ApiError extends Error {
  /** Decided before anything ran (no row kept, no GoPay call that changes state): the key stores no result. */
  beforeExecution = false;

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

/**
 * A refusal made before anything executed (validation, `account_not_chargeable`, `order_exists`,
 * GoPay unreachable for a read): the Idempotency-Key keeps no result, so the same key retried
 * later is evaluated afresh (architecture.md, "Decisions on questions left open").
 */
export function refusal(status: number, code: string, message: string, fields?: Record<string, string>): ApiError {
  const err = new ApiError(status, code, message, fields);
  err.beforeExecution = true;
  return err;
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

/**
 * The order_id is taken (seen before the insert, or by a concurrent create that committed first:
 * the insert's ON CONFLICT DO NOTHING). Thrown inside the claim's transaction, so the operation
 * row rolls back with it: nothing executed, the key keeps no result.
 */
export function orderExists(orderId: string): ApiError {
  return refusal(409, "order_exists", `Order ${orderId} already exists; use a new order_id.`, { order_id: "This order_id is already used." });
}

/**
 * The Postgres SQLSTATE of an error from either driver, looking through wrappers (drizzle's
 * DrizzleQueryError keeps the driver's error as `cause`). E.g. "57014" query_canceled.
 */
export function pgErrorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Is this a value a `uuid` column accepts? Postgres answers anything else with 22P02
 * (invalid_text_representation) — a 500 if it gets that far — so ids from forms and URLs are
 * checked with this first and treated as "does not exist".
 */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

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

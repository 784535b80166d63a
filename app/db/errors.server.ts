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

// Postgres' ISO text of a timestamptz (`2026-03-01 07:00:00.123456+07`, `+05:30`) or UTC ISO (`…T…Z`).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2})(?::?(\d{2}))?)$/;

/**
 * Is this a timestamp a `::timestamptz` cast accepts, in the shapes our page cursors carry?
 * Shape alone is not enough: `2026-02-30`, hour 25 or offset +99 are 22008 / 22007 (a 500), and
 * Date.parse accepts "1" or "March 7", which Postgres does not.
 */
export function isTimestampText(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s, oh = 0, om = 0] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const daysInMonth = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  return y! >= 1000 && mo! >= 1 && mo! <= 12 && d! >= 1 && d! <= daysInMonth && h! <= 23 && mi! <= 59 && s! <= 59 && oh <= 14 && om <= 59;
}

/** Is this a positive `bigint` (bigserial id) in text, small enough that Postgres cannot overflow (22003)? */
export function isBigintText(value: unknown): value is string {
  return typeof value === "string" && /^\d{1,18}$/.test(value);
}

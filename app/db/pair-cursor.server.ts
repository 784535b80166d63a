/**
 * A keyset page cursor of two texts — the boundary row's sort key as Postgres text (timestamps keep
 * their microseconds) and its id as the tie-breaker — as a base64url JSON pair: opaque in the URL,
 * and a copy cut short loses its closing `"]` and is refused rather than read as another page.
 * Every keyset list but /orders (which adds its sort) pages with one.
 */
export function encodePairCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id]), "utf8").toString("base64url");
}

/**
 * The pair, or undefined for anything malformed: the list then starts at page one (and says so).
 * A cursor is a URL anyone can edit: each part must pass its check (a value Postgres's cast accepts,
 * e.g. isTimestampText / isUuid / isBigintText) — else a 500, not a page.
 */
export function decodePairCursor(
  raw: string | null | undefined,
  isKey: (v: unknown) => v is string,
  isId: (v: unknown) => v is string,
): [string, string] | undefined {
  if (!raw) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(v) || v.length !== 2) return undefined;
    const [key, id] = v as unknown[];
    return isKey(key) && isId(id) ? [key, id] : undefined;
  } catch {
    return undefined;
  }
}

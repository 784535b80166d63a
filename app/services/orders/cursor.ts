import type { OrderSort } from "./options";

/**
 * A keyset cursor: the sort key of a boundary row as Postgres text (timestamps keep their
 * microseconds, amounts their exact digits) plus the row id as tie-breaker. Opaque in the URL.
 */
export interface OrderCursor {
  sort: OrderSort;
  value: string;
  id: string;
}

export function encodeCursor(c: OrderCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.value, c.id]), "utf8").toString("base64url");
}

const AMOUNT = /^-?\d{1,19}$/;
// Postgres' ISO text for a timestamptz: `2026-03-01 00:00:00.123456+00` (offset may carry minutes).
const TIMESTAMP = /^\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** undefined for anything malformed or made for another sort (the list then starts at page one). */
export function decodeCursor(raw: string | undefined, sort: OrderSort): OrderCursor | undefined {
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
    const [s, value, id] = parsed as unknown[];
    if (s !== sort || typeof value !== "string" || typeof id !== "string" || !UUID.test(id)) return undefined;
    if (!(sort.startsWith("amount") ? AMOUNT : TIMESTAMP).test(value)) {
      return undefined;
    }
    return { sort, value, id };
  } catch {
    return undefined;
  }
}

import { isTimestampText, isUuid } from "~/db/errors.server";
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

// 18 digits at most: 19 can pass bigint's range (22003); no amount comes near (MAX_TRANSACTION_MINOR has 13).
const AMOUNT = /^-?\d{1,18}$/;

/** undefined for anything malformed or made for another sort (the list then starts at page one). */
export function decodeCursor(raw: string | undefined, sort: OrderSort): OrderCursor | undefined {
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
    const [s, value, id] = parsed as unknown[];
    if (s !== sort || typeof value !== "string" || typeof id !== "string" || !isUuid(id)) return undefined;
    // Shape is not enough: 2026-02-30 or hour 25 are a Postgres error (a 500), not a page.
    if (!(sort.startsWith("amount") ? AMOUNT.test(value) : isTimestampText(value))) {
      return undefined;
    }
    return { sort, value, id };
  } catch {
    return undefined;
  }
}

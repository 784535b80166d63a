import { and, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { orders } from "~db/schema/orders";
import { normalisePhone } from "~/lib/phone";
import type { DbOrTx } from "~/db/client.server";
import type { OrderFilters } from "./search-params";

/** LIKE pattern text with its wildcards escaped (backslash is Postgres' default LIKE escape). */
function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type SearchMode = "exact" | "partial" | "any";

/**
 * The one search box. An "@" means an email (case-insensitive, exact). Anything else may be our
 * order id, GoPay's reference, a phone in any spelling (0812…, +62812…, 62812… — stored 62812…),
 * or — mode "partial"/"any" — a fragment of an order id (3+ characters, trigram index).
 */
export function searchCondition(q: string, mode: SearchMode = "any"): SQL | undefined {
  const text = q.trim();
  if (!text) return undefined;
  if (text.includes("@")) return sql`lower(${orders.customerEmail}) = ${text.toLowerCase()}`;
  const partial = text.length >= 3 ? sql`${orders.orderId} ilike ${`%${likeEscape(text)}%`}` : undefined;
  if (mode === "partial") return partial ?? sql`false`;
  const any: SQL[] = [eq(orders.orderId, text), eq(orders.gopayReference, text)];
  const phone = /^[+\d\s\-().]+$/.test(text) ? normalisePhone(text) : undefined;
  if (phone) any.push(eq(orders.customerPhone, phone));
  if (mode === "any" && partial) any.push(partial);
  return or(...any);
}

/**
 * Exact identifiers first: when the text is an order id, reference or phone that exists, the
 * fragment match is skipped. Besides being what a person means, this keeps lookups on btree
 * indexes: a full id like ORD-0000012345 shares common trigrams with every order, which makes
 * the trigram scan the slowest part of the page (see tests/bench/results).
 */
export async function resolveSearchMode(db: DbOrTx, q: string | undefined): Promise<SearchMode> {
  if (!q || q.includes("@")) return "exact";
  const exact = searchCondition(q, "exact");
  const hit = await db.select({ one: sql`1` }).from(orders).where(exact).limit(1);
  return hit.length > 0 ? "exact" : "partial";
}

/** Every filter of the view as one WHERE condition (undefined = everything). */
export function filterCondition(f: OrderFilters): SQL | undefined {
  const parts: (SQL | undefined)[] = [
    f.q ? searchCondition(f.q, f.searchMode) : undefined,
    f.statuses.length ? inArray(orders.status, f.statuses) : undefined,
    f.channels.length ? inArray(orders.channel, f.channels) : undefined,
    f.options.length ? inArray(orders.paymentOption, f.options) : undefined,
    f.createdFrom ? gte(orders.createdAt, f.createdFrom) : undefined,
    f.createdTo ? lt(orders.createdAt, f.createdTo) : undefined,
    f.minAmount !== undefined ? gte(orders.amount, f.minAmount) : undefined,
    f.maxAmount !== undefined ? lte(orders.amount, f.maxAmount) : undefined,
  ];
  return and(...parts);
}

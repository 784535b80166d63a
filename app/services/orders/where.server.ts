import { and, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { orders } from "~db/schema/orders";
import { normalisePhone } from "~/lib/phone";
import type { DbOrTx } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import type { OrderFilters } from "./search-params";

/** LIKE pattern text with its wildcards escaped (backslash is Postgres' default LIKE escape). */
function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The text as a stored phone (62812…) when it is written like one. */
const phoneOf = (text: string) => (/^[+\d\s\-().]+$/.test(text) ? normalisePhone(text) : undefined);

export type SearchMode = "exact" | "partial" | "any";
/** The exact identifiers a search text can be; resolveSearchMode narrows to those that exist. */
export type ExactField = "orderId" | "reference" | "phone";

/**
 * The one search box. An "@" means an email (case-insensitive, exact). Anything else may be our
 * order id, GoPay's reference, a phone in any spelling (0812…, +62812…, 62812… — stored 62812…),
 * or — mode "partial"/"any" — a fragment of an order id (3+ characters, trigram index).
 * `fields` (mode "exact") limits the match to the identifiers known to exist for this text.
 */
export function searchCondition(q: string, mode: SearchMode = "any", fields?: readonly ExactField[]): SQL | undefined {
  const text = q.trim();
  if (!text) return undefined;
  if (text.includes("@")) return sql`lower(${orders.customerEmail}) = ${text.toLowerCase()}`;
  // lower(order_id) like …: the form the trigram index is built on (db/schema/orders.ts).
  const partial = text.length >= 3 ? sql`lower(${orders.orderId}) like lower(${`%${likeEscape(text)}%`})` : undefined;
  if (mode === "partial") return partial ?? sql`false`;
  const wanted = (f: ExactField) => mode !== "exact" || !fields || fields.includes(f);
  const any: SQL[] = [];
  if (wanted("orderId")) any.push(eq(orders.orderId, text));
  if (wanted("reference")) any.push(eq(orders.gopayReference, text));
  const phone = phoneOf(text);
  if (phone && wanted("phone")) any.push(eq(orders.customerPhone, phone));
  if (mode === "any" && partial) any.push(partial);
  return any.length ? or(...any) : sql`false`;
}

/**
 * Exact identifiers first: when the text is an order id, reference or phone that exists, the
 * fragment match is skipped, and the condition keeps only the identifiers that matched. Besides
 * being what a person means, this keeps lookups on one btree index each: a full id like
 * ORD-0000012345 shares common trigrams with every order (the trigram scan would be the slowest
 * part of the page), and `order_id = … OR customer_phone = …` is a BitmapOr that must read and
 * sort every order of a customer with thousands of them, where `customer_phone = …` alone walks
 * the phone index in date order and stops after a page (see docs/benchmarks.md, 10M rows).
 */
export async function resolveSearchMode(
  db: DbOrTx,
  q: string | undefined,
): Promise<{ mode: SearchMode; fields?: ExactField[] }> {
  const text = q?.trim();
  if (!text || text.includes("@")) return { mode: "exact" };
  const phone = phoneOf(text);
  const [hit] = await rows<{ order_id: boolean; reference: boolean; phone: boolean }>(
    db,
    sql`select
      exists (select 1 from ${orders} where ${orders.orderId} = ${text}) as order_id,
      exists (select 1 from ${orders} where ${orders.gopayReference} = ${text}) as reference,
      ${phone ? sql`exists (select 1 from ${orders} where ${orders.customerPhone} = ${phone})` : sql`false`} as phone`,
  );
  const fields = (["orderId", "reference", "phone"] as const).filter(
    (f) => hit?.[f === "orderId" ? "order_id" : f] === true,
  );
  return fields.length ? { mode: "exact", fields } : { mode: "partial" };
}

/** Every filter of the view as one WHERE condition (undefined = everything). */
export function filterCondition(f: OrderFilters): SQL | undefined {
  const parts: (SQL | undefined)[] = [
    f.q ? searchCondition(f.q, f.searchMode, f.exactFields) : undefined,
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

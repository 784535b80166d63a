import { and, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { orders } from "~db/schema/orders";
import { normalisePhone } from "~/lib/phone";
import type { OrderFilters } from "./search-params";

/** LIKE pattern text with its wildcards escaped (backslash is Postgres' default LIKE escape). */
function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The one search box. An "@" means an email (case-insensitive, exact). Anything else may be our
 * order id, GoPay's reference, a phone in any spelling (0812…, +62812…, 62812… — stored 62812…),
 * or a fragment of an order id (3+ characters, served by the trigram index).
 */
export function searchCondition(q: string): SQL | undefined {
  const text = q.trim();
  if (!text) return undefined;
  if (text.includes("@")) return sql`lower(${orders.customerEmail}) = ${text.toLowerCase()}`;
  const any: SQL[] = [eq(orders.orderId, text), eq(orders.gopayReference, text)];
  const phone = /^[+\d\s\-().]+$/.test(text) ? normalisePhone(text) : undefined;
  if (phone) any.push(eq(orders.customerPhone, phone));
  if (text.length >= 3) any.push(sql`${orders.orderId} ilike ${`%${likeEscape(text)}%`}`);
  return or(...any);
}

/** Every filter of the view as one WHERE condition (undefined = everything). */
export function filterCondition(f: OrderFilters): SQL | undefined {
  const parts: (SQL | undefined)[] = [
    f.q ? searchCondition(f.q) : undefined,
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

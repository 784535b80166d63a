import { and, desc, inArray, or, sql, type SQL } from "drizzle-orm";
import { customers } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isTimestampText, isUuid } from "~/db/errors.server";
import { decodePairCursor, encodePairCursor } from "~/db/pair-cursor.server";
import { rows } from "~/db/rows.server";
import { normalisePhone } from "~/lib/phone";
import { isStaleCursor } from "~/lib/stale-cursor";
import { customerIdsByEmail, customerIdsByPhone } from "./customers.server";
import { escapeLike, foldName } from "./fold";

export const PAGE_SIZE = 50;
/** Totals stop counting here ("10,000+"): a broad name fragment never waits on a full count. */
export const TOTALS_CAP = 10_000;
/** Shorter name fragments match nothing by name: trigrams need three characters to use the index. */
export const MIN_NAME_FRAGMENT = 3;
/** Identity lookups (phone, email, ids) are people, not crowds: this many is plenty. */
const MAX_IDENTITY_MATCHES = 200;

export type CustomerQueryKind = "all" | "email" | "phone" | "text";

export interface CustomerSearch {
  q: string;
  kind: CustomerQueryKind;
  /** Name fragment shorter than MIN_NAME_FRAGMENT: searched only as an exact id. */
  short: boolean;
}

/**
 * One search box, read the way support types: an `@` is an email; something that normalises as an
 * Indonesian phone (0812…, +62 812-…, 62812…, 812…) is a phone (or a merchant user id made of
 * digits); anything else is a name fragment, a merchant user id or a GoPay account id.
 */
export function parseCustomerSearch(params: URLSearchParams): CustomerSearch {
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  if (!q) return { q, kind: "all", short: false };
  if (q.includes("@")) return { q, kind: "email", short: false };
  if (normalisePhone(q)) return { q, kind: "phone", short: false };
  return { q, kind: "text", short: (foldName(q) ?? "").length < MIN_NAME_FRAGMENT };
}

export interface CustomerListRow {
  id: string;
  merchantUserId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  gopayAccountId: string | null;
  tokenPresent: boolean;
  profileFetchedAt: Date | null;
  createdAt: Date;
}

export interface CustomerPage {
  rows: CustomerListRow[];
  next?: string;
  prev?: string;
  /** An `after`/`before` was given but could not be used: this is page one. */
  staleCursor: boolean;
}

interface Cursor {
  at: string;
  id: string;
}
const encodeCursor = (c: Cursor): string => encodePairCursor(c.at, c.id);
/** undefined for anything malformed: the list starts at page one (never a Postgres error). */
export function decodeCursor(raw: string | null | undefined): Cursor | undefined {
  const p = decodePairCursor(raw, isTimestampText, isUuid);
  return p && { at: p[0], id: p[1] };
}

/** Customers whose phone/email/id is exactly the query (own fields, linked accounts, linked orders). */
async function identityIds(db: DbOrTx, s: CustomerSearch): Promise<string[]> {
  if (s.kind === "email") return customerIdsByEmail(db, s.q, MAX_IDENTITY_MATCHES);
  if (s.kind === "phone") {
    const [byPhone, byId] = await Promise.all([customerIdsByPhone(db, normalisePhone(s.q)!, MAX_IDENTITY_MATCHES), exactIds(db, s.q)]);
    return [...new Set([...byPhone, ...byId])];
  }
  if (s.kind === "text") return exactIds(db, s.q);
  return [];
}

/** merchant user id, mini-app GoPay account id, Core pay account id, or the customer's own id. */
async function exactIds(db: DbOrTx, q: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`select id from customers where merchant_user_id = ${q}
        union select id from customers where gopay_account_id = ${q}
        union select customer_id from pay_accounts where account_id = ${q} and customer_id is not null
        ${isUuid(q) ? sql`union select id from customers where id = ${q}::uuid` : sql``}
        limit ${MAX_IDENTITY_MATCHES}`,
  );
  return found.map((r) => r.id);
}

/** The WHERE of a search (exposed for the benchmark's EXPLAIN). */
export async function searchCondition(db: DbOrTx, s: CustomerSearch): Promise<SQL | undefined> {
  if (s.kind === "all") return undefined;
  const ids = await identityIds(db, s);
  const byId = ids.length ? inArray(customers.id, ids) : undefined;
  const fragment = s.kind === "text" && !s.short ? foldName(s.q) : null;
  const byName = fragment ? sql`${customers.searchName} like ${`%${escapeLike(fragment)}%`}` : undefined;
  return or(byId, byName) ?? sql`false`;
}

const columns = {
  id: customers.id,
  merchantUserId: customers.merchantUserId,
  name: customers.name,
  phone: customers.phone,
  email: customers.email,
  gopayAccountId: customers.gopayAccountId,
  tokenPresent: sql<boolean>`${customers.authTokenEnc} is not null`,
  profileFetchedAt: customers.profileFetchedAt,
  createdAt: customers.createdAt,
  key: sql<string>`${customers.createdAt}::text`,
};

/** One page, newest first, keyset on (created_at, id): every page costs the same (no OFFSET). */
export async function listCustomers(db: DbOrTx, s: CustomerSearch, page: { after?: string | null; before?: string | null; limit?: number } = {}, where?: SQL): Promise<CustomerPage> {
  const limit = page.limit ?? PAGE_SIZE;
  const after = decodeCursor(page.after);
  const before = after ? undefined : decodeCursor(page.before);
  const cond = where ?? (await searchCondition(db, s));
  const keyset = after
    ? sql`(${customers.createdAt}, ${customers.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
    : before
      ? sql`(${customers.createdAt}, ${customers.id}) > (${before.at}::timestamptz, ${before.id}::uuid)`
      : undefined;
  const order = before ? [customers.createdAt, customers.id] : [desc(customers.createdAt), desc(customers.id)];
  const found = await db
    .select(columns)
    .from(customers)
    .where(and(cond, keyset))
    .orderBy(...order)
    .limit(limit + 1);
  const more = found.length > limit;
  const pageRows = more ? found.slice(0, limit) : found;
  if (before) pageRows.reverse();
  const cur = (r: (typeof pageRows)[number] | undefined) => (r ? encodeCursor({ at: r.key, id: r.id }) : undefined);
  const hasNext = before ? true : more;
  const hasPrev = before ? more : Boolean(after);
  return {
    rows: pageRows.map(({ key: _k, ...r }) => ({ ...r, tokenPresent: Boolean(r.tokenPresent) })),
    next: hasNext && pageRows.length ? cur(pageRows[pageRows.length - 1]) : undefined,
    prev: hasPrev && pageRows.length ? cur(pageRows[0]) : undefined,
    staleCursor: isStaleCursor(page, after ?? before),
  };
}

export interface CustomerTotals {
  count: number;
  capped: boolean;
}

/** How many customers match, counting at most TOTALS_CAP + 1 rows. */
export async function countCustomers(db: DbOrTx, s: CustomerSearch, where?: SQL): Promise<CustomerTotals> {
  const cond = where ?? (await searchCondition(db, s));
  const inner = db.select({ one: sql`1` }).from(customers).where(cond).limit(TOTALS_CAP + 1);
  const [r] = await rows<{ n: number | string }>(db, sql`select count(*)::int as n from (${inner}) t`);
  const n = Number(r?.n ?? 0);
  return n > TOTALS_CAP ? { count: TOTALS_CAP, capped: true } : { count: n, capped: false };
}

/** What the /customers loader needs: the page and the totals of one search. */
export async function searchCustomers(db: DbOrTx, s: CustomerSearch, page: { after?: string | null; before?: string | null } = {}) {
  const where = await searchCondition(db, s);
  const [list, totals] = await Promise.all([listCustomers(db, s, page, where), countCustomers(db, s, where)]);
  return { ...list, totals };
}

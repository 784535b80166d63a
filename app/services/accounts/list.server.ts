import { and, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { customers, payAccounts, PAY_ACCOUNT_STATUSES, type PayAccountStatus } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isTimestampText, isUuid } from "~/db/errors.server";
import { decodePairCursor, encodePairCursor } from "~/db/pair-cursor.server";
import { normalisePhone } from "~/lib/phone";
import { isStaleCursor } from "~/lib/stale-cursor";

export const ACCOUNTS_PAGE = 50;

export interface AccountFilters {
  q?: string;
  status?: PayAccountStatus;
  after?: string;
  /** Never written by Loket's links (the list only pages forward): read to say it was ignored. */
  before?: string;
}

export function parseAccountFilters(p: URLSearchParams): { filters: AccountFilters; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const f: AccountFilters = { q: p.get("q")?.trim() || undefined, after: p.get("after") || undefined, before: p.get("before") || undefined };
  const status = p.get("status");
  if (status) {
    if ((PAY_ACCOUNT_STATUSES as readonly string[]).includes(status.toUpperCase())) f.status = status.toUpperCase() as PayAccountStatus;
    else errors.status = "Pick a status from the list.";
  }
  return { filters: f, errors };
}

/**
 * One search box: an exact GoPay account id, a merchant user id, a phone in any spelling
 * (normalised to 62…), or an email (case-insensitive). Newest first, keyset on (created_at, id).
 */
export async function listAccounts(db: DbOrTx, f: AccountFilters) {
  const where: (SQL | undefined)[] = [];
  if (f.status) where.push(eq(payAccounts.status, f.status));
  if (f.q) {
    const phone = normalisePhone(f.q);
    where.push(
      or(
        eq(payAccounts.accountId, f.q),
        eq(customers.merchantUserId, f.q),
        phone ? or(eq(payAccounts.phone, phone), eq(customers.phone, phone)) : undefined,
        f.q.includes("@") ? ilike(customers.email, f.q.replace(/[%_\\]/g, (c) => `\\${c}`)) : undefined,
      ),
    );
  }
  const cursor = decode(f.after);
  if (cursor) where.push(sql`(${payAccounts.createdAt}, ${payAccounts.id}) < (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)`);
  const rows = await db
    .select({
      id: payAccounts.id,
      accountId: payAccounts.accountId,
      status: payAccounts.status,
      phone: payAccounts.phone,
      createdAt: payAccounts.createdAt,
      refreshedAt: payAccounts.refreshedAt,
      customerName: customers.name,
      merchantUserId: customers.merchantUserId,
      customerEmail: customers.email,
      customerPhone: customers.phone,
      keyText: sql<string>`${payAccounts.createdAt}::text`,
    })
    .from(payAccounts)
    .leftJoin(customers, eq(customers.id, payAccounts.customerId))
    .where(and(...where))
    .orderBy(desc(payAccounts.createdAt), desc(payAccounts.id))
    .limit(ACCOUNTS_PAGE + 1);
  const more = rows.length > ACCOUNTS_PAGE;
  const page = rows.slice(0, ACCOUNTS_PAGE).map(({ keyText, ...r }) => ({ ...r, cursor: encode(keyText, r.id) }));
  return { rows: page, olderCursor: more ? page[page.length - 1]!.cursor : null, staleCursor: isStaleCursor(f, cursor) };
}

export const encode = encodePairCursor;
/** undefined for anything malformed: the list starts at page one (never a Postgres error). */
export const decode = (raw: string | undefined) => decodePairCursor(raw, isTimestampText, isUuid);


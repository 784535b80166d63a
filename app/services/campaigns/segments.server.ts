import { and, asc, isNull, sql, type SQL } from "drizzle-orm";
import { coinPayouts, customers, orders, payAccounts } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { wibDateString } from "~/lib/time";

/**
 * Saved segments: audiences built from Loket's customers, each a WHERE over `customers c` (no
 * list in memory: a draft inserts them with one INSERT … SELECT, or in keyset batches when the
 * parameters are per customer). "Now" is passed in, so counts and drafts agree and tests pin it.
 */
import { SEGMENTS, type SegmentKey } from "./segments-list";

export { SEGMENTS, isSegment, type SegmentKey } from "./segments-list";

/** The previous calendar month in WIB, as [start, end) instants. */
export function lastMonthWib(now: Date): { start: Date; end: Date } {
  const [y, m] = wibDateString(now).split("-").map(Number) as [number, number];
  const startThis = Date.UTC(y, m - 1, 1) - 7 * 3600_000;
  const startLast = Date.UTC(m === 1 ? y - 1 : y, m === 1 ? 11 : m - 2, 1) - 7 * 3600_000;
  return { start: new Date(startLast), end: new Date(startThis) };
}

/** The segment's condition on `customers` (the table itself, not an alias). Instants as ISO text: postgres-js does not take a Date inside raw SQL. */
export function segmentWhere(segment: SegmentKey, now: Date): SQL {
  switch (segment) {
    case "unpaid_over_day": {
      const before = new Date(now.getTime() - 24 * 3600_000);
      return sql`exists (select 1 from ${orders} where ${orders.customerId} = ${customers.id} and ${orders.status} = 'pending' and ${orders.createdAt} < ${before.toISOString()}::timestamptz)`;
    }
    case "enabled_linked_account":
      return sql`exists (select 1 from ${payAccounts} where ${payAccounts.customerId} = ${customers.id} and ${payAccounts.status} = 'ENABLED')`;
    case "coins_last_month": {
      const { start, end } = lastMonthWib(now);
      return sql`exists (select 1 from ${coinPayouts} where ${coinPayouts.customerId} = ${customers.id} and ${coinPayouts.status} = 'paid' and ${coinPayouts.paidAt} >= ${start.toISOString()}::timestamptz and ${coinPayouts.paidAt} < ${end.toISOString()}::timestamptz)`;
    }
    case "no_order_30_days": {
      const since = new Date(now.getTime() - 30 * 24 * 3600_000);
      return sql`not exists (select 1 from ${orders} where ${orders.customerId} = ${customers.id} and ${orders.createdAt} >= ${since.toISOString()}::timestamptz)`;
    }
  }
}

export interface SegmentCount {
  segment: SegmentKey;
  /** Customers in the segment. */
  total: number;
  /** Of those, customers with a mini-app token (the others cannot receive a push or reminder). */
  reachable: number;
}

/** The live count of one segment: everyone in it, and those who can be reached. */
export async function countSegment(database: DbOrTx, segment: SegmentKey, now: Date): Promise<SegmentCount> {
  const [r] = await rows<{ total: string | number; reachable: string | number }>(
    database,
    sql`select count(*) as total, count(${customers.authTokenEnc}) as reachable from ${customers} where ${segmentWhere(segment, now)}`,
  );
  return { segment, total: Number(r?.total ?? 0), reachable: Number(r?.reachable ?? 0) };
}

/**
 * The first `limit` customers of a segment who cannot be reached (no mini-app token), by id: a
 * segment has no CSV lines, so what it left out is listed by customer.
 */
export async function unreachableInSegment(
  database: DbOrTx,
  segment: SegmentKey,
  now: Date,
  limit: number,
): Promise<string[]> {
  if (limit <= 0) return [];
  const found = await database
    .select({ id: customers.id })
    .from(customers)
    .where(and(segmentWhere(segment, now), isNull(customers.authTokenEnc)))
    .orderBy(asc(customers.id))
    .limit(limit);
  return found.map((c) => c.id);
}

export async function countSegments(database: DbOrTx, now: Date): Promise<SegmentCount[]> {
  const out: SegmentCount[] = [];
  for (const s of SEGMENTS) out.push(await countSegment(database, s, now));
  return out;
}

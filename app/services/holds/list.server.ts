import { and, desc, asc, eq, gte, lt, lte, sql, type SQL } from "drizzle-orm";
import { holds, orders, HOLD_STATUSES, type HoldStatus } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isTimestampText, isUuid } from "~/db/errors.server";
import { decodePairCursor, encodePairCursor } from "~/db/pair-cursor.server";
import { parseRupiah } from "~/lib/money";
import { isStaleCursor } from "~/lib/stale-cursor";
import { wibRange } from "~/lib/time";

/** /holds filters, parsed from the URL; `errors` name the field that was not understood. */
export interface HoldFilters {
  status?: HoldStatus;
  from?: string;
  to?: string;
  minAmount?: bigint;
  maxAmount?: bigint;
  /** Only authorised holds whose expiry is within the next 5 minutes. */
  expiringSoon: boolean;
  after?: string;
  before?: string;
}

export const EXPIRING_SOON_MS = 5 * 60_000;
export const PAGE_SIZE = 50;

export function parseHoldFilters(params: URLSearchParams): { filters: HoldFilters; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const f: HoldFilters = { expiringSoon: params.get("view") === "expiring" };
  const status = params.get("status");
  if (status) {
    if ((HOLD_STATUSES as readonly string[]).includes(status)) f.status = status as HoldStatus;
    else errors.status = "Pick a status from the list.";
  }
  const from = params.get("from") || undefined;
  const to = params.get("to") || undefined;
  if (from || to) {
    if (!wibRange(from ?? to!, to ?? from!)) errors.from = "Dates are day-month-year, e.g. 21-11-2026 (WIB days).";
    else Object.assign(f, { from: from ?? to, to: to ?? from });
  }
  for (const [key, field] of [["min", "minAmount"], ["max", "maxAmount"]] as const) {
    const raw = params.get(key);
    if (!raw) continue;
    const p = parseRupiah(raw);
    if (p.ok) f[field] = p.minor;
    else errors[key] = p.error;
  }
  f.after = params.get("after") || undefined;
  f.before = params.get("before") || undefined;
  return { filters: f, errors };
}

export interface HoldListRow {
  id: string;
  orderId: string;
  amount: bigint;
  status: HoldStatus;
  authorisedAt: Date;
  expiresAt: Date;
  customerId: string | null;
  customerName: string | null;
  customerPhone: string | null;
  customerEmail: string | null;
  releaseReason: string | null;
  cursor: string;
}

const encode = encodePairCursor;
/** undefined for anything malformed: the list starts at page one (never a Postgres error). */
export const decodeHoldCursor = (raw: string | undefined) => decodePairCursor(raw, isTimestampText, isUuid);

/**
 * Holds newest authorised first (the expiring view: soonest expiry first), keyset-paged on
 * (authorised_at, id) — or (expires_at, id) — using Postgres' own text of the timestamp so no
 * microseconds are lost between pages.
 */
export async function listHolds(db: DbOrTx, f: HoldFilters, now: Date = new Date()) {
  const key = f.expiringSoon ? holds.expiresAt : holds.authorisedAt;
  const where: (SQL | undefined)[] = [];
  if (f.expiringSoon) {
    where.push(eq(holds.status, "authorised"), gte(holds.expiresAt, now), lte(holds.expiresAt, new Date(now.getTime() + EXPIRING_SOON_MS)));
  } else if (f.status) where.push(eq(holds.status, f.status));
  if (f.from && f.to) {
    const r = wibRange(f.from, f.to)!;
    where.push(gte(holds.authorisedAt, r.start), lt(holds.authorisedAt, r.end));
  }
  if (f.minAmount !== undefined) where.push(gte(holds.amount, f.minAmount));
  if (f.maxAmount !== undefined) where.push(lte(holds.amount, f.maxAmount));
  // Default order: newest first (desc); the expiring view: soonest first (asc).
  const descending = !f.expiringSoon;
  const after = decodeHoldCursor(f.after);
  const before = after ? undefined : decodeHoldCursor(f.before);
  const cmp = (c: [string, string], forward: boolean) =>
    forward === descending
      ? sql`(${key}, ${holds.id}) < (${c[0]}::timestamptz, ${c[1]}::uuid)`
      : sql`(${key}, ${holds.id}) > (${c[0]}::timestamptz, ${c[1]}::uuid)`;
  if (after) where.push(cmp(after, true));
  if (before) where.push(cmp(before, false));
  const dirFwd = descending ? [desc(key), desc(holds.id)] : [asc(key), asc(holds.id)];
  const dirBack = descending ? [asc(key), asc(holds.id)] : [desc(key), desc(holds.id)];
  const rowsRaw = await db
    .select({
      id: holds.id,
      orderId: orders.orderId,
      amount: holds.amount,
      status: holds.status,
      authorisedAt: holds.authorisedAt,
      expiresAt: holds.expiresAt,
      customerId: orders.customerId,
      customerName: orders.customerName,
      customerPhone: orders.customerPhone,
      customerEmail: orders.customerEmail,
      releaseReason: holds.releaseReason,
      keyText: sql<string>`${key}::text`,
    })
    .from(holds)
    .innerJoin(orders, eq(orders.id, holds.orderId))
    .where(and(...where))
    .orderBy(...(before ? dirBack : dirFwd))
    .limit(PAGE_SIZE + 1);
  const more = rowsRaw.length > PAGE_SIZE;
  const page = rowsRaw.slice(0, PAGE_SIZE);
  if (before) page.reverse();
  const rows: HoldListRow[] = page.map(({ keyText, ...r }) => ({ ...r, cursor: encode(keyText, r.id) }));
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows,
    newerCursor: first && (before ? more : Boolean(after)) ? first.cursor : null,
    olderCursor: last && (before ? true : more) ? last.cursor : null,
    staleCursor: isStaleCursor(f, after ?? before),
  };
}

import { and, asc, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import {
  COIN_BATCH_STATUSES,
  COIN_PAYOUT_STATUSES,
  coinBatches,
  coinPayouts,
  customers,
  staff,
  type CoinBatchStatus,
  type CoinPayoutStatus,
} from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isTimestampText, isUuid } from "~/db/errors.server";
import { decodePairCursor, encodePairCursor } from "~/db/pair-cursor.server";
import { normalisePhone } from "~/lib/phone";
import { isStaleCursor } from "~/lib/stale-cursor";
import { isoDay, wibRange } from "~/lib/time";
import { escapeLike, foldName } from "~/services/customers/fold";

/** /coins list filters as they come from the URL; `values` go back into the form as typed. */
export interface CoinFilters {
  status?: CoinPayoutStatus;
  kind?: "single" | "batch";
  from?: string;
  to?: string;
  /** a customer id, or a name fragment / phone */
  customer?: string;
  batchId?: string;
  requestedBy?: string;
}

export type CoinFilterField = "status" | "kind" | "from" | "to" | "customer" | "batch" | "requester";
export const COIN_FILTER_FIELDS: CoinFilterField[] = [
  "status",
  "kind",
  "from",
  "to",
  "customer",
  "batch",
  "requester",
];

export function parseCoinSearch(params: URLSearchParams): {
  filters: CoinFilters;
  values: Partial<Record<CoinFilterField, string>>;
  errors: Partial<Record<CoinFilterField, string>>;
} {
  const values: Partial<Record<CoinFilterField, string>> = {};
  const errors: Partial<Record<CoinFilterField, string>> = {};
  const filters: CoinFilters = {};
  for (const f of COIN_FILTER_FIELDS) {
    const v = params.get(f)?.trim();
    if (v) values[f] = v.slice(0, 200);
  }
  if (values.status) {
    if ((COIN_PAYOUT_STATUSES as readonly string[]).includes(values.status))
      filters.status = values.status as CoinPayoutStatus;
    else errors.status = "coins:list.errors.status";
  }
  if (values.kind === "single" || values.kind === "batch") filters.kind = values.kind;
  for (const f of ["from", "to"] as const) {
    if (!values[f]) continue;
    const day = isoDay(values[f]!);
    if (day) filters[f] = day;
    else errors[f] = "coins:list.errors.day";
  }
  if (filters.from && filters.to && filters.from > filters.to) errors.to = "coins:list.errors.range";
  if (values.customer) filters.customer = values.customer;
  if (values.batch) {
    if (isUuid(values.batch)) filters.batchId = values.batch.toLowerCase();
    else errors.batch = "coins:list.errors.batch";
  }
  if (values.requester) {
    if (isUuid(values.requester)) filters.requestedBy = values.requester.toLowerCase();
    else errors.requester = "coins:list.errors.requester";
  }
  return { filters, values, errors };
}

export interface CoinPayoutListRow {
  id: string;
  createdAt: Date;
  paidAt: Date | null;
  customerId: string;
  customerName: string | null;
  customerPhone: string | null;
  amount: bigint;
  description: string;
  reasonCode: string | null;
  status: CoinPayoutStatus;
  batchId: string | null;
  batchFilename: string | null;
  line: number | null;
  requestId: string;
  gopayPaymentId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  requestedBy: string | null;
  requesterEmail: string | null;
  approvalId: string | null;
}

export const listColumns = {
  id: coinPayouts.id,
  createdAt: coinPayouts.createdAt,
  paidAt: coinPayouts.paidAt,
  customerId: coinPayouts.customerId,
  customerName: customers.name,
  customerPhone: customers.phone,
  amount: coinPayouts.amount,
  description: coinPayouts.description,
  reasonCode: coinPayouts.reasonCode,
  status: coinPayouts.status,
  batchId: coinPayouts.batchId,
  batchFilename: coinBatches.filename,
  line: coinPayouts.line,
  requestId: coinPayouts.requestId,
  gopayPaymentId: coinPayouts.gopayPaymentId,
  errorCode: coinPayouts.errorCode,
  errorMessage: coinPayouts.errorMessage,
  requestedBy: sql<string | null>`coalesce(${coinPayouts.requestedBy}, ${coinBatches.submittedBy})`,
  requesterEmail: staff.email,
  approvalId: coinPayouts.approvalId,
};

export function filterCondition(f: CoinFilters): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (f.status) conds.push(eq(coinPayouts.status, f.status));
  if (f.kind === "single") conds.push(isNull(coinPayouts.batchId));
  if (f.kind === "batch") conds.push(isNotNull(coinPayouts.batchId));
  const range = wibRange(f.from ?? "2000-01-01", f.to ?? "2999-12-31");
  if (range && f.from) conds.push(sql`${coinPayouts.createdAt} >= ${range.start.toISOString()}::timestamptz`);
  if (range && f.to) conds.push(sql`${coinPayouts.createdAt} < ${range.end.toISOString()}::timestamptz`);
  if (f.customer) {
    if (isUuid(f.customer)) conds.push(eq(coinPayouts.customerId, f.customer.toLowerCase()));
    else {
      const phone = /^[+\d\s-]{6,}$/.test(f.customer) ? normalisePhone(f.customer) : undefined;
      const name = foldName(f.customer);
      conds.push(
        or(
          phone ? eq(customers.phone, phone) : undefined,
          name ? ilike(customers.searchName, `%${escapeLike(name)}%`) : undefined,
          eq(customers.merchantUserId, f.customer),
        ),
      );
    }
  }
  if (f.batchId) conds.push(eq(coinPayouts.batchId, f.batchId));
  if (f.requestedBy)
    conds.push(
      sql`coalesce(${coinPayouts.requestedBy}, ${coinBatches.submittedBy}) = ${f.requestedBy}::uuid`,
    );
  return and(...conds);
}

export interface CoinCursor {
  value: string;
  id: string;
}

export function encodeCoinCursor(c: CoinCursor): string {
  return encodePairCursor(c.value, c.id);
}

export function decodeCoinCursor(raw: string | null | undefined): CoinCursor | undefined {
  const p = decodePairCursor(raw, isTimestampText, isUuid);
  return p && { value: p[0], id: p[1] };
}

/** Newest first; `older`: rows after the cursor (further down), else rows before it (up). */
export function keysetCondition(c: CoinCursor, older: boolean): SQL {
  return older
    ? sql`(${coinPayouts.createdAt}, ${coinPayouts.id}) < (${c.value}::timestamptz, ${c.id}::uuid)`
    : sql`(${coinPayouts.createdAt}, ${coinPayouts.id}) > (${c.value}::timestamptz, ${c.id}::uuid)`;
}

export const sortKey = sql<string>`${coinPayouts.createdAt}::text`;

/** The joined select every reader of the list uses (page and CSV). */
export function selectPayouts(database: DbOrTx) {
  return database
    .select({ ...listColumns, sortKey })
    .from(coinPayouts)
    .innerJoin(customers, eq(customers.id, coinPayouts.customerId))
    .leftJoin(coinBatches, eq(coinBatches.id, coinPayouts.batchId))
    .leftJoin(staff, sql`${staff.id} = coalesce(${coinPayouts.requestedBy}, ${coinBatches.submittedBy})`);
}

export const PAGE_SIZE = 50;

export async function listCoinPayouts(
  database: DbOrTx,
  filters: CoinFilters,
  page: { after?: string | null; before?: string | null; limit?: number } = {},
): Promise<{ rows: CoinPayoutListRow[]; newerCursor: string | null; olderCursor: string | null; staleCursor: boolean }> {
  const limit = page.limit ?? PAGE_SIZE;
  const after = decodeCoinCursor(page.after);
  const before = after ? undefined : decodeCoinCursor(page.before);
  const where = and(
    filterCondition(filters),
    after ? keysetCondition(after, true) : before ? keysetCondition(before, false) : undefined,
  );
  const rows = await selectPayouts(database)
    .where(where)
    .orderBy(
      ...(before
        ? [asc(coinPayouts.createdAt), asc(coinPayouts.id)]
        : [desc(coinPayouts.createdAt), desc(coinPayouts.id)]),
    )
    .limit(limit + 1);
  const more = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  if (before) pageRows.reverse();
  const first = pageRows[0];
  const last = pageRows[pageRows.length - 1];
  const hasNewer = before ? more : !!after;
  const hasOlder = before ? true : more;
  return {
    rows: pageRows.map(({ sortKey: _k, ...r }) => r as CoinPayoutListRow),
    newerCursor: hasNewer && first ? encodeCoinCursor({ value: first.sortKey, id: first.id }) : null,
    olderCursor: hasOlder && last ? encodeCoinCursor({ value: last.sortKey, id: last.id }) : null,
    staleCursor: isStaleCursor(page, after ?? before),
  };
}

export interface CoinBatchListRow {
  id: string;
  filename: string;
  status: CoinBatchStatus;
  rowCount: number;
  totalAmount: bigint;
  submittedAt: Date;
  submitterEmail: string | null;
}

/** The latest batches (optionally of one status), for the batches card on /coins. */
export async function listCoinBatches(
  database: DbOrTx,
  opts: { status?: string; limit?: number } = {},
): Promise<CoinBatchListRow[]> {
  const status = (COIN_BATCH_STATUSES as readonly string[]).includes(opts.status ?? "")
    ? (opts.status as CoinBatchStatus)
    : undefined;
  return database
    .select({
      id: coinBatches.id,
      filename: coinBatches.filename,
      status: coinBatches.status,
      rowCount: coinBatches.rowCount,
      totalAmount: coinBatches.totalAmount,
      submittedAt: coinBatches.submittedAt,
      submitterEmail: staff.email,
    })
    .from(coinBatches)
    .leftJoin(staff, eq(staff.id, coinBatches.submittedBy))
    .where(status ? eq(coinBatches.status, status) : undefined)
    .orderBy(desc(coinBatches.submittedAt), desc(coinBatches.id))
    .limit(opts.limit ?? 10);
}

/** Staff who asked for payouts or submitted batches: the requester filter's options. */
export async function coinRequesters(
  database: DbOrTx,
): Promise<{ id: string; email: string; name: string }[]> {
  return database
    .select({ id: staff.id, email: staff.email, name: staff.name })
    .from(staff)
    .where(
      or(
        sql`exists (select 1 from ${coinPayouts} where ${coinPayouts.requestedBy} = ${staff.id})`,
        sql`exists (select 1 from ${coinBatches} where ${coinBatches.submittedBy} = ${staff.id})`,
      ),
    )
    .orderBy(asc(staff.email))
    .limit(200);
}

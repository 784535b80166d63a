import { and, asc, desc, sql, type SQL } from "drizzle-orm";
import { orders, type Channel, type OrderStatus, type PaymentOption } from "~db/schema/orders";
import type { DbOrTx } from "~/db/client.server";
import { pgErrorCode } from "~/db/errors.server";
import { rows } from "~/db/rows.server";
import { isStaleCursor } from "~/lib/stale-cursor";
import { decodeCursor, encodeCursor, type OrderCursor } from "./cursor";
import type { OrderSort } from "./options";
import type { OrderFilters, ParsedOrderSearch } from "./search-params";
import { filterCondition, resolveSearchMode } from "./where.server";

export const PAGE_SIZE = 50;
/** Totals stop counting here: the answer stays cheap on any filter ("10,000+"). */
import { TOTALS_CAP } from "./search-params";
export { TOTALS_CAP };

export interface OrderListRow {
  id: string;
  orderId: string;
  gopayReference: string | null;
  status: OrderStatus;
  channel: Channel;
  paymentOption: PaymentOption | null;
  amount: bigint;
  paidAmount: bigint;
  refundedAmount: bigint;
  customerName: string | null;
  customerPhone: string | null;
  customerEmail: string | null;
  createdAt: Date;
  paidAt: Date | null;
}

export interface OrderPage {
  rows: OrderListRow[];
  /** Cursor for the next page (rows after the last one), if there is one. */
  next?: string;
  /** Cursor for the previous page (rows before the first one), if there is one. */
  prev?: string;
  /** An `after`/`before` was given but could not be used (malformed, another sort): this is page one. */
  staleCursor: boolean;
}

export const listColumns = {
  id: orders.id,
  orderId: orders.orderId,
  gopayReference: orders.gopayReference,
  status: orders.status,
  channel: orders.channel,
  paymentOption: orders.paymentOption,
  amount: orders.amount,
  paidAmount: orders.paidAmount,
  refundedAmount: orders.refundedAmount,
  customerName: orders.customerName,
  customerPhone: orders.customerPhone,
  customerEmail: orders.customerEmail,
  createdAt: orders.createdAt,
  paidAt: orders.paidAt,
};

// The sort key as Postgres text, so a cursor keeps microseconds and exact digits (a JS Date would
// drop microseconds and the next page would skip or repeat rows).
const sortKeyText = {
  created: sql<string>`${orders.createdAt}::text`,
  amount: sql<string>`${orders.amount}::text`,
};

function sortParts(sort: OrderSort) {
  const byAmount = sort.startsWith("amount");
  return {
    column: byAmount ? orders.amount : orders.createdAt,
    keyText: byAmount ? sortKeyText.amount : sortKeyText.created,
    cast: byAmount ? sql`::bigint` : sql`::timestamptz`,
    descending: sort.endsWith("_desc"),
  };
}

/**
 * Rows strictly after (`forward`) or before the cursor in the sort order. A row comparison
 * `(key, id) < (…)` matches the (key, id) indexes, so every page costs the same (no OFFSET).
 */
export function keysetCondition(sort: OrderSort, cursor: OrderCursor, forward: boolean): SQL {
  const p = sortParts(sort);
  const goesDown = p.descending === forward;
  const value = sql`${cursor.value}${p.cast}`;
  const id = sql`${cursor.id}::uuid`;
  return goesDown ? sql`(${p.column}, ${orders.id}) < (${value}, ${id})` : sql`(${p.column}, ${orders.id}) > (${value}, ${id})`;
}

export function orderBy(sort: OrderSort, forward = true) {
  const p = sortParts(sort);
  const down = p.descending === forward;
  return down ? [desc(p.column), desc(orders.id)] : [asc(p.column), asc(orders.id)];
}

type RowWithKey = OrderListRow & { sortKey: string };

/** The page query itself (exposed so the benchmark can EXPLAIN exactly what the page runs). */
export function listQuery(db: DbOrTx, filters: OrderFilters, page: { after?: string; before?: string; limit?: number } = {}) {
  const limit = page.limit ?? PAGE_SIZE;
  const afterC = decodeCursor(page.after, filters.sort);
  const beforeC = afterC ? undefined : decodeCursor(page.before, filters.sort);
  const forward = !beforeC;
  const cursor = afterC ?? beforeC;
  const query = db
    .select({ ...listColumns, sortKey: sortParts(filters.sort).keyText })
    .from(orders)
    .where(and(filterCondition(filters), cursor ? keysetCondition(filters.sort, cursor, forward) : undefined))
    .orderBy(...orderBy(filters.sort, forward))
    .limit(limit + 1);
  return { query, forward, cursor, limit };
}

/** One page of the filtered list in the chosen order, from an `after` or a `before` cursor. */
export async function listOrders(
  db: DbOrTx,
  filters: OrderFilters,
  page: { after?: string; before?: string; limit?: number } = {},
): Promise<OrderPage> {
  const { query, forward, cursor, limit } = listQuery(db, filters, page);
  const hasCursor = Boolean(cursor);
  const found = (await query) as RowWithKey[];
  const more = found.length > limit;
  const pageRows = more ? found.slice(0, limit) : found;
  if (!forward) pageRows.reverse();

  const cursorOf = (r: RowWithKey | undefined) =>
    r ? encodeCursor({ sort: filters.sort, value: r.sortKey, id: r.id }) : undefined;
  const first = pageRows[0];
  const last = pageRows[pageRows.length - 1];
  // Going forward, a cursor means there were rows before; going back, the extra row says so.
  const hasNext = forward ? more : true;
  const hasPrev = forward ? hasCursor : more;
  return {
    rows: pageRows.map(({ sortKey: _k, ...r }) => r),
    next: hasNext && pageRows.length ? cursorOf(last) : undefined,
    prev: hasPrev && pageRows.length ? cursorOf(first) : undefined,
    staleCursor: isStaleCursor(page, cursor),
  };
}

export interface OrderTotals {
  /** Exact when `capped` is false; otherwise "more than TOTALS_CAP". */
  count: number;
  capped: boolean;
  /** A fragment search whose count did not finish within its budget: count and sums unknown. */
  uncounted?: boolean;
  /** Sums over the filtered set; absent when capped (a partial sum would mislead). */
  amount?: bigint;
  refunded?: bigint;
}

/** The totals query (exposed for EXPLAIN in the benchmark). */
export function totalsQuery(db: DbOrTx, filters: OrderFilters, cap = TOTALS_CAP): SQL {
  const inner = db
    .select({ amount: orders.amount, refundedAmount: orders.refundedAmount })
    .from(orders)
    .where(filterCondition(filters))
    .limit(cap + 1);
  return sql`select count(*)::int as n, sum(t.amount)::text as amount, sum(t.refunded_amount)::text as refunded from (${inner}) t`;
}

/**
 * Orders are never deleted, so once the unfiltered list has counted past the cap it stays past it:
 * remembered per database handle (and cap), the unfiltered /orders page — the one every visit
 * lands on — no longer reads 10,001 rows to say "10,000+" each time (~7 ms of Postgres CPU per
 * page at 1M orders, as much as a third of the page's cost on a 2-core machine).
 */
const unfilteredOverCap = new WeakMap<object, Set<number>>();

/**
 * Count and sums of the filtered set, reading at most cap+1 rows: exact for a narrow view,
 * "10,000+" for a broad one, so the page never waits on a million-row aggregate.
 */
export async function orderTotals(db: DbOrTx, filters: OrderFilters, cap = TOTALS_CAP): Promise<OrderTotals> {
  const unfiltered = filterCondition(filters) === undefined;
  if (unfiltered && unfilteredOverCap.get(db)?.has(cap)) return { count: cap, capped: true };
  const [r] = await rows<{ n: number | string; amount: string | null; refunded: string | null }>(db, totalsQuery(db, filters, cap));
  const n = Number(r?.n ?? 0);
  if (n > cap && unfiltered) unfilteredOverCap.set(db, (unfilteredOverCap.get(db) ?? new Set()).add(cap));
  if (n > cap) return { count: cap, capped: true };
  return { count: n, capped: false, amount: BigInt(r?.amount ?? "0"), refunded: BigInt(r?.refunded ?? "0") };
}

/**
 * How long each query of a fragment search (trigram) may take. A distinctive fragment takes ~10 ms
 * on 10M orders; counting one that 100,000 ids share ("ORD-00000") reads every candidate of the
 * trigram index (160 ms at 1M orders, seconds at 10M), and the person is better served by "type
 * more" than by a spinner (docs/benchmarks.md).
 */
export const PARTIAL_SEARCH_BUDGET_MS = 300;

/** A fragment search that matches too much to list within the budget; its message is for the search field. */
export class SearchTooBroadError extends Error {
  constructor(q: string) {
    super(
      `Too many order ids contain “${q}” to list them quickly. Type more of the order id (its last characters are the most distinctive), or search by phone, email or GoPay reference.`,
    );
    this.name = "SearchTooBroadError";
  }
}

/** Runs `work` in a transaction whose statements are cancelled after `ms` (statement_timeout). */
export async function withStatementBudget<T>(db: DbOrTx, ms: number, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('statement_timeout', ${String(Math.max(1, Math.round(ms)))}, true)`);
    return work(tx);
  });
}

/** What the /orders loader needs: a page and the totals, queried side by side. */
export async function loadOrdersView(
  db: DbOrTx,
  filters: OrderFilters,
  page: { after?: string; before?: string; limit?: number } = {},
  opts: { partialBudgetMs?: number } = {},
): Promise<{ page: OrderPage; totals: OrderTotals }> {
  const resolved = await withSearchMode(db, filters);
  if (resolved.searchMode !== "partial") {
    const [p, totals] = await Promise.all([listOrders(db, resolved, page), orderTotals(db, resolved)]);
    return { page: p, totals };
  }
  // A fragment many ids share: the page usually still comes quickly (the planner walks the date
  // index and filters), while counting may mean reading every candidate of the trigram index. So
  // each query has the budget on its own: a slow count leaves the page with "not counted", a slow
  // page means the search is too broad to list.
  const budget = opts.partialBudgetMs ?? PARTIAL_SEARCH_BUDGET_MS;
  const [p, totals] = await Promise.allSettled([
    withStatementBudget(db, budget, (tx) => listOrders(tx, resolved, page)),
    withStatementBudget(db, budget, (tx) => orderTotals(tx, resolved)),
  ]);
  const timedOut = (r: PromiseSettledResult<unknown>) => r.status === "rejected" && pgErrorCode(r.reason) === "57014";
  if (timedOut(p)) throw new SearchTooBroadError(resolved.q ?? "");
  if (p.status === "rejected") throw p.reason;
  if (timedOut(totals)) return { page: p.value, totals: { count: 0, capped: true, uncounted: true } };
  if (totals.status === "rejected") throw totals.reason;
  return { page: p.value, totals: totals.value };
}

/**
 * The /orders page's data from a parsed URL: nothing is queried while a filter has a message (the
 * form shows it, the list waits), and a search too broad to list becomes a message at the search
 * field rather than an error page.
 */
export async function loadOrdersPage(
  db: DbOrTx,
  parsed: ParsedOrderSearch,
): Promise<{ view: { page: OrderPage; totals: OrderTotals } | null; errors: ParsedOrderSearch["errors"] }> {
  const errors = { ...parsed.errors };
  if (Object.keys(errors).length > 0) return { view: null, errors };
  try {
    return { view: await loadOrdersView(db, parsed.filters, { after: parsed.after, before: parsed.before }), errors };
  } catch (err) {
    if (!(err instanceof SearchTooBroadError)) throw err;
    return { view: null, errors: { ...errors, q: err.message } };
  }
}

/** The filters with the search box's match mode decided (one indexed lookup). */
export async function withSearchMode(db: DbOrTx, filters: OrderFilters): Promise<OrderFilters> {
  if (!filters.q || filters.searchMode) return filters;
  const { mode, fields } = await resolveSearchMode(db, filters.q);
  return { ...filters, searchMode: mode, exactFields: fields };
}

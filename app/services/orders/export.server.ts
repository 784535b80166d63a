import { and, sql } from "drizzle-orm";
import { orders } from "~db/schema/orders";
import type { DbOrTx } from "~/db/client.server";
import { csvText, type CsvCell } from "~/lib/csv.server";
import { formatRupiahPlain } from "~/lib/money";
import { formatWibPlain, wibDateString } from "~/lib/time";
import type { OrderCursor } from "./cursor";
import { keysetCondition, listColumns, orderBy, withSearchMode, type OrderListRow } from "./list.server";
import type { OrderFilters } from "./search-params";
import { filterCondition } from "./where.server";

export const EXPORT_BATCH = 2_000;

export const CSV_HEADER = [
  "order_id",
  "gopay_reference",
  "created_at_wib",
  "paid_at_wib",
  "status",
  "channel",
  "payment_option",
  "amount_rp",
  "paid_rp",
  "refunded_rp",
  "customer_name",
  "customer_phone",
  "customer_email",
] as const;

export function exportFilename(now: Date = new Date()): string {
  return `loket-orders-${wibDateString(now)}-WIB.csv`;
}

function toRecord(r: OrderListRow): CsvCell[] {
  return [
    r.orderId,
    r.gopayReference,
    formatWibPlain(r.createdAt),
    r.paidAt ? formatWibPlain(r.paidAt) : "",
    r.status,
    r.channel,
    r.paymentOption,
    formatRupiahPlain(r.amount),
    formatRupiahPlain(r.paidAmount),
    formatRupiahPlain(r.refundedAmount),
    r.customerName,
    r.customerPhone,
    r.customerEmail,
  ];
}

/**
 * The filtered set as CSV text chunks, one chunk per keyset batch: the caller pulls, we read the
 * next batch only then, so memory holds one batch whatever the size of the export. The UTF-8 BOM
 * makes spreadsheet apps read names with non-ASCII letters correctly.
 */
export async function* exportOrdersCsv(
  db: DbOrTx,
  filters: OrderFilters,
  opts: { batchSize?: number; onBatch?: (rows: number) => void } = {},
): AsyncGenerator<string> {
  const batchSize = opts.batchSize ?? EXPORT_BATCH;
  filters = await withSearchMode(db, filters);
  yield csvText([CSV_HEADER], { crlf: true, bom: true });
  let cursor: OrderCursor | undefined;
  const keyText = filters.sort.startsWith("amount") ? sql<string>`${orders.amount}::text` : sql<string>`${orders.createdAt}::text`;
  for (;;) {
    const batch = (await db
      .select({ ...listColumns, sortKey: keyText })
      .from(orders)
      .where(and(filterCondition(filters), cursor ? keysetCondition(filters.sort, cursor, true) : undefined))
      .orderBy(...orderBy(filters.sort, true))
      .limit(batchSize)) as (OrderListRow & { sortKey: string })[];
    opts.onBatch?.(batch.length);
    if (batch.length === 0) return;
    yield csvText(batch.map(toRecord), { crlf: true });
    if (batch.length < batchSize) return;
    const last = batch[batch.length - 1]!;
    cursor = { sort: filters.sort, value: last.sortKey, id: last.id };
  }
}

/** A byte stream over exportOrdersCsv that reads a batch only when the consumer asks (backpressure). */
export function exportOrdersStream(db: DbOrTx, filters: OrderFilters, opts?: { onDone?: (rows: number) => void }) {
  const encoder = new TextEncoder();
  let rowsOut = 0;
  const gen = exportOrdersCsv(db, filters, { onBatch: (n) => (rowsOut += n) });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await gen.next();
        if (done) {
          controller.close();
          opts?.onDone?.(rowsOut);
        } else controller.enqueue(encoder.encode(value));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
}

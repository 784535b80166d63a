import { and, desc } from "drizzle-orm";
import { coinPayouts } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { csvStream } from "~/lib/csv.server";
import { formatRupiahPlain } from "~/lib/money";
import { formatWibPlain, wibDateString } from "~/lib/time";
import {
  filterCondition,
  keysetCondition,
  selectPayouts,
  type CoinCursor,
  type CoinFilters,
} from "./list.server";

export const COINS_EXPORT_BATCH = 2_000;

export const COINS_CSV_COLUMNS = [
  "payout_id",
  "created_at_wib",
  "paid_at_wib",
  "status",
  "amount_rp",
  "customer_id",
  "customer_name",
  "customer_phone",
  "description",
  "reason_code",
  "batch_id",
  "batch_file",
  "line",
  "request_id",
  "gopay_payment_id",
  "error_code",
  "error_message",
  "requested_by",
] as const;

export function coinsExportFilename(now: Date = new Date()): string {
  return `loket-coins-${wibDateString(now)}-WIB.csv`;
}

async function* coinRecords(
  database: DbOrTx,
  filters: CoinFilters,
  batchSize: number,
): AsyncGenerator<Record<string, string>> {
  let cursor: CoinCursor | undefined;
  for (;;) {
    const batch = await selectPayouts(database)
      .where(and(filterCondition(filters), cursor ? keysetCondition(cursor, true) : undefined))
      .orderBy(desc(coinPayouts.createdAt), desc(coinPayouts.id))
      .limit(batchSize);
    for (const r of batch) {
      yield {
        payout_id: r.id,
        created_at_wib: formatWibPlain(r.createdAt),
        paid_at_wib: r.paidAt ? formatWibPlain(r.paidAt) : "",
        status: r.status,
        amount_rp: formatRupiahPlain(r.amount),
        customer_id: r.customerId,
        customer_name: r.customerName ?? "",
        customer_phone: r.customerPhone ?? "",
        description: r.description,
        reason_code: r.reasonCode ?? "",
        batch_id: r.batchId ?? "",
        batch_file: r.batchFilename ?? "",
        line: r.line === null ? "" : String(r.line),
        request_id: r.requestId,
        gopay_payment_id: r.gopayPaymentId ?? "",
        error_code: r.errorCode ?? "",
        error_message: r.errorMessage ?? "",
        requested_by: r.requesterEmail ?? "",
      };
    }
    if (batch.length < batchSize) return;
    const last = batch[batch.length - 1]!;
    cursor = { value: last.sortKey, id: last.id };
  }
}

/**
 * The filtered payouts as a CSV byte stream (csv-stringify): a keyset batch is read only when the
 * response asks for more, so memory holds one batch. BOM for spreadsheet apps; formula-looking
 * cells escaped (names and descriptions come from outside).
 */
export function coinsCsvStream(
  database: DbOrTx,
  filters: CoinFilters,
  opts: { batchSize?: number } = {},
): ReadableStream<Uint8Array> {
  return csvStream(coinRecords(database, filters, opts.batchSize ?? COINS_EXPORT_BATCH), {
    columns: COINS_CSV_COLUMNS,
    bom: true,
  });
}

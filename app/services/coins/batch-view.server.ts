import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { approvals, coinBatches, coinPayouts, customers, staff } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import { csvStream } from "~/lib/csv.server";
import { formatRupiahPlain, type Minor } from "~/lib/money";
import { formatWibPlain } from "~/lib/time";
import { audit, type AuditActor } from "~/services/audit.server";

/** What /coins/batches/:id shows: the batch, its progress by status, and its first rows. */
export const ROWS_SHOWN = 200;

const submitter = alias(staff, "submitter");
const decider = alias(staff, "decider");

export interface BatchCounts {
  [status: string]: { n: number; sum: Minor };
}

export async function batchCounts(database: DbOrTx, batchId: string): Promise<BatchCounts> {
  const rows = await database
    .select({
      status: coinPayouts.status,
      n: sql<number>`count(*)::int`,
      sum: sql<string>`coalesce(sum(${coinPayouts.amount}), 0)::text`,
    })
    .from(coinPayouts)
    .where(eq(coinPayouts.batchId, batchId))
    .groupBy(coinPayouts.status);
  return Object.fromEntries(rows.map((r) => [r.status, { n: Number(r.n), sum: BigInt(r.sum) }]));
}

export async function getBatchView(database: DbOrTx, batchId: string) {
  if (!isUuid(batchId)) return null;
  const [row] = await database
    .select({
      b: coinBatches,
      submitterEmail: submitter.email,
      deciderEmail: decider.email,
      expiresAt: approvals.expiresAt,
    })
    .from(coinBatches)
    .leftJoin(submitter, eq(submitter.id, coinBatches.submittedBy))
    .leftJoin(decider, eq(decider.id, coinBatches.decidedBy))
    .leftJoin(approvals, eq(approvals.id, coinBatches.approvalId))
    .where(eq(coinBatches.id, batchId));
  if (!row) return null;
  const counts = await batchCounts(database, batchId);
  const rows = await database
    .select({
      id: coinPayouts.id,
      line: coinPayouts.line,
      customerId: coinPayouts.customerId,
      customerName: customers.name,
      phone: customers.phone,
      amount: coinPayouts.amount,
      status: coinPayouts.status,
      gopayPaymentId: coinPayouts.gopayPaymentId,
      errorCode: coinPayouts.errorCode,
      errorMessage: coinPayouts.errorMessage,
    })
    .from(coinPayouts)
    .leftJoin(customers, eq(customers.id, coinPayouts.customerId))
    .where(eq(coinPayouts.batchId, batchId))
    .orderBy(asc(coinPayouts.line))
    .limit(ROWS_SHOWN);
  return {
    batch: row.b,
    submitterEmail: row.submitterEmail,
    deciderEmail: row.deciderEmail,
    expiresAt: row.expiresAt,
    counts,
    rows,
  };
}

/** The newest batches, for /coins/bulk. */
export async function listBatches(database: DbOrTx, limit = 20) {
  return database
    .select({
      id: coinBatches.id,
      filename: coinBatches.filename,
      status: coinBatches.status,
      rowCount: coinBatches.rowCount,
      totalAmount: coinBatches.totalAmount,
      submittedAt: coinBatches.submittedAt,
      submitterEmail: submitter.email,
    })
    .from(coinBatches)
    .leftJoin(submitter, eq(submitter.id, coinBatches.submittedBy))
    .orderBy(desc(coinBatches.submittedAt), desc(coinBatches.id))
    .limit(limit);
}

const CSV_PAGE = 1000;
export const RESULT_COLUMNS = [
  "line",
  "customer_id",
  "merchant_user_id",
  "phone",
  "amount",
  "description",
  "status",
  "request_id",
  "gopay_payment_id",
  "error_code",
  "error_message",
  "attempts",
  "paid_at_wib",
] as const;

/** A batch's rows in line order, one keyset page at a time. */
async function* resultRecords(database: DbOrTx, batchId: string) {
  let after = -1;
  for (;;) {
    const page = await database
      .select({ p: coinPayouts, merchantUserId: customers.merchantUserId, phone: customers.phone })
      .from(coinPayouts)
      .leftJoin(customers, eq(customers.id, coinPayouts.customerId))
      .where(and(eq(coinPayouts.batchId, batchId), gt(coinPayouts.line, after)))
      .orderBy(asc(coinPayouts.line))
      .limit(CSV_PAGE);
    for (const { p, merchantUserId, phone } of page) {
      yield {
        line: p.line,
        customer_id: p.customerId,
        merchant_user_id: merchantUserId,
        phone,
        amount: formatRupiahPlain(p.amount),
        description: p.description,
        status: p.status,
        request_id: p.requestId,
        gopay_payment_id: p.gopayPaymentId,
        error_code: p.errorCode,
        error_message: p.errorMessage,
        attempts: p.attempts,
        paid_at_wib: p.paidAt ? formatWibPlain(p.paidAt) : "",
      };
    }
    if (page.length < CSV_PAGE) return;
    after = page[page.length - 1]!.p.line ?? after;
  }
}

/**
 * Results of a batch as CSV, one line per row, streamed (keyset pages by line; csv-stringify does
 * the quoting). Amounts are plain rupiah; times WIB. Formula-looking cells are escaped: the
 * descriptions (and the customers' ids) come from the uploaded file. The download is audited.
 */
export async function batchResultsCsv(
  database: DbOrTx,
  batchId: string,
  actor: AuditActor,
  ip?: string | null,
): Promise<ReadableStream<Uint8Array> | null> {
  if (!isUuid(batchId)) return null;
  const [b] = await database
    .select({ id: coinBatches.id, total: coinBatches.totalAmount })
    .from(coinBatches)
    .where(eq(coinBatches.id, batchId));
  if (!b) return null;
  await audit(database, {
    actor,
    action: "coins.batch.export",
    targetType: "coin_batch",
    targetId: batchId,
    amount: b.total,
    result: "ok",
    ip,
  });
  return csvStream(resultRecords(database, batchId), { columns: RESULT_COLUMNS });
}

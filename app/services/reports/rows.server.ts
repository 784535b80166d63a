import { PgDialect } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { getDbHandle, type DbOrTx } from "~/db/client.server";
import { isTimestampText, isUuid } from "~/db/errors.server";
import { decodePairCursor, encodePairCursor } from "~/db/pair-cursor.server";
import { rows } from "~/db/rows.server";
import { csvStream } from "~/lib/csv.server";
import { formatRupiahPlain } from "~/lib/money";
import { formatWibPlain, wibRange } from "~/lib/time";
import type { RowsScope } from "./period";
import { SOURCES } from "./sources/index.server";
import type { ReportRowRaw, RowCursor, RowWindow } from "./sources/source.server";

export interface ReportRow {
  at: Date;
  id: string;
  ref: string | null;
  orderUuid: string | null;
  customerUuid: string | null;
  channel: string | null;
  option: string | null;
  amount: bigint;
  status: string;
  reference: string | null;
}

export function windowOf(scope: RowsScope): RowWindow {
  const r = wibRange(scope.from, scope.to);
  if (!r) throw new Error(`bad report range ${scope.from}..${scope.to}`);
  return { start: r.start, end: r.end, channel: scope.channel, option: scope.option };
}

const toRow = (r: ReportRowRaw): ReportRow => ({
  at: new Date(r.at_text.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00")),
  id: r.id,
  ref: r.ref,
  orderUuid: r.order_uuid,
  customerUuid: r.customer_uuid,
  channel: r.channel,
  option: r.payment_option,
  amount: BigInt(r.amount),
  status: r.status,
  reference: r.reference,
});

export function encodeRowCursor(c: RowCursor): string {
  return encodePairCursor(c.at, c.id);
}

export function decodeRowCursor(raw: string | null | undefined): RowCursor | undefined {
  const p = decodePairCursor(raw, isTimestampText, isUuid);
  return p && { at: p[0], id: p[1] };
}

/** One page of the rows behind a report total, oldest first; `next` when there are more. */
export async function listReportRows(
  db: DbOrTx,
  scope: RowsScope,
  opts: { after?: RowCursor; limit?: number } = {},
): Promise<{ rows: ReportRow[]; next?: string }> {
  const limit = opts.limit ?? 50;
  const list = await rows<ReportRowRaw>(
    db,
    sql`${SOURCES[scope.source].select(windowOf(scope), opts.after)} limit ${limit + 1}`,
  );
  const page = list.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page.map(toRow),
    next: list.length > limit && last ? encodeRowCursor({ at: last.at_text, id: last.id }) : undefined,
  };
}

/** count and sum straight over the raw rows (the property test's side of the equation). */
export async function sumReportRows(
  db: DbOrTx,
  scope: RowsScope,
): Promise<{ count: number; amount: bigint }> {
  const [r] = await rows<{ n: string; s: string }>(
    db,
    sql`select count(*)::text as n, coalesce(sum(x.amount::bigint), 0)::text as s from (${SOURCES[scope.source].select(windowOf(scope))}) x`,
  );
  return { count: Number(r?.n ?? 0), amount: BigInt(r?.s ?? 0) };
}

export const ROWS_BATCH = 2_000;

/**
 * Every row of the scope, in batches, without holding more than one batch. On PostgreSQL a
 * server-side cursor (postgres.js `cursor()`: one portal, ROWS_BATCH rows per fetch, one snapshot
 * for the whole export); on the embedded database (one connection shared by the whole app, so a
 * transaction held open for a download would stall everyone) keyset pages on (at, id).
 */
export async function* iterateReportRows(
  db: DbOrTx,
  scope: RowsScope,
  batch = ROWS_BATCH,
): AsyncGenerator<ReportRow[]> {
  const source = SOURCES[scope.source];
  const w = windowOf(scope);
  const handle = getDbHandle();
  if (handle.kind === "postgres" && handle.sql) {
    const q = new PgDialect().sqlToQuery(source.select(w));
    for await (const part of handle.sql.unsafe<ReportRowRaw[]>(q.sql, q.params as never[]).cursor(batch)) {
      yield part.map(toRow);
    }
    return;
  }
  let after: RowCursor | undefined;
  for (;;) {
    const list = await rows<ReportRowRaw>(db, sql`${source.select(w, after)} limit ${batch}`);
    if (list.length > 0) yield list.map(toRow);
    if (list.length < batch) return;
    const last = list[list.length - 1]!;
    after = { at: last.at_text, id: last.id };
  }
}

export const ROWS_CSV_COLUMNS = [
  "at_wib",
  "source",
  "id",
  "order_or_request_id",
  "channel",
  "payment_option",
  "amount_rp",
  "status",
  "gopay_reference",
] as const;

async function* rowRecords(db: DbOrTx, scope: RowsScope, batch?: number) {
  for await (const part of iterateReportRows(db, scope, batch)) {
    for (const r of part) {
      yield {
        at_wib: formatWibPlain(r.at),
        source: scope.source,
        id: r.id,
        order_or_request_id: r.ref ?? "",
        channel: r.channel ?? "",
        payment_option: r.option ?? "",
        amount_rp: formatRupiahPlain(r.amount),
        status: r.status,
        gopay_reference: r.reference ?? "",
      };
    }
  }
}

/**
 * The rows as a CSV byte stream (csv-stringify), pulled batch by batch by the response body:
 * memory holds one batch whatever the month's size. BOM for spreadsheets; formula cells escaped.
 */
export function reportRowsCsvStream(
  db: DbOrTx,
  scope: RowsScope,
  opts: { batch?: number } = {},
): ReadableStream<Uint8Array> {
  return csvStream(rowRecords(db, scope, opts.batch), { columns: ROWS_CSV_COLUMNS, bom: true });
}

export function rowsCsvFilename(scope: RowsScope): string {
  const split = [scope.channel, scope.option].filter(Boolean).join("-");
  return `loket-${scope.source.replace("_", "-")}-${scope.from}_${scope.to}${split ? `-${split}` : ""}-WIB.csv`;
}

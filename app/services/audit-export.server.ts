import { and, desc, sql } from "drizzle-orm";
import { auditLog } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { csvStream } from "~/lib/csv.server";
import { formatRupiahPlain } from "~/lib/money";
import { formatWibPlain, wibDateString } from "~/lib/time";
import { atText, auditWhere, type AuditCursor, type AuditFilters } from "./audit.server";
import { describeTargets, targetOf } from "./audit-view.server";

export const AUDIT_EXPORT_BATCH = 1_000;

export const AUDIT_CSV_COLUMNS = [
  "at_wib",
  "actor_email",
  "actor_name",
  "action",
  "target_type",
  "target_id",
  "target_label",
  "amount_rp",
  "result",
  "idempotency_key",
  "ip",
  "request_json",
  "detail_json",
] as const;

export function auditExportFilename(now: Date = new Date()): string {
  return `loket-audit-${wibDateString(now)}-WIB.csv`;
}

/** The filtered rows newest first, one keyset batch at a time, each with its target's label. */
async function* auditRecords(db: DbOrTx, filters: AuditFilters, batchSize: number): AsyncGenerator<Record<(typeof AUDIT_CSV_COLUMNS)[number], string>> {
  let cursor: AuditCursor | undefined;
  for (;;) {
    const where = auditWhere(filters);
    if (cursor) where.push(sql`(${auditLog.at}, ${auditLog.id}) < (${cursor.at}::timestamptz, ${cursor.id}::bigint)`);
    const batch = await db
      .select({ row: auditLog, atText })
      .from(auditLog)
      .where(and(...where))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(batchSize);
    if (batch.length === 0) return;
    const { targets, actors } = await describeTargets(
      db,
      batch.map((b) => b.row),
    );
    for (const { row: r } of batch) {
      const target = targetOf(r, targets);
      yield {
        at_wib: formatWibPlain(r.at),
        actor_email: r.actorEmail ?? "",
        actor_name: (r.actorId && actors.get(r.actorId)?.name) || "",
        action: r.action,
        target_type: r.targetType ?? "",
        target_id: r.targetId ?? "",
        // A label of its own (not the name of a page, as for the coin wallet or an export), when it says more than the id.
        target_label: target && !target.labelWords && target.label !== r.targetId ? target.label : "",
        amount_rp: r.amount === null ? "" : formatRupiahPlain(r.amount),
        result: r.result,
        idempotency_key: r.idempotencyKey ?? "",
        ip: r.ip ?? "",
        request_json: r.request === null ? "" : JSON.stringify(r.request),
        detail_json: r.detail === null ? "" : JSON.stringify(r.detail),
      };
    }
    if (batch.length < batchSize) return;
    const last = batch[batch.length - 1]!;
    cursor = { at: last.atText, id: last.row.id.toString() };
  }
}

/**
 * The filtered audit rows as a CSV byte stream (csv-stringify): a batch is read only when the
 * consumer asks for more (backpressure), so memory holds one batch whatever the range. A BOM for
 * spreadsheet apps; cells starting with = + - @ are escaped (formula injection: targets, request
 * text and emails come from outside).
 */
export function auditCsvStream(db: DbOrTx, filters: AuditFilters, opts: { batchSize?: number } = {}): ReadableStream<Uint8Array> {
  return csvStream(auditRecords(db, filters, opts.batchSize ?? AUDIT_EXPORT_BATCH), { columns: AUDIT_CSV_COLUMNS, bom: true });
}

import { and, asc, eq, gt } from "drizzle-orm";
import { orders, reconDifferences, staff, type ReconDifferenceStatus } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { csvText } from "~/lib/csv.server";
import { formatWibPlain } from "~/lib/time";
import type { DifferenceKind } from "./kinds";

const BATCH = 1_000;
export const CSV_HEADER = [
  "order_id",
  "channel",
  "kind",
  "status",
  "gopay_status",
  "loket_status",
  "details",
  "found_at_wib",
  "resolved_at_wib",
  "resolved_by",
];

/**
 * A run's differences (filtered as on the page) as CSV, streamed in keyset batches through
 * csv-stringify: memory holds one batch whatever the size. Times in WIB; details as JSON.
 */
export function exportDifferencesStream(
  db: DbOrTx,
  f: { runId: string; kind?: DifferenceKind; status?: ReconDifferenceStatus },
) {
  const encoder = new TextEncoder();
  let after: string | undefined;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const rows = await db
          .select({
            id: reconDifferences.id,
            kind: reconDifferences.kind,
            status: reconDifferences.status,
            details: reconDifferences.details,
            createdAt: reconDifferences.createdAt,
            resolvedAt: reconDifferences.resolvedAt,
            resolvedBy: staff.email,
            orderId: orders.orderId,
            channel: orders.channel,
          })
          .from(reconDifferences)
          .innerJoin(orders, eq(orders.id, reconDifferences.orderId))
          .leftJoin(staff, eq(staff.id, reconDifferences.resolvedBy))
          .where(
            and(
              eq(reconDifferences.runId, f.runId),
              f.kind ? eq(reconDifferences.kind, f.kind) : undefined,
              f.status ? eq(reconDifferences.status, f.status) : undefined,
              after ? gt(reconDifferences.id, after) : undefined,
            ),
          )
          .orderBy(asc(reconDifferences.id))
          .limit(BATCH);
        const records = rows.map((r) => {
          const d = (r.details ?? {}) as Record<string, unknown>;
          return [
            r.orderId,
            r.channel,
            r.kind,
            r.status,
            String(d.gopayStatus ?? ""),
            String(d.loketStatus ?? ""),
            JSON.stringify(d),
            formatWibPlain(r.createdAt),
            r.resolvedAt ? formatWibPlain(r.resolvedAt) : "",
            r.resolvedBy ?? "",
          ];
        });
        // why: order ids and GoPay's statuses come from outside: the house formula guard applies.
        const text = csvText(first ? [CSV_HEADER, ...records] : records, { bom: first });
        first = false;
        if (text) controller.enqueue(encoder.encode(text));
        if (rows.length < BATCH) controller.close();
        else after = rows[rows.length - 1]!.id;
      } catch (err) {
        controller.error(err);
      }
    },
  });
}

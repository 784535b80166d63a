import { and, asc, eq, isNull, lt, or } from "drizzle-orm";
import { notifications } from "~db/schema";
import { db as appDb, type Db } from "~/db/client.server";
import { MAX_APPLY_ATTEMPTS } from "./apply.server";
import { processNotification, type ProcessOptions } from "./process.server";

export interface SweepSummary {
  checked: number;
  applied: number;
  failed: number;
  /** Pay-account notifications waiting behind another GET for the same account. */
  deferred: number;
}

/**
 * Re-applies every stored notification that has not taken effect yet: verified payment
 * notifications and (unverifiable) pay-account ones awaiting their re-fetch. Rows received in the
 * last few seconds are left to the request that is applying them right now.
 */
export async function applyPendingNotifications(
  opts: ProcessOptions & { limit?: number; minAgeMs?: number; onlyIds?: bigint[] } = {},
): Promise<SweepSummary> {
  const database: Db = opts.database ?? appDb();
  const cutoff = new Date(Date.now() - (opts.minAgeMs ?? 5_000));
  const due = await database
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        isNull(notifications.appliedAt),
        or(eq(notifications.signatureValid, true), eq(notifications.verification, "unverified")),
        lt(notifications.applyAttempts, MAX_APPLY_ATTEMPTS),
        lt(notifications.receivedAt, cutoff),
      ),
    )
    .orderBy(asc(notifications.id))
    .limit(opts.limit ?? 500);
  const summary: SweepSummary = { checked: due.length, applied: 0, failed: 0, deferred: 0 };
  // In arrival order: the same order's notifications apply as GoPay sent them.
  for (const { id } of due) {
    const r = await processNotification(id, { ...opts, database, onFailure: undefined, stored: undefined });
    if (r.state === "failed" || r.state === "unknown_order") summary.failed++;
    else if (r.state === "deferred") summary.deferred++;
    else summary.applied++;
  }
  return summary;
}

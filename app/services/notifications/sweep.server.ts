import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { notifications } from "~db/schema";
import { db as appDb, type Db } from "~/db/client.server";
import { MAX_APPLY_ATTEMPTS } from "./apply.server";
import { schedulePayAccountRetry } from "./pay-account.server";
import { processNotification, type ProcessOptions } from "./process.server";

const scheduleDeferred = async (_id: bigint, retryAfterMs: number) => {
  await schedulePayAccountRetry(retryAfterMs);
};

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
        // A deferred pay-account row is done with by its request: due whatever its age (its
        // deferral scheduled this sweep for just after its window, which may be under minAgeMs).
        or(lt(notifications.receivedAt, cutoff), sql`${notifications.result}->>'action' = 'deferred'`),
      ),
    )
    .orderBy(asc(notifications.id))
    .limit(opts.limit ?? 500);
  const summary: SweepSummary = { checked: due.length, applied: 0, failed: 0, deferred: 0 };
  // In arrival order: the same order's notifications apply as GoPay sent them.
  for (const { id } of due) {
    // A row deferred again (this sweep ran inside its window) is scheduled again, never left for
    // the next every-minute sweep.
    const r = await processNotification(id, { ...opts, database, onFailure: undefined, stored: undefined, onDeferred: opts.onDeferred ?? scheduleDeferred });
    if (r.state === "failed" || r.state === "unknown_order") summary.failed++;
    else if (r.state === "deferred") summary.deferred++;
    else summary.applied++;
  }
  return summary;
}

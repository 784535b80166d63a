import { inArray } from "drizzle-orm";
import { orders } from "~db/schema";
import type { Db } from "~/db/client.server";
import { isGopayError } from "~/gopay/index.server";
import type { AuditActor } from "~/services/audit.server";
import { syncPayAccountFromGopay } from "~/services/accounts/sync.server";
import { resyncOrder } from "~/services/orders/actions/resync.server";

/**
 * Brings Loket's copy of the seeded orders, holds and pay accounts up to what GoPay (the sandbox)
 * says, WITHOUT relying on notifications: `npm run db:seed` against a DATABASE_URL database may
 * run while no app listens, so the sandbox's notifications go nowhere.
 *
 * Only the existing services: resyncOrder (status query, forward-only mapping, refund history;
 * for pre-auth orders also the hold) and syncPayAccountFromGopay (GET, applied). Both lock the
 * row and are monotonic and idempotent, so running this while notifications arrive — or twice —
 * changes nothing that is already right.
 */
export interface ConvergeSummary {
  orders: number;
  changed: number;
  accounts: number;
  errors: string[];
}

const CONCURRENCY = 4;

/** Runs fn over items, CONCURRENCY at a time (the sandbox and the pool take more than one; PGlite queues). */
export async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

export async function convergeWithGopay(
  database: Db,
  seeded: { orderIds: readonly string[]; accountIds: readonly string[] },
  actor: AuditActor,
): Promise<ConvergeSummary> {
  const summary: ConvergeSummary = { orders: 0, changed: 0, accounts: 0, errors: [] };
  const rows = seeded.orderIds.length
    ? await database.select({ id: orders.id, orderId: orders.orderId }).from(orders).where(inArray(orders.orderId, [...seeded.orderIds]))
    : [];
  await eachLimited(rows, async (o) => {
    try {
      const r = await resyncOrder({ orderId: o.id, actor }, { database });
      summary.orders++;
      if (r.changed) summary.changed++;
    } catch (err) {
      // One order GoPay cannot answer for must not stop the rest; the seed reports it.
      if (!isGopayError(err)) throw err;
      summary.errors.push(`${o.orderId}: ${err.message}`);
    }
  });
  await eachLimited(seeded.accountIds, async (accountId) => {
    try {
      await syncPayAccountFromGopay(accountId, { actorId: actor.id ?? null, actorLabel: actor.email ?? null, database });
      summary.accounts++;
    } catch (err) {
      if (!isGopayError(err)) throw err;
      summary.errors.push(`${accountId}: ${err.message}`);
    }
  });
  return summary;
}

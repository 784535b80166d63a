import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { holds, notifications, operations, orderEvents, orders, payAccountEvents, payAccounts } from "~db/schema";
import type { Db } from "~/db/client.server";

/**
 * THE ONE PLACE THE SEED WRITES TIMES BY HAND. The services stamp everything "now", so a fresh
 * demo would have every order created in the same minute. To make the lists, filters and charts
 * look like a month of business, this step moves each seeded order's GoPay-side history (created,
 * paid, closed, its timeline events and operations, its hold's authorisation) back to its story
 * time, by one offset per order so the order of events is kept. Pay accounts likewise.
 *
 * It runs after the first convergence and BEFORE any staff action, so refunds, cancels, captures,
 * releases and unbinds keep their real times, and the audit log (append-only) is never touched.
 * The sandbox keeps its own (real) times; only Loket's rows move.
 */
export interface OrderStory {
  orderId: string;
  at: Date;
  /** Leave expires_at alone (a pending payment or an active hold: GoPay's expiry is the real one). */
  keepExpiry?: boolean;
  /** Set expires_at (order and hold) to this instead (the hold that lapses in the story). */
  expiresAt?: Date;
}

const shift = (col: unknown, ms: number) => sql`${col} + (${ms}::double precision * interval '1 millisecond')`;

export async function backdateSeeded(database: Db, stories: readonly OrderStory[], accounts: ReadonlyArray<{ accountId: string; at: Date }>): Promise<void> {
  await database.transaction(async (tx) => {
    for (const s of stories) {
      const [o] = await tx
        .select({ id: orders.id, createdAt: orders.createdAt, status: orders.status, gopayReference: orders.gopayReference })
        .from(orders)
        .where(eq(orders.orderId, s.orderId))
        .for("update");
      if (!o) continue;
      const ms = s.at.getTime() - o.createdAt.getTime();
      const expiresAt = s.expiresAt
        ? sql`${s.expiresAt.toISOString()}::timestamptz`
        : s.keepExpiry
          ? sql`${orders.expiresAt}`
          : // A payment the customer let lapse ended when it expired.
            o.status === "expired"
            ? shift(orders.closedAt, ms)
            : shift(orders.expiresAt, ms);
      await tx
        .update(orders)
        .set({
          createdAt: shift(orders.createdAt, ms),
          paidAt: shift(orders.paidAt, ms),
          closedAt: shift(orders.closedAt, ms),
          updatedAt: shift(orders.updatedAt, ms),
          expiresAt,
        })
        .where(eq(orders.id, o.id));
      await tx.update(orderEvents).set({ at: shift(orderEvents.at, ms) }).where(eq(orderEvents.orderId, o.id));
      // GoPay's notifications of this order received so far (the app was listening) move with it,
      // so they read a second after the payment they report, not days later.
      await tx
        .update(notifications)
        .set({ receivedAt: shift(notifications.receivedAt, ms), appliedAt: shift(notifications.appliedAt, ms) })
        .where(and(inArray(notifications.reference, [s.orderId, o.gopayReference ?? s.orderId]), gte(notifications.receivedAt, o.createdAt)));
      await tx
        .update(operations)
        .set({ createdAt: shift(operations.createdAt, ms), updatedAt: shift(operations.updatedAt, ms), settledAt: shift(operations.settledAt, ms) })
        .where(eq(operations.orderId, o.id));
      await tx
        .update(holds)
        .set({
          createdAt: shift(holds.createdAt, ms),
          authorisedAt: shift(holds.authorisedAt, ms),
          updatedAt: shift(holds.updatedAt, ms),
          expiresAt: s.expiresAt ? sql`${s.expiresAt.toISOString()}::timestamptz` : sql`${holds.expiresAt}`,
        })
        .where(eq(holds.orderId, o.id));
    }
    for (const a of accounts) {
      const [row] = await tx.select({ id: payAccounts.id, createdAt: payAccounts.createdAt }).from(payAccounts).where(eq(payAccounts.accountId, a.accountId)).for("update");
      if (!row) continue;
      const ms = a.at.getTime() - row.createdAt.getTime();
      await tx
        .update(payAccounts)
        .set({ createdAt: shift(payAccounts.createdAt, ms), updatedAt: shift(payAccounts.updatedAt, ms), refreshedAt: shift(payAccounts.refreshedAt, ms) })
        .where(eq(payAccounts.id, row.id));
      await tx.update(payAccountEvents).set({ at: shift(payAccountEvents.at, ms) }).where(eq(payAccountEvents.payAccountId, row.id));
      await tx
        .update(notifications)
        .set({ receivedAt: shift(notifications.receivedAt, ms), appliedAt: shift(notifications.appliedAt, ms) })
        .where(and(eq(notifications.reference, a.accountId), gte(notifications.receivedAt, row.createdAt)));
    }
  });
}

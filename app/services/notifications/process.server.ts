import { eq, sql } from "drizzle-orm";
import { notifications, orders } from "~db/schema";
import { db as appDb, type Db } from "~/db/client.server";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { toSnapAmount } from "~/lib/money";
import { logger } from "~/lib/logger.server";
import { syncPayAccountFromGopay } from "~/services/accounts/sync.server";
import { applyPaymentNotification, type ApplyOutcome } from "./apply.server";
import { coreUpdate } from "./signal.server";

export const APPLY_QUEUE = "notifications-apply";

export interface ProcessOptions {
  database?: Db;
  client?: GopayClient;
  /** Called when applying failed (the route enqueues a retry job; tests observe it). */
  onFailure?: (id: bigint, error: Error) => Promise<void> | void;
  /**
   * The row as the caller inserted it a moment ago (ingest): saves re-reading it. Only what cannot
   * have changed since: whether it is applied is decided under the row lock in the apply step.
   */
  stored?: StoredNotification;
}

/** A just-stored notification: not applied and without a result yet. */
export type StoredNotification = Pick<typeof notifications.$inferSelect, "id" | "source" | "signatureValid" | "rawBody">;
type ProcessRow = StoredNotification & Pick<typeof notifications.$inferSelect, "appliedAt" | "result">;

export type ProcessOutcome = ApplyOutcome | { state: "synced" } | { state: "failed"; error: string };

/**
 * Takes a stored notification to its effect. Safe to call any number of times, from the webhook
 * request and from the retry job at once: the apply step locks the notification row and skips it
 * once applied. Failures are recorded on the row (apply_error, apply_attempts), never thrown: the
 * notification is stored and GoPay has its 200; the job retries.
 */
export async function processNotification(id: bigint, opts: ProcessOptions = {}): Promise<ProcessOutcome> {
  const database = opts.database ?? appDb();
  try {
    const [n]: (ProcessRow | undefined)[] =
      opts.stored?.id === id
        ? [{ ...opts.stored, appliedAt: null, result: null }]
        : await database.select().from(notifications).where(eq(notifications.id, id)).limit(1);
    if (!n || n.appliedAt) return { state: "already" };

    if (n.source === "core_pay_account") {
      // Never trusted (formula unpublished): GoPay's own GET decides, ACCOUNTS applies it.
      const accountId = (JSON.parse(n.rawBody) as { account_id: string }).account_id;
      const r = await syncPayAccountFromGopay(accountId, { notificationId: id, client: opts.client, database });
      await database
        .update(notifications)
        .set({
          appliedAt: new Date(),
          verification: "refetched",
          applyError: null,
          applyAttempts: sql`${notifications.applyAttempts} + 1`,
          result: { action: "synced", statusBefore: r.statusBefore, statusAfter: r.statusAfter },
        })
        .where(eq(notifications.id, id));
      return { state: "synced" };
    }
    if (!n.signatureValid) return { state: "not_applicable" };

    if (n.source === "core_payment" && !(n.result as { confirmed?: unknown } | null)?.confirmed) await confirmIfInDoubt(database, n, opts.client);
    return await applyPaymentNotification(id, database);
  } catch (e) {
    // drizzle wraps driver errors ("Failed query: <sql>"); the cause says what went wrong.
    const raw = e instanceof Error ? e : new Error(String(e));
    const err = raw.cause instanceof Error ? raw.cause : raw;
    logger().warn({ notificationId: id.toString(), err: err.message }, "notification apply failed; will retry");
    await database
      .update(notifications)
      .set({ applyError: err.message.slice(0, 500), applyAttempts: sql`${notifications.applyAttempts} + 1` })
      .where(eq(notifications.id, id))
      .catch(() => undefined); // the DB itself may be what failed; the sweep finds the row anyway
    await Promise.resolve(opts.onFailure?.(id, err)).catch(() => undefined);
    return { state: "failed", error: err.message };
  }
}

/**
 * A Core payment notification is verified by signature_key, but when it disagrees with what we
 * know (another amount than the order's, or a status we cannot map) GoPay's status query decides;
 * its answer is kept on the row (result.confirmed) and applied instead of the body.
 */
async function confirmIfInDoubt(database: Db, n: ProcessRow, client?: GopayClient): Promise<void> {
  const u = coreUpdate(JSON.parse(n.rawBody));
  const [order] = u.orderId ? await database.select({ amount: orders.amount }).from(orders).where(eq(orders.orderId, u.orderId)).limit(1) : [];
  if (!order) return; // unknown order: apply records it
  const doubt = !u.signal ? "unmapped status" : u.amount !== undefined && u.amount !== order.amount ? "amount differs from the order" : undefined;
  if (!doubt) return;
  const t = await (client ?? gopay()).core.status(u.orderId!);
  const confirmed = {
    order_id: t.orderId,
    transaction_id: t.transactionId,
    transaction_status: t.transactionStatus,
    gross_amount: toSnapAmount(t.grossAmount),
    settlement_time: t.settlementTime,
    transaction_time: t.transactionTime,
    payment_option_type: t.paymentOptionType,
    refund_amount: t.refundAmount === undefined ? undefined : toSnapAmount(t.refundAmount),
    refunds: t.refunds.map((r) => ({ refund_amount: toSnapAmount(r.amount), refund_key: r.refundKey, reason: r.reason, created_at: r.createdAt })),
  };
  await database.update(notifications).set({ result: { doubt, confirmed } }).where(eq(notifications.id, n.id));
}

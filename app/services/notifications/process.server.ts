import { eq, sql } from "drizzle-orm";
import { notifications } from "~db/schema";
import { db as appDb, type Db } from "~/db/client.server";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { logger } from "~/lib/logger.server";
import { applyPaymentNotification, type ApplyOutcome } from "./apply.server";
import { syncPayAccountForNotification } from "./pay-account.server";
import { preparedDb } from "./prepared.server";
import type { PaymentUpdate } from "./signal.server";

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
  /** The sender's address (webhook request): a pay-account notification naming an unknown account counts against it. */
  clientIp?: string;
  /** How long one pay account's GET answers for (tests shorten it); default PAY_ACCOUNT_SYNC_WINDOW_MS. */
  payAccountWindowMs?: number;
  /** A pay-account notification waits behind another one's GET: the route enqueues a later sweep. */
  onDeferred?: (id: bigint, retryAfterMs: number) => Promise<void> | void;
}

/** A just-stored notification: not applied and without a result yet. */
export type StoredNotification = Pick<typeof notifications.$inferSelect, "id" | "source" | "signatureValid" | "rawBody"> &
  /** The key it was stored with: given, the apply step pipelines its reads (apply.server.ts). */
  Partial<Pick<typeof notifications.$inferSelect, "dedupeKey">> & {
    /** What ingest parsed from the body when it verified it: the apply step does not parse it again. */
    claim?: PaymentUpdate;
  };
type ProcessRow = StoredNotification & Pick<typeof notifications.$inferSelect, "appliedAt" | "result">;

export type ProcessOutcome = ApplyOutcome | { state: "synced" } | { state: "deferred" } | { state: "failed"; error: string };

/**
 * Takes a stored notification to its effect. Safe to call any number of times, from the webhook
 * request and from the retry job at once: the apply step locks the notification row and skips it
 * once applied. Failures are recorded on the row (apply_error, apply_attempts), never thrown: the
 * notification is stored and GoPay has its 200; the job retries.
 */
export async function processNotification(id: bigint, opts: ProcessOptions = {}): Promise<ProcessOutcome> {
  const database = preparedDb(opts.database ?? appDb());
  try {
    const [n]: (ProcessRow | undefined)[] =
      opts.stored?.id === id
        ? [{ ...opts.stored, appliedAt: null, result: null }]
        : await database.select().from(notifications).where(eq(notifications.id, id)).limit(1);
    if (!n || n.appliedAt) return { state: "already" };

    if (n.source === "core_pay_account") {
      // Never trusted (formula unpublished): GoPay's own GET decides, ACCOUNTS applies it; GETs for
      // one account are coalesced across requests and processes (pay-account.server.ts).
      const r = await syncPayAccountForNotification(id, { database, client: opts.client, clientIp: opts.clientIp, windowMs: opts.payAccountWindowMs });
      if (r.state === "deferred") await Promise.resolve(opts.onDeferred?.(id, r.retryAfterMs)).catch(() => undefined);
      return r.state === "deferred" ? { state: "deferred" } : { state: "synced" };
    }
    if (!n.signatureValid) return { state: "not_applicable" };

    const s = opts.stored;
    const stored = s?.id === id && s.dedupeKey !== undefined ? { ...s, dedupeKey: s.dedupeKey } : undefined;
    const first = await applyPaymentNotification(id, database, { stored });
    if (first.state !== "needs_confirmation") return first;
    // A Core notification is a hint (signature_key leaves transaction_status, refund_amount and
    // refunds unsigned): what it implies is confirmed with GoPay's status, and that is applied.
    const confirmed = await (opts.client ?? gopay()).core.status(first.orderId);
    if (confirmed.orderId !== first.orderId) throw new Error(`status for ${first.orderId} answered order ${confirmed.orderId}`);
    return await applyPaymentNotification(id, database, { confirmed, stored });
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

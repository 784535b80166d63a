import { and, desc, eq, isNotNull, ne, sql } from "drizzle-orm";
import { notifications } from "~db/schema";
import { db as appDb, type Db } from "~/db/client.server";
import type { GopayClient } from "~/gopay/index.server";
import { enqueue, QUEUE } from "~/lib/queue.server";
import { PayAccountNotFoundError, syncPayAccountFromGopay } from "~/services/accounts/sync.server";
import { recordWebhookFailure } from "./throttle.server";

/**
 * Pay-account notifications cannot be verified, so each one only asks Loket to re-read the account
 * from GoPay (`GET /v2/pay/account/{id}`). Anyone can send them, so those GETs are coalesced per
 * account, across requests and app processes, with the notification rows themselves as the record:
 *
 * - a row whose GET started after this notification arrived and has finished already answers it
 *   (marked `coalesced`, no GET);
 * - while another row's GET for the account started less than the window ago (in flight or just
 *   done, but before this one arrived), this one waits (`deferred`) and a sweep is scheduled for
 *   just after the window (schedulePayAccountRetry), when one GET answers every row that waited;
 * - otherwise this row claims the GET (result.syncStartedAt, the database clock).
 * The check and the claim run under a transaction-scoped advisory lock on the account, so two
 * processes cannot both claim; the GET itself runs after that transaction has committed.
 */
export const PAY_ACCOUNT_SYNC_WINDOW_MS = 10_000;

export type PayAccountSyncOutcome = { state: "synced" | "coalesced" | "unknown_account" | "already" } | { state: "deferred"; retryAfterMs: number };

export interface PayAccountSyncOptions {
  database?: Db;
  client?: GopayClient;
  /** The sender's address, when known: a notification for an account GoPay does not know counts against it. */
  clientIp?: string;
  windowMs?: number;
}

/** Adds to the row's result (keeps what ingest recorded: a padded body's size and hash, the claim time). */
const merge = (add: Record<string, unknown>) => sql`coalesce(${notifications.result}, '{}'::jsonb) || ${JSON.stringify(add)}::jsonb`;

/**
 * Schedules the sweep that answers rows deferred behind a GET, for just after its window. The
 * notifications-apply queue is `stately` (one queued job: extra plain enqueues collapse into it),
 * so a plain enqueue here would be dropped whenever any job is already queued — a failure retry or
 * another account's deferral due later — and the row would wait for the every-minute sweep. Each
 * due second therefore gets its own singleton key: deferrals due in the same second share one job,
 * a deferral due earlier than the queued job still gets its own. Bounded: at most one job per
 * second, and a GET (one per account per window) is what makes rows wait. Every deferral calls
 * this, the sweep's too (a sweep that runs inside the window defers the row again).
 */
export async function schedulePayAccountRetry(retryAfterMs: number, now = Date.now()): Promise<string | null> {
  const dueSecond = Math.ceil((now + Math.max(0, retryAfterMs)) / 1000) + 1;
  return enqueue(QUEUE.applyNotifications, {}, { startAfter: new Date(dueSecond * 1000), singletonKey: `pay-account-retry:${dueSecond}` });
}

type Claim = { kind: "already" | "coalesced" | "claimed" } | { kind: "deferred"; retryAfterMs: number } | { kind: "no_account" };

export async function syncPayAccountForNotification(id: bigint, opts: PayAccountSyncOptions = {}): Promise<PayAccountSyncOutcome> {
  const database = opts.database ?? appDb();
  const windowMs = opts.windowMs ?? PAY_ACCOUNT_SYNC_WINDOW_MS;
  const [row] = await database.select({ reference: notifications.reference }).from(notifications).where(eq(notifications.id, id)).limit(1);
  const accountId = row?.reference;

  const claim: Claim = await database.transaction(async (tx) => {
    const [me] = await tx.select().from(notifications).where(eq(notifications.id, id)).for("update");
    if (!me || me.appliedAt) return { kind: "already" };
    if (!accountId) return { kind: "no_account" };
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`loket:pay-account-sync:${accountId}`}))`);
    const sameAccount = and(eq(notifications.source, "core_pay_account"), eq(notifications.reference, accountId), ne(notifications.id, id));
    const startedAt = sql`(${notifications.result}->>'syncStartedAt')::timestamptz`;

    const [cover] = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(sameAccount, isNotNull(notifications.appliedAt), sql`${startedAt} >= (select n2.received_at from notifications n2 where n2.id = ${id.toString()}::bigint)`))
      .limit(1);
    if (cover) {
      await tx
        .update(notifications)
        .set({
          appliedAt: new Date(),
          verification: "refetched",
          applyError: null,
          applyAttempts: sql`${notifications.applyAttempts} + 1`,
          result: merge({ action: "coalesced", into: cover.id.toString() }),
        })
        .where(eq(notifications.id, id));
      return { kind: "coalesced" };
    }

    const [recent] = await tx
      .select({ id: notifications.id, waitMs: sql<number>`extract(epoch from (${startedAt} + ${`${windowMs} milliseconds`}::interval - clock_timestamp())) * 1000` })
      .from(notifications)
      .where(and(sameAccount, sql`${startedAt} > clock_timestamp() - ${`${windowMs} milliseconds`}::interval`))
      .orderBy(desc(startedAt))
      .limit(1);
    if (recent) {
      await tx
        .update(notifications)
        .set({ result: merge({ action: "deferred", behind: recent.id.toString() }) })
        .where(eq(notifications.id, id));
      return { kind: "deferred", retryAfterMs: Math.max(0, Math.ceil(Number(recent.waitMs))) };
    }

    await tx
      .update(notifications)
      .set({
        result: sql`coalesce(${notifications.result}, '{}'::jsonb) || jsonb_build_object('action', 'syncing', 'syncStartedAt', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))`,
      })
      .where(eq(notifications.id, id));
    return { kind: "claimed" };
  });

  if (claim.kind === "already") return { state: "already" };
  if (claim.kind === "coalesced") return { state: "coalesced" };
  if (claim.kind === "deferred") return { state: "deferred", retryAfterMs: claim.retryAfterMs };
  if (claim.kind === "no_account") throw new Error("pay-account notification without an account id");

  const done = (result: Record<string, unknown>) =>
    database
      .update(notifications)
      .set({
        appliedAt: new Date(),
        verification: "refetched",
        applyError: null,
        applyAttempts: sql`${notifications.applyAttempts} + 1`,
        result: merge(result),
      })
      .where(eq(notifications.id, id));
  try {
    const r = await syncPayAccountFromGopay(accountId!, { notificationId: id, client: opts.client, database });
    await done({ action: "synced", statusBefore: r.statusBefore, statusAfter: r.statusAfter });
    return { state: "synced" };
  } catch (err) {
    if (!(err instanceof PayAccountNotFoundError)) throw err;
    // GoPay's definite answer: there is no such account. Nothing to retry; the sender is counted.
    await done({ action: "unknown_account" });
    if (opts.clientIp) await recordWebhookFailure(database, opts.clientIp);
    return { state: "unknown_account" };
  }
}

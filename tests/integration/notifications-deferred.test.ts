import { and, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { notifications, payAccountEvents, payAccounts } from "../../db/schema";
import { createBoss } from "../../app/jobs/boss.server";
import { notificationsApplyQueue } from "../../app/jobs/notifications-apply.server";
import { setBoss } from "../../app/lib/queue.server";
import { ingestCoreNotification } from "../../app/services/notifications/ingest.server";
import { PAY_ACCOUNT_SYNC_WINDOW_MS } from "../../app/services/notifications/pay-account.server";
import { applyPendingNotifications } from "../../app/services/notifications/sweep.server";
import { useTestDb } from "../support/db";
import { withDatabase } from "../support/pg-url";
import { linkedAccount, startTestGopay, type TestGopay } from "./holds-helpers";

/**
 * A pay-account notification that arrives within another GET's coalescing window waits
 * (`deferred`) — and must still be applied promptly after the window: the customer's unbind in
 * the GoPay app shows in unbind events within seconds, not at the next every-minute sweep.
 * Real database, the real job queue (pg-boss, the notifications-apply queue as the app declares
 * it, its real handler), the real sandbox over HTTP.
 */
const t = useTestDb();
let g: TestGopay;
let boss: PgBoss;

beforeAll(async () => {
  g = await startTestGopay();
  const url = process.env.DATABASE_URL;
  const dbUrl = url ? withDatabase(url, await currentDb()) : undefined;
  boss = createBoss(t.handle, dbUrl);
  boss.on("error", (err) => console.error("[test jobs]", err.message));
  await boss.start();
  await boss.createQueue(notificationsApplyQueue.name, notificationsApplyQueue.options);
  await boss.work(notificationsApplyQueue.name, { pollingIntervalSeconds: 0.5 }, notificationsApplyQueue.handler as never);
  setBoss(boss);
});
// Each test starts with nothing queued: a sweep left over from another test would answer its rows.
beforeEach(async () => {
  await boss.purgeQueue(notificationsApplyQueue.name);
});
afterAll(async () => {
  setBoss(undefined);
  await boss?.stop({ graceful: true, wait: true, timeout: 5_000 });
  await g?.close();
});

async function currentDb(): Promise<string> {
  // postgres-js answers an array of rows, PGlite { rows }.
  const r = (await t.db.execute(sql`select current_database() as name`)) as unknown as { name: string }[] | { rows: { name: string }[] };
  return (Array.isArray(r) ? r : r.rows)[0]!.name;
}

const notify = (accountId: string, status: "ENABLED" | "DISABLED", message: string) =>
  ingestCoreNotification({
    rawBody: JSON.stringify({ account_id: accountId, payment_type: "gopay", status_code: status === "ENABLED" ? "200" : "204", account_status: status, status_message: message }),
    headers: new Headers(),
    clientIp: "192.0.2.50",
  });

/** An account linked at the sandbox whose linking notification made Loket's GET `agoMs` ago. */
async function accountSyncedAgo(agoMs: number): Promise<string> {
  const { accountId } = await linkedAccount(g);
  const r = await notify(accountId, "ENABLED", "Midtrans account_linked notification");
  expect(r.outcome).toEqual({ state: "synced" });
  // The GET ran `agoMs` ago: its window (PAY_ACCOUNT_SYNC_WINDOW_MS, the app's own) has that much less to run.
  await t.db
    .update(notifications)
    .set({
      result: sql`${notifications.result} || jsonb_build_object('syncStartedAt', to_char((clock_timestamp() - ${`${agoMs} milliseconds`}::interval) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))`,
    })
    .where(eq(notifications.id, r.notificationId!));
  return accountId;
}

/** The customer unbinds in the GoPay app: the sandbox disables the account; its notification arrives. */
async function customerUnbinds(accountId: string, opts: Parameters<typeof ingestCoreNotification>[1] = {}) {
  await g.control(`/pay-accounts/${accountId}/unbind`, {});
  const body = JSON.stringify({ account_id: accountId, payment_type: "gopay", status_code: "204", account_status: "DISABLED", status_message: "Midtrans account unlinked by user" });
  const r = await ingestCoreNotification({ rawBody: body, headers: new Headers(), clientIp: "192.0.2.50" }, opts);
  expect(r.outcome).toEqual({ state: "deferred" });
  return r.notificationId!;
}

async function unbindEvent(accountId: string) {
  const [e] = await t.db
    .select({ source: payAccountEvents.source, statusAfter: payAccountEvents.statusAfter })
    .from(payAccountEvents)
    .innerJoin(payAccounts, eq(payAccounts.id, payAccountEvents.payAccountId))
    .where(and(eq(payAccounts.accountId, accountId), eq(payAccountEvents.kind, "unbind")));
  return e;
}

/** Polls until the account's unbind event is recorded; the time it took, or undefined past `ms`. */
async function unbindShownWithin(accountId: string, ms: number): Promise<number | undefined> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await unbindEvent(accountId)) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}

describe("a pay-account notification deferred behind another GET", () => {
  it("is applied just after the window even when a sweep for a later-ending window is already queued (the queue keeps one plain job)", async () => {
    // Account B's GET ran 1 s ago: its customer's unbind waits ~9 s, and a sweep is queued for then.
    const b = await accountSyncedAgo(1_000);
    await customerUnbinds(b);
    // Account A's GET ran 7 s ago: its customer's unbind waits ~3 s.
    const a = await accountSyncedAgo(PAY_ACCOUNT_SYNC_WINDOW_MS - 3_000);
    await customerUnbinds(a);
    // Due about 3 s from now (+1 s margin, + the worker's poll): not at B's sweep, ~10 s from now.
    const took = await unbindShownWithin(a, 7_000);
    expect(took, "A's unbind waited for B's later sweep (or the minute sweep)").toBeDefined();
    expect(await unbindEvent(a)).toEqual({ source: "customer_app", statusAfter: "DISABLED" });
    // B's follows at its own window's end.
    expect(await unbindShownWithin(b, 10_000)).toBeDefined();
    expect(await unbindEvent(b)).toEqual({ source: "customer_app", statusAfter: "DISABLED" });
  }, 30_000);

  it("a sweep that runs inside the window (the minute sweep) defers it again and schedules it again", async () => {
    const a = await accountSyncedAgo(PAY_ACCOUNT_SYNC_WINDOW_MS - 3_000);
    // The request's own scheduling is lost (e.g. the process stopped right after storing the row).
    await customerUnbinds(a, { onDeferred: () => undefined });
    // The minute sweep runs now, inside the window: the row is still deferred.
    const summary = await applyPendingNotifications({ minAgeMs: 2_000 });
    expect(summary.deferred).toBe(1);
    expect(await unbindEvent(a)).toBeUndefined();
    // …and is applied after the window, without waiting for the next minute.
    expect(await unbindShownWithin(a, 7_000), "the re-deferred row was left for the next minute sweep").toBeDefined();
    expect(await unbindEvent(a)).toEqual({ source: "customer_app", statusAfter: "DISABLED" });
  }, 30_000);

  it("a sweep after the window answers a deferred row whatever its age (its window may end under the sweep's minimum age)", async () => {
    // Not through the queue: the sweep alone, with a minimum age no row here reaches.
    setBoss(undefined);
    try {
      const a = await accountSyncedAgo(PAY_ACCOUNT_SYNC_WINDOW_MS - 500);
      const id = await customerUnbinds(a, { onDeferred: () => undefined });
      await new Promise((r) => setTimeout(r, 800));
      const summary = await applyPendingNotifications({ minAgeMs: 60_000 });
      expect(summary).toMatchObject({ applied: 1, deferred: 0 });
      const [row] = await t.db.select().from(notifications).where(eq(notifications.id, id));
      expect(row!.appliedAt).not.toBeNull();
      expect(await unbindEvent(a)).toEqual({ source: "customer_app", statusAfter: "DISABLED" });
    } finally {
      setBoss(boss);
    }
  });
});

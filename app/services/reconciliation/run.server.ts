import { and, asc, count, eq, gt, gte, inArray, lt, or, sql } from "drizzle-orm";
import {
  holds,
  notifications,
  operations,
  orders,
  reconDifferences,
  reconItems,
  reconRuns,
  type ReconRunKind,
} from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { enqueue, QUEUE } from "~/lib/queue.server";
import { wibRange } from "~/lib/time";
import { compareOrder, type Difference, type GopaySide, type LoketSide } from "./compare";
import { gopayStatusOf } from "./check.server";

type OrderRow = typeof orders.$inferSelect;
type RunRow = typeof reconRuns.$inferSelect;

/** Orders read and checked per batch; the batch's results are written in one transaction (the checkpoint). */
const BATCH = 50;
/** A slice of a run works this long, then the job continues itself (a short job survives restarts and expiry). */
export const SLICE_MS = 20_000;

export interface SliceOptions {
  client?: GopayClient;
  database?: DbOrTx;
  /** Stop after this many orders (tests: a run "killed" midway). */
  maxOrders?: number;
  maxMs?: number;
}

export interface SliceResult {
  /** The run reached its end (completed) or is no longer running (paused, cancelled): no continuation. */
  done: boolean;
  checked: number;
}

/**
 * Paces GoPay calls at `perSecond` (0 = unthrottled). Only one slice of any run is active at a
 * time in the whole deployment (the run queue's policy is `singleton`), so this pace is global.
 */
export function pacer(perSecond: number): () => Promise<void> {
  let next = 0;
  return async () => {
    if (!perSecond) return;
    const now = Date.now();
    const slot = Math.max(now, next);
    next = slot + 1000 / perSecond;
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  };
}

/** The orders of the run's range not yet checked in this run (the checkpoint is recon_items), after `cursor`. */
async function nextOrders(
  database: DbOrTx,
  run: RunRow,
  cursor: { createdAt: Date; id: string } | null,
  limit: number,
): Promise<OrderRow[]> {
  const range = wibRange(run.rangeFrom, run.rangeTo)!;
  return database
    .select()
    .from(orders)
    .where(
      and(
        gte(orders.createdAt, range.start),
        lt(orders.createdAt, range.end),
        cursor
          ? or(
              gt(orders.createdAt, cursor.createdAt),
              and(eq(orders.createdAt, cursor.createdAt), gt(orders.id, cursor.id)),
            )
          : undefined,
        sql`not exists (select 1 from ${reconItems} where ${reconItems.runId} = ${run.id} and ${reconItems.orderId} = ${orders.id})`,
      ),
    )
    .orderBy(asc(orders.createdAt), asc(orders.id))
    .limit(limit);
}

/** Loket's side of each order of a batch: hold, notifications (by order id or GoPay reference), unknown operations. */
async function loketSides(database: DbOrTx, batch: OrderRow[]): Promise<Map<string, LoketSide>> {
  const ids = batch.map((o) => o.id);
  const refs = [
    ...new Set(batch.flatMap((o) => [o.orderId, o.gopayReference].filter((r): r is string => !!r))),
  ];
  const [hs, ns, ops] = await Promise.all([
    database.select().from(holds).where(inArray(holds.orderId, ids)),
    database
      .select({
        id: notifications.id,
        reference: notifications.reference,
        statusCode: notifications.statusCode,
        signatureValid: notifications.signatureValid,
        verification: notifications.verification,
      })
      .from(notifications)
      .where(inArray(notifications.reference, refs)),
    database
      .select({ id: operations.id, kind: operations.kind, orderId: operations.orderId })
      .from(operations)
      .where(and(inArray(operations.orderId, ids), eq(operations.status, "unknown"))),
  ]);
  const out = new Map<string, LoketSide>();
  for (const o of batch) {
    const hold = hs.find((h) => h.orderId === o.id);
    out.set(o.id, {
      orderId: o.orderId,
      channel: o.channel,
      status: o.status,
      amount: o.amount,
      paidAmount: o.paidAmount,
      refundedAmount: o.refundedAmount,
      hold: hold ? { status: hold.status, expiresAt: hold.expiresAt } : null,
      notifications: ns
        .filter((n) => n.reference === o.orderId || (o.gopayReference && n.reference === o.gopayReference))
        .map((n) => ({
          id: n.id.toString(),
          statusCode: n.statusCode,
          signatureValid: n.signatureValid,
          verification: n.verification,
        })),
      unknownOperations: ops.filter((x) => x.orderId === o.id).map((x) => ({ id: x.id, kind: x.kind })),
    });
  }
  return out;
}

/**
 * A difference dealt with once (resolved or ignored) is not raised again for the same thing: the
 * same kind and fingerprint, or — a missing notification — the resolved difference that already
 * said GoPay's status had arrived without one.
 */
async function alreadyHandled(
  database: DbOrTx,
  orderIds: string[],
): Promise<(orderId: string, d: Difference) => boolean> {
  const prior = await database
    .select({
      orderId: reconDifferences.orderId,
      kind: reconDifferences.kind,
      fingerprint: reconDifferences.fingerprint,
      details: reconDifferences.details,
    })
    .from(reconDifferences)
    .where(
      and(
        inArray(reconDifferences.orderId, orderIds),
        inArray(reconDifferences.status, ["resolved", "ignored"]),
      ),
    );
  return (orderId, d) =>
    prior.some((p) => {
      if (p.orderId !== orderId) return false;
      if (p.kind === d.kind && p.fingerprint === d.fingerprint) return true;
      const det = (p.details ?? {}) as Record<string, unknown>;
      return (
        d.kind === "notification_missing" &&
        det.notificationReceived === false &&
        det.gopayStatus === d.fingerprint
      );
    });
}

export interface OrderCheck {
  order: OrderRow;
  loket: LoketSide;
  gopay: GopaySide | null;
  raw: unknown;
  error: string | null;
  differences: Difference[];
}

/** Checks one order against GoPay now (the run, and the re-check after a resolution). */
export async function checkOrder(
  client: GopayClient,
  order: OrderRow,
  loket: LoketSide,
): Promise<OrderCheck> {
  try {
    const { side, raw } = await gopayStatusOf(client, order);
    return { order, loket, gopay: side, raw, error: null, differences: compareOrder(loket, side) };
  } catch (err) {
    return { order, loket, gopay: null, raw: null, error: (err as Error).message, differences: [] };
  }
}

/** Loket's side of one order as the run sees it (for a re-check). */
export async function loketSideOf(database: DbOrTx, order: OrderRow): Promise<LoketSide> {
  return (await loketSides(database, [order])).get(order.id)!;
}

/** The item's stored result: both sides' raw answers, side by side in "Explain". */
function itemResult(c: OrderCheck): unknown {
  const { loket } = c;
  return {
    loket: {
      orderId: loket.orderId,
      channel: loket.channel,
      status: loket.status,
      gopayStatus: c.order.gopayStatus,
      amount: loket.amount.toString(),
      paidAmount: loket.paidAmount.toString(),
      refundedAmount: loket.refundedAmount.toString(),
      hold: loket.hold ? { status: loket.hold.status, expiresAt: loket.hold.expiresAt.toISOString() } : null,
      notifications: loket.notifications,
      unknownOperations: loket.unknownOperations,
    },
    gopay: c.raw,
    error: c.error,
  };
}

/**
 * Works one slice of a run: claims it (queued/running → running), checks the next unchecked orders
 * at the run's pace, writes each batch's items and differences in one transaction (ON CONFLICT DO
 * NOTHING on UNIQUE(run, order): a slice retried after a crash never counts an order twice), and
 * stops at the end of the range (completed), when paused or cancelled, or when the slice's time is up.
 */
export async function processRunSlice(runId: string, opts: SliceOptions = {}): Promise<SliceResult> {
  const database = opts.database ?? appDb();
  const client = opts.client ?? gopay();
  const maxMs = opts.maxMs ?? SLICE_MS;
  const started = Date.now();
  const [run] = await database
    .update(reconRuns)
    .set({
      status: "running",
      startedAt: sql`coalesce(${reconRuns.startedAt}, now())`,
      updatedAt: new Date(),
    })
    .where(and(eq(reconRuns.id, runId), inArray(reconRuns.status, ["queued", "running"])))
    .returning();
  if (!run) return { done: true, checked: 0 };
  const pace = pacer(run.throttlePerSecond);
  const concurrency =
    run.throttlePerSecond === 0 ? 16 : Math.min(16, Math.max(2, Math.ceil(run.throttlePerSecond / 10)));
  let cursor: { createdAt: Date; id: string } | null = null;
  let checked = 0;
  try {
    for (;;) {
      const room = opts.maxOrders === undefined ? BATCH : Math.min(BATCH, opts.maxOrders - checked);
      if (room <= 0) return { done: false, checked };
      const batch = await nextOrders(database, run, cursor, room);
      if (batch.length === 0) {
        await database
          .update(reconRuns)
          .set({
            status: "completed",
            finishedAt: new Date(),
            updatedAt: new Date(),
            total: sql`${reconRuns.checked}`,
          })
          .where(and(eq(reconRuns.id, runId), eq(reconRuns.status, "running")));
        return { done: true, checked };
      }
      const last = batch[batch.length - 1]!;
      cursor = { createdAt: last.createdAt, id: last.id };
      const sides = await loketSides(database, batch);
      const handled = await alreadyHandled(
        database,
        batch.map((o) => o.id),
      );
      const results: OrderCheck[] = new Array<OrderCheck>(batch.length);
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, batch.length) }, async () => {
          while (next < batch.length) {
            const i = next++;
            await pace();
            results[i] = await checkOrder(client, batch[i]!, sides.get(batch[i]!.id)!);
          }
        }),
      );
      const stillRunning = await database.transaction(async (tx) => {
        const inserted = await tx
          .insert(reconItems)
          .values(results.map((c) => ({ runId, orderId: c.order.id, result: itemResult(c) })))
          .onConflictDoNothing()
          .returning({ orderId: reconItems.orderId });
        const fresh = new Set(inserted.map((r) => r.orderId));
        const diffs = results
          .filter((c) => fresh.has(c.order.id))
          .flatMap((c) =>
            c.differences
              .filter((d) => !handled(c.order.id, d))
              .map((d) => ({
                runId,
                orderId: c.order.id,
                kind: d.kind,
                fingerprint: d.fingerprint,
                details: d.details,
              })),
          );
        const added = diffs.length
          ? await tx
              .insert(reconDifferences)
              .values(diffs)
              .onConflictDoNothing()
              .returning({ id: reconDifferences.id })
          : [];
        const errors = results.filter((c) => fresh.has(c.order.id) && c.error);
        const [now] = await tx
          .update(reconRuns)
          .set({
            checked: sql`${reconRuns.checked} + ${fresh.size}`,
            differences: sql`${reconRuns.differences} + ${added.length}`,
            total: sql`greatest(${reconRuns.total}, ${reconRuns.checked} + ${fresh.size})`,
            lastError: errors.length ? `${errors[0]!.order.orderId}: ${errors[0]!.error}` : undefined,
            updatedAt: new Date(),
          })
          .where(eq(reconRuns.id, runId))
          .returning({ status: reconRuns.status });
        return now?.status === "running";
      });
      checked += batch.length;
      if (!stillRunning) return { done: true, checked };
      if (Date.now() - started >= maxMs) return { done: false, checked };
    }
  } catch (err) {
    // Left "running": the job's retry continues from the checkpoint. The error is shown on the run.
    await database
      .update(reconRuns)
      .set({ lastError: (err as Error).message.slice(0, 500), updatedAt: new Date() })
      .where(eq(reconRuns.id, runId));
    throw err;
  }
}

export interface NewRun {
  from: string;
  to: string;
  throttlePerSecond: number;
  kind: ReconRunKind;
  startedBy: string | null;
}

/** Inserts a run (total = the range's orders now) and queues its first slice; null for a daily run that already exists. */
export async function insertRun(database: DbOrTx, input: NewRun): Promise<RunRow | null> {
  const range = wibRange(input.from, input.to);
  if (!range) throw new Error("Bad range.");
  const [{ n } = { n: 0 }] = await database
    .select({ n: count() })
    .from(orders)
    .where(and(gte(orders.createdAt, range.start), lt(orders.createdAt, range.end)));
  const [run] = await database
    .insert(reconRuns)
    .values({
      kind: input.kind,
      rangeFrom: input.from,
      rangeTo: input.to,
      throttlePerSecond: input.throttlePerSecond,
      total: Number(n),
      startedBy: input.startedBy,
    })
    .onConflictDoNothing()
    .returning();
  return run ?? null;
}

/** Queues a slice of the run (no-op when jobs do not run in this process: tests drive slices by hand). */
export async function enqueueRun(runId: string): Promise<void> {
  await enqueue(QUEUE.reconcileRun, { runId });
}

/** Runs a whole run in this process, slice after slice (tests, benchmarks; the job does the same across jobs). */
export async function runToEnd(runId: string, opts: SliceOptions = {}): Promise<void> {
  for (;;) {
    const r = await processRunSlice(runId, opts);
    if (r.done) return;
  }
}

/** Runs queued or running with no heartbeat for 2 minutes: queue a slice for each (a duplicate slice is harmless). */
export async function requeueStaleRuns(deps: { database?: DbOrTx } = {}): Promise<number> {
  const database = deps.database ?? appDb();
  const stale = await database
    .select({ id: reconRuns.id })
    .from(reconRuns)
    .where(
      and(
        inArray(reconRuns.status, ["queued", "running"]),
        lt(reconRuns.updatedAt, new Date(Date.now() - 120_000)),
      ),
    );
  for (const r of stale) await enqueueRun(r.id);
  return stale.length;
}

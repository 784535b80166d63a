import { and, asc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { coinBatches, coinPayouts } from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import { enqueue, QUEUE } from "~/lib/queue.server";
import { formatIdr, type Minor } from "~/lib/money";
import { audit, type AuditActor } from "~/services/audit.server";
import {
  COINS_JOB_ACTOR,
  DEFAULT_STALE_AFTER_MS,
  payPayout,
  type PayDeps,
  type PayResult,
} from "./pay.server";

/**
 * Pays an approved batch row by row through the one executor (payPayout). Everything that makes a
 * second run harmless lives in the rows: each row's conditional claim (queued | unknown | stale
 * paying → paying) and its fixed Request-Id, so a crash, a restart, a retried job or a second worker
 * running the same batch never pays a row twice — at worst it repeats a call GoPay replays.
 * - unknown outcomes (timeout, dropped answer) are retried with the same Request-Id, pass after pass;
 * - GoPay's 40005 (coin wallet short) pauses the batch with the amount needed, instead of failing
 *   every remaining row; "Resume" after a top-up continues;
 * - a non-retriable refusal (4060) fails that row only.
 */

export interface RunDeps extends PayDeps {
  /** Rows paid at once by this worker (each still claimed on its own). */
  concurrency?: number;
  /** Passes over the rows left unknown before handing the batch back to the queue. */
  maxPasses?: number;
  /** Pause between passes (ms). */
  passDelayMs?: number;
  /** Called after each row (tests: kill a worker mid-batch). */
  onRow?: (r: PayResult) => void;
}

export type RunResult =
  | { kind: "completed"; paid: number; failed: number }
  | { kind: "paused"; needed: Minor }
  /** Rows still unknown, or being paid by another worker: run again later. */
  | { kind: "again"; left: number }
  | { kind: "not_runnable"; status: string };

const PAGE = 200;
const RUNNABLE = ["approved", "paying"] as const;

async function counts(database: DbOrTx, batchId: string) {
  const rows = await database
    .select({
      status: coinPayouts.status,
      n: sql<number>`count(*)::int`,
      sum: sql<string>`coalesce(sum(${coinPayouts.amount}), 0)::text`,
    })
    .from(coinPayouts)
    .where(eq(coinPayouts.batchId, batchId))
    .groupBy(coinPayouts.status);
  const by = Object.fromEntries(rows.map((r) => [r.status, { n: Number(r.n), sum: BigInt(r.sum) }]));
  const get = (s: string) => by[s] ?? { n: 0, sum: 0n };
  return {
    get,
    left: get("queued").n + get("unknown").n + get("paying").n,
    leftSum: get("queued").sum + get("unknown").sum + get("paying").sum,
  };
}

/** Runs one batch until it is done, paused, or only has rows to try again later. Safe to call twice at once. */
export async function runBatch(deps: RunDeps, batchId: string): Promise<RunResult> {
  const database = deps.database ?? appDb();
  const now = deps.now ?? (() => new Date());
  const actor: AuditActor = deps.actor ?? COINS_JOB_ACTOR;
  const staleMs = deps.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const concurrency = Math.max(1, deps.concurrency ?? 4);
  const maxPasses = deps.maxPasses ?? 20;

  const started = await database
    .update(coinBatches)
    .set({ status: "paying", startedAt: sql`coalesce(${coinBatches.startedAt}, now())`, updatedAt: now() })
    .where(and(eq(coinBatches.id, batchId), eq(coinBatches.status, "approved")))
    .returning({ id: coinBatches.id, total: coinBatches.totalAmount, rows: coinBatches.rowCount });
  if (started[0]) {
    await audit(database, {
      actor,
      action: "coins.batch.start",
      targetType: "coin_batch",
      targetId: batchId,
      amount: started[0].total,
      result: "ok",
      detail: { rows: started[0].rows },
    });
  }
  const [batch] = await database
    .select({ status: coinBatches.status })
    .from(coinBatches)
    .where(eq(coinBatches.id, batchId));
  if (!batch || !(RUNNABLE as readonly string[]).includes(batch.status))
    return { kind: "not_runnable", status: batch?.status ?? "missing" };

  let insufficient: Extract<PayResult, { kind: "insufficient" }> | null = null;
  for (let pass = 0; pass < maxPasses && !insufficient; pass++) {
    let afterLine = -1;
    let touched = 0;
    for (;;) {
      const staleBefore = new Date(now().getTime() - staleMs);
      const page = await database
        .select({ id: coinPayouts.id, line: coinPayouts.line })
        .from(coinPayouts)
        .where(
          and(
            eq(coinPayouts.batchId, batchId),
            gt(coinPayouts.line, afterLine),
            or(
              inArray(coinPayouts.status, ["queued", "unknown"]),
              and(eq(coinPayouts.status, "paying"), lt(coinPayouts.updatedAt, staleBefore)),
            ),
          ),
        )
        .orderBy(asc(coinPayouts.line))
        .limit(PAGE);
      if (page.length === 0) break;
      afterLine = page[page.length - 1]!.line ?? afterLine;
      // A paused (or otherwise stopped) batch: another worker hit the wallet's end, or a person stopped it.
      // (The touch also tells the sweep this batch has a live worker.)
      const [b] = await database
        .update(coinBatches)
        .set({ updatedAt: now() })
        .where(and(eq(coinBatches.id, batchId), eq(coinBatches.status, "paying")))
        .returning({ id: coinBatches.id });
      if (!b) {
        const [x] = await database
          .select({ status: coinBatches.status })
          .from(coinBatches)
          .where(eq(coinBatches.id, batchId));
        return { kind: "not_runnable", status: x?.status ?? "missing" };
      }
      let next = 0;
      const worker = async () => {
        while (!insufficient && next < page.length) {
          const row = page[next++]!;
          const r = await payPayout({ ...deps, database, actor }, row.id);
          if (r.kind !== "skipped") touched++;
          deps.onRow?.(r);
          if (r.kind === "insufficient" && !insufficient) insufficient = r;
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, page.length) }, worker));
      if (insufficient) break;
    }
    if (insufficient) break;
    const c = await counts(database, batchId);
    if (c.left === 0) break;
    if (touched === 0) break; // only rows another worker is paying right now
    if (deps.passDelayMs) await new Promise((r) => setTimeout(r, deps.passDelayMs));
  }

  const c = await counts(database, batchId);
  if (insufficient) {
    const short = insufficient as Extract<PayResult, { kind: "insufficient" }>;
    const needed =
      short.balance !== null
        ? c.leftSum > short.balance
          ? c.leftSum - short.balance
          : short.needed
        : c.leftSum;
    const reason = `GoPay refused a payout: the coin wallet is short (${short.balance !== null ? `${formatIdr(short.balance)} left` : "balance unknown"}). ${c.get("queued").n + c.get("unknown").n} payouts (${formatIdr(c.leftSum)}) are left.`;
    const paused = await database
      .update(coinBatches)
      .set({ status: "paused", pauseReason: reason, neededAmount: needed, updatedAt: now() })
      .where(and(eq(coinBatches.id, batchId), eq(coinBatches.status, "paying")))
      .returning({ id: coinBatches.id });
    if (paused[0])
      await audit(database, {
        actor,
        action: "coins.batch.pause",
        targetType: "coin_batch",
        targetId: batchId,
        amount: needed,
        result: "failed",
        detail: { reason, left: c.left, leftSum: c.leftSum, balance: short.balance },
      });
    return { kind: "paused", needed };
  }
  if (c.left > 0) return { kind: "again", left: c.left };
  const paidSum = c.get("paid").sum;
  const done = await database
    .update(coinBatches)
    .set({ status: "completed", finishedAt: now(), pauseReason: null, neededAmount: null, updatedAt: now() })
    .where(and(eq(coinBatches.id, batchId), eq(coinBatches.status, "paying")))
    .returning({ id: coinBatches.id });
  if (done[0]) {
    await audit(database, {
      actor,
      action: "coins.batch.complete",
      targetType: "coin_batch",
      targetId: batchId,
      amount: paidSum,
      result: "ok",
      detail: { paid: c.get("paid").n, failed: c.get("failed").n, paidSum },
    });
  }
  return { kind: "completed", paid: c.get("paid").n, failed: c.get("failed").n };
}

export type ResumeResult = { kind: "resumed" } | { kind: "refused"; message: string };

/** "Resume" on a paused batch (after a top-up): back to paying, and the job is started again. */
export async function resumeBatch(
  database: DbOrTx,
  input: { batchId: string; actor: { id: string; email: string }; ip?: string | null; now?: Date },
): Promise<ResumeResult> {
  const now = input.now ?? new Date();
  const [row] = await database
    .update(coinBatches)
    .set({ status: "paying", pauseReason: null, neededAmount: null, updatedAt: now })
    .where(and(eq(coinBatches.id, input.batchId), eq(coinBatches.status, "paused")))
    .returning({ id: coinBatches.id, total: coinBatches.totalAmount });
  if (!row) {
    await audit(database, {
      actor: input.actor,
      action: "coins.batch.resume",
      targetType: "coin_batch",
      targetId: input.batchId,
      result: "denied",
      detail: { message: "not paused" },
      ip: input.ip,
    });
    return { kind: "refused", message: "This batch is not paused." };
  }
  await audit(database, {
    actor: input.actor,
    action: "coins.batch.resume",
    targetType: "coin_batch",
    targetId: row.id,
    amount: row.total,
    result: "ok",
    ip: input.ip,
  });
  await enqueue(QUEUE.payCoinBatch, { batchId: row.id });
  return { kind: "resumed" };
}

/** Batches that should be running but have no job (lost enqueue, a worker died): for the periodic sweep. */
export async function batchesToRun(
  database: DbOrTx,
  now: Date = new Date(),
  idleMs = 2 * 60 * 1000,
): Promise<string[]> {
  const rows = await database
    .select({ id: coinBatches.id })
    .from(coinBatches)
    .where(
      and(
        inArray(coinBatches.status, [...RUNNABLE]),
        lt(coinBatches.updatedAt, new Date(now.getTime() - idleMs)),
      ),
    )
    .limit(20);
  return rows.map((r) => r.id);
}

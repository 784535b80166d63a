import { and, eq, inArray } from "drizzle-orm";
import { orders, reconDifferences, reconRuns, type ReconRunStatus } from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { audit, type AuditActor } from "~/services/audit.server";
import { resyncOrder } from "~/services/orders/actions/resync.server";
import {
  DEFAULT_THROTTLE_PER_SECOND,
  MAX_RANGE_DAYS,
  MAX_THROTTLE_PER_SECOND,
  type DifferenceKind,
} from "./kinds";
import { checkOrder, enqueueRun, insertRun, loketSideOf } from "./run.server";
import { wibRange } from "~/lib/time";

export type Refusal = { ok: false; field?: "from" | "to" | "throttle"; messageKey: string };

/** Starts a manual run over WIB days from..to (ISO `YYYY-MM-DD`). Audited; the job does the work. */
export async function startRun(
  input: { from: string; to: string; throttlePerSecond?: number; actor: AuditActor; ip?: string | null },
  deps: { database?: DbOrTx } = {},
): Promise<{ ok: true; runId: string } | Refusal> {
  const database = deps.database ?? appDb();
  const range = wibRange(input.from, input.to);
  if (!range) return { ok: false, field: "from", messageKey: "reconciliation.errors.badDay" };
  if (range.end <= range.start)
    return { ok: false, field: "to", messageKey: "reconciliation.errors.toBeforeFrom" };
  if ((range.end.getTime() - range.start.getTime()) / 86_400_000 > MAX_RANGE_DAYS)
    return { ok: false, field: "to", messageKey: "reconciliation.errors.tooLong" };
  const throttle = input.throttlePerSecond ?? DEFAULT_THROTTLE_PER_SECOND;
  if (!Number.isInteger(throttle) || throttle < 1 || throttle > MAX_THROTTLE_PER_SECOND)
    return { ok: false, field: "throttle", messageKey: "reconciliation.errors.throttle" };
  const run = await insertRun(database, {
    from: input.from,
    to: input.to,
    throttlePerSecond: throttle,
    kind: "manual",
    startedBy: input.actor.id ?? null,
  });
  if (!run) throw new Error("run not created");
  await audit(database, {
    actor: input.actor,
    action: "reconciliation.start",
    targetType: "reconciliation",
    targetId: run.id,
    result: "ok",
    detail: { from: input.from, to: input.to, throttlePerSecond: throttle, total: run.total },
    ip: input.ip,
  });
  await enqueueRun(run.id);
  return { ok: true, runId: run.id };
}

const MOVES: Record<"pause" | "resume" | "cancel", { from: ReconRunStatus[]; to: ReconRunStatus }> = {
  pause: { from: ["queued", "running"], to: "paused" },
  resume: { from: ["paused", "failed"], to: "queued" },
  cancel: { from: ["queued", "running", "paused", "failed"], to: "cancelled" },
};

/** Pause, resume or cancel a run; the running slice sees it at its next batch. False when the run is not in a state that allows it. */
export async function moveRun(
  input: { runId: string; move: "pause" | "resume" | "cancel"; actor: AuditActor; ip?: string | null },
  deps: { database?: DbOrTx } = {},
): Promise<boolean> {
  const database = deps.database ?? appDb();
  const m = MOVES[input.move];
  const [run] = await database
    .update(reconRuns)
    .set({ status: m.to, updatedAt: new Date(), finishedAt: m.to === "cancelled" ? new Date() : undefined })
    .where(and(eq(reconRuns.id, input.runId), inArray(reconRuns.status, m.from)))
    .returning();
  if (!run) return false;
  await audit(database, {
    actor: input.actor,
    action: `reconciliation.${input.move}`,
    targetType: "reconciliation",
    targetId: run.id,
    result: "ok",
    detail: { status: run.status, checked: run.checked, total: run.total },
    ip: input.ip,
  });
  if (input.move === "resume") await enqueueRun(run.id);
  return true;
}

/** Kinds a resync cannot undo (a notification that never came, one with a bad signature): resolving acknowledges them once the state is confirmed. */
const ACKNOWLEDGED: ReadonlySet<string> = new Set<DifferenceKind>([
  "notification_missing",
  "notification_bad_signature",
]);

export interface ResolveSummary {
  resolved: number;
  remaining: number;
  failed: { orderId: string; message: string }[];
}

/**
 * "Resync from GoPay" for the orders of the chosen differences, through the order page's own
 * resyncOrder (audited as order.resync), then a fresh check of each order: every open difference
 * of the order (in any run) that the check no longer finds is resolved by the actor; one that stays
 * is left open and counted in `remaining`.
 */
export async function resolveDifferences(
  input: { differenceIds: string[]; actor: AuditActor; ip?: string | null },
  deps: { client?: GopayClient; database?: DbOrTx } = {},
): Promise<ResolveSummary> {
  const database = deps.database ?? appDb();
  const client = deps.client ?? gopay();
  const summary: ResolveSummary = { resolved: 0, remaining: 0, failed: [] };
  if (input.differenceIds.length === 0) return summary;
  const chosen = await database
    .select({ orderId: reconDifferences.orderId })
    .from(reconDifferences)
    .where(and(inArray(reconDifferences.id, input.differenceIds), eq(reconDifferences.status, "open")));
  for (const orderId of [...new Set(chosen.map((c) => c.orderId))]) {
    const [order] = await database.select().from(orders).where(eq(orders.id, orderId));
    if (!order) continue;
    try {
      await resyncOrder({ orderId, actor: input.actor, ip: input.ip }, { client, database });
    } catch (err) {
      summary.failed.push({ orderId: order.orderId, message: (err as Error).message });
      continue;
    }
    const [fresh] = await database.select().from(orders).where(eq(orders.id, orderId));
    const check = await checkOrder(client, fresh!, await loketSideOf(database, fresh!));
    if (check.error) {
      summary.failed.push({ orderId: order.orderId, message: check.error });
      continue;
    }
    const still = new Set<string>(check.differences.map((d) => d.kind));
    const open = await database
      .select({ id: reconDifferences.id, kind: reconDifferences.kind })
      .from(reconDifferences)
      .where(and(eq(reconDifferences.orderId, orderId), eq(reconDifferences.status, "open")));
    const done = open.filter((d) => ACKNOWLEDGED.has(d.kind) || !still.has(d.kind));
    summary.remaining += open.length - done.length;
    if (done.length === 0) continue;
    await database.transaction(async (tx) => {
      await tx
        .update(reconDifferences)
        .set({ status: "resolved", resolvedBy: input.actor.id ?? null, resolvedAt: new Date() })
        .where(
          and(
            inArray(
              reconDifferences.id,
              done.map((d) => d.id),
            ),
            eq(reconDifferences.status, "open"),
          ),
        );
      await audit(tx, {
        actor: input.actor,
        action: "reconciliation.resolve",
        targetType: "order",
        targetId: order.orderId,
        result: "ok",
        detail: {
          kinds: done.map((d) => d.kind),
          remaining: [...still],
          gopayStatus: check.gopay && check.gopay.found ? check.gopay.status : null,
        },
        ip: input.ip,
      });
    });
    summary.resolved += done.length;
  }
  return summary;
}

/** Marks open differences ignored (a known, accepted difference); audited. Returns how many. */
export async function ignoreDifferences(
  input: { differenceIds: string[]; actor: AuditActor; ip?: string | null },
  deps: { database?: DbOrTx } = {},
): Promise<number> {
  const database = deps.database ?? appDb();
  if (input.differenceIds.length === 0) return 0;
  return database.transaction(async (tx) => {
    const rows = await tx
      .update(reconDifferences)
      .set({ status: "ignored", resolvedBy: input.actor.id ?? null, resolvedAt: new Date() })
      .where(and(inArray(reconDifferences.id, input.differenceIds), eq(reconDifferences.status, "open")))
      .returning({ id: reconDifferences.id, kind: reconDifferences.kind, orderId: reconDifferences.orderId });
    if (rows.length)
      await audit(tx, {
        actor: input.actor,
        action: "reconciliation.ignore",
        targetType: "reconciliation",
        targetId: rows
          .map((r) => r.id)
          .join(",")
          .slice(0, 200),
        result: "ok",
        detail: { count: rows.length, kinds: [...new Set(rows.map((r) => r.kind))] },
        ip: input.ip,
      });
    return rows.length;
  });
}

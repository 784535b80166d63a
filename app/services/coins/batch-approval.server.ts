import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { approvals, coinBatches, coinPayouts, customers, staff } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import { enqueue, QUEUE } from "~/lib/queue.server";
import type { Minor } from "~/lib/money";
import { audit } from "~/services/audit.server";
import type { BatchActor } from "./batch-submit.server";

/**
 * A second person decides a coin batch (approval kind `coins_batch`). The rules are the refund
 * approvals' (approvals.server.ts): never the submitter — compared by staff id on the server, so
 * a second role or a second session of the same person changes nothing — and never after 24 hours,
 * whether or not the expiry sweep has run yet. Approving turns every row queued and starts the job.
 */

export type BatchDecision =
  | { kind: "approved"; batchId: string }
  | { kind: "rejected"; batchId: string }
  | { kind: "refused"; message: string; code: BatchRefusalCode };
export type BatchRefusalCode = "missing" | "decided" | "own" | "expired" | "batchState";

type Locked =
  | { approval: typeof approvals.$inferSelect; batch: typeof coinBatches.$inferSelect }
  | { refused: string; code: BatchRefusalCode };

async function lockBatchApproval(
  tx: DbOrTx,
  approvalId: string,
  actor: BatchActor,
  now: Date,
): Promise<Locked> {
  if (!isUuid(approvalId)) return { refused: "This approval request does not exist.", code: "missing" };
  const [approval] = await tx.select().from(approvals).where(eq(approvals.id, approvalId)).for("update");
  if (!approval || approval.kind !== "coins_batch")
    return { refused: "This approval request does not exist.", code: "missing" };
  if (approval.status !== "pending")
    return { refused: `This request was already ${approval.status}.`, code: "decided" };
  const [batch] = await tx
    .select()
    .from(coinBatches)
    .where(eq(coinBatches.id, approval.targetId))
    .for("update");
  if (!batch) return { refused: "The batch of this request is missing.", code: "missing" };
  // Both ids: who asked for the approval and who submitted the batch (the same person by construction).
  if (approval.requestedBy === actor.id || batch.submittedBy === actor.id)
    return {
      refused: "You cannot decide on your own batch: another finance or admin user must.",
      code: "own",
    };
  if (approval.expiresAt.getTime() <= now.getTime())
    return { refused: "This request expired (after 24 hours). Submit the file again.", code: "expired" };
  if (batch.status !== "pending_approval")
    return {
      refused: `The batch is ${batch.status.replace("_", " ")}, no longer waiting for approval.`,
      code: "batchState",
    };
  return { approval, batch };
}

/** Approves a batch: its rows become queued (their Request-Ids unchanged) and the pay job is enqueued. */
export async function approveBatch(
  database: DbOrTx,
  input: { approvalId: string; actor: BatchActor; ip?: string | null; now?: Date },
): Promise<BatchDecision> {
  const now = input.now ?? new Date();
  const r = await database.transaction(async (tx) => {
    const locked = await lockBatchApproval(tx, input.approvalId, input.actor, now);
    if ("refused" in locked) return locked;
    const { approval, batch } = locked;
    await tx
      .update(approvals)
      .set({ status: "approved", decidedBy: input.actor.id, decidedAt: now })
      .where(eq(approvals.id, approval.id));
    await tx
      .update(coinBatches)
      .set({ status: "approved", decidedBy: input.actor.id, decidedAt: now, updatedAt: now })
      .where(eq(coinBatches.id, batch.id));
    await tx
      .update(coinPayouts)
      .set({ status: "queued", updatedAt: now })
      .where(and(eq(coinPayouts.batchId, batch.id), eq(coinPayouts.status, "awaiting_approval")));
    await audit(tx, {
      actor: input.actor,
      action: "approval.approve",
      targetType: "approval",
      targetId: approval.id,
      amount: batch.totalAmount,
      result: "ok",
      detail: { kind: "coins_batch", batchId: batch.id },
      ip: input.ip,
    });
    await audit(tx, {
      actor: input.actor,
      action: "coins.batch.approve",
      targetType: "coin_batch",
      targetId: batch.id,
      amount: batch.totalAmount,
      result: "ok",
      detail: { rows: batch.rowCount, approvalId: approval.id },
      ip: input.ip,
    });
    return { batchId: batch.id };
  });
  if ("refused" in r) {
    await audit(database, {
      actor: input.actor,
      action: "coins.batch.approve",
      targetType: "approval",
      targetId: input.approvalId,
      result: "denied",
      detail: { message: r.refused, code: r.code },
      ip: input.ip,
    });
    return { kind: "refused", message: r.refused, code: r.code };
  }
  await enqueue(QUEUE.payCoinBatch, { batchId: r.batchId });
  return { kind: "approved", batchId: r.batchId };
}

/** Rejects a batch with a reason: nothing of it will ever be paid. */
export async function rejectBatch(
  database: DbOrTx,
  input: { approvalId: string; actor: BatchActor; reason: string; ip?: string | null; now?: Date },
): Promise<BatchDecision> {
  const now = input.now ?? new Date();
  const reason = input.reason.trim();
  if (!reason) return { kind: "refused", code: "batchState", message: "Say why you reject it." };
  const r = await database.transaction(async (tx) => {
    const locked = await lockBatchApproval(tx, input.approvalId, input.actor, now);
    if ("refused" in locked) return locked;
    const { approval, batch } = locked;
    await tx
      .update(approvals)
      .set({
        status: "rejected",
        decidedBy: input.actor.id,
        decidedAt: now,
        decisionReason: reason.slice(0, 500),
      })
      .where(eq(approvals.id, approval.id));
    await tx
      .update(coinBatches)
      .set({
        status: "rejected",
        decidedBy: input.actor.id,
        decidedAt: now,
        decisionReason: reason.slice(0, 500),
        finishedAt: now,
        updatedAt: now,
      })
      .where(eq(coinBatches.id, batch.id));
    await tx
      .update(coinPayouts)
      .set({ status: "rejected", updatedAt: now })
      .where(and(eq(coinPayouts.batchId, batch.id), eq(coinPayouts.status, "awaiting_approval")));
    await audit(tx, {
      actor: input.actor,
      action: "approval.reject",
      targetType: "approval",
      targetId: approval.id,
      amount: batch.totalAmount,
      result: "ok",
      detail: { kind: "coins_batch", batchId: batch.id, reason },
      ip: input.ip,
    });
    await audit(tx, {
      actor: input.actor,
      action: "coins.batch.reject",
      targetType: "coin_batch",
      targetId: batch.id,
      amount: batch.totalAmount,
      result: "ok",
      detail: { reason },
      ip: input.ip,
    });
    return { batchId: batch.id };
  });
  if ("refused" in r) {
    await audit(database, {
      actor: input.actor,
      action: "coins.batch.reject",
      targetType: "approval",
      targetId: input.approvalId,
      result: "denied",
      detail: { message: r.refused, code: r.code },
      ip: input.ip,
    });
    return { kind: "refused", message: r.refused, code: r.code };
  }
  return { kind: "rejected", batchId: r.batchId };
}

/**
 * Called by expireApprovals (inside its transaction) with the approvals it just expired: their
 * batches become expired and their rows cancelled, so an expired approval can never start a payout.
 */
export async function expireCoinBatches(tx: DbOrTx, expiredApprovalIds: string[], now: Date): Promise<void> {
  if (expiredApprovalIds.length === 0) return;
  const batches = await tx
    .update(coinBatches)
    .set({
      status: "expired",
      finishedAt: now,
      decisionReason: "Not decided within 24 hours",
      updatedAt: now,
    })
    .where(
      and(inArray(coinBatches.approvalId, expiredApprovalIds), eq(coinBatches.status, "pending_approval")),
    )
    .returning({ id: coinBatches.id, total: coinBatches.totalAmount });
  if (batches.length === 0) return;
  await tx
    .update(coinPayouts)
    .set({ status: "cancelled", updatedAt: now })
    .where(
      and(
        inArray(
          coinPayouts.batchId,
          batches.map((b) => b.id),
        ),
        eq(coinPayouts.status, "awaiting_approval"),
      ),
    );
  for (const b of batches) {
    await audit(tx, {
      actor: { email: "job:approvals-expire" },
      action: "coins.batch.expire",
      targetType: "coin_batch",
      targetId: b.id,
      amount: b.total,
      result: "ok",
    });
  }
}

/** What /approvals shows of a batch request: its file, totals, row count and a sample of rows. */
export interface BatchApprovalInfo {
  batchId: string;
  filename: string;
  status: string;
  rowCount: number;
  total: Minor;
  sample: {
    line: number | null;
    customerName: string | null;
    phone: string | null;
    amount: Minor;
    description: string;
  }[];
  /** Why approving now would be refused (not counting who looks at it), or null. */
  problem: string | null;
}

export const SAMPLE_ROWS = 5;

export async function batchApprovalInfo(
  database: DbOrTx,
  approvalIds: string[],
  now: Date = new Date(),
): Promise<Map<string, BatchApprovalInfo>> {
  const out = new Map<string, BatchApprovalInfo>();
  if (approvalIds.length === 0) return out;
  const rows = await database
    .select({ a: approvals, b: coinBatches, submitterActive: staff.active })
    .from(approvals)
    .innerJoin(coinBatches, sql`${coinBatches.id}::text = ${approvals.targetId}`)
    .leftJoin(staff, eq(staff.id, coinBatches.submittedBy))
    .where(and(inArray(approvals.id, approvalIds), eq(approvals.kind, "coins_batch")));
  for (const { a, b, submitterActive } of rows) {
    const sample = await database
      .select({
        line: coinPayouts.line,
        customerName: customers.name,
        phone: customers.phone,
        amount: coinPayouts.amount,
        description: coinPayouts.description,
      })
      .from(coinPayouts)
      .leftJoin(customers, eq(customers.id, coinPayouts.customerId))
      .where(eq(coinPayouts.batchId, b.id))
      .orderBy(asc(coinPayouts.line))
      .limit(SAMPLE_ROWS);
    let problem: string | null = null;
    if (a.status === "pending") {
      if (a.expiresAt.getTime() <= now.getTime())
        problem = "This request expired (after 24 hours). Submit the file again.";
      else if (b.status !== "pending_approval")
        problem = `The batch is ${b.status.replace("_", " ")}, no longer waiting for approval.`;
      else if (submitterActive === false) problem = "The submitter was deactivated since: reject it.";
    }
    out.set(a.id, {
      batchId: b.id,
      filename: b.filename,
      status: b.status,
      rowCount: b.rowCount,
      total: b.totalAmount,
      sample,
      problem,
    });
  }
  return out;
}

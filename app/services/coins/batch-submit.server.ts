import { randomUUID } from "node:crypto";
import { mintCoinRequestId } from "./pay.server";
import { eq } from "drizzle-orm";
import { approvals, coinBatches, coinPayouts, coinSettings } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { formatIdr, type Minor } from "~/lib/money";
import { audit } from "~/services/audit.server";
import { coinLimits, monthUsed, type BulkCheck } from "./bulk-check.server";

/** An approval of a batch expires 24 hours after it was asked for (as every approval). */
export const BATCH_APPROVAL_TTL_MS = 24 * 60 * 60 * 1000;
const INSERT_CHUNK = 500;

export interface BatchActor {
  id: string;
  email: string;
}

export type SubmitResult =
  | { kind: "submitted"; batchId: string; approvalId: string; rows: number; total: Minor }
  | { kind: "refused"; message: string; code: "cannotSubmit" | "overBudget" | "stale" };

/**
 * Saves a checked file as a batch waiting for a second person: the batch, its approval request
 * (kind coins_batch) and every payout row — each with its own GoPay Request-Id, created now and
 * never changed — in ONE transaction, audited. The budget is checked again under the settings
 * row's lock, so two batches submitted at once cannot both take the last of the month's budget.
 */
export async function submitBatch(
  database: DbOrTx,
  input: {
    check: Extract<BulkCheck, { ok: true }>;
    filename: string;
    actor: BatchActor;
    ip?: string | null;
    now?: Date;
  },
): Promise<SubmitResult> {
  const { check, actor } = input;
  const now = input.now ?? new Date();
  if (!check.canSubmit)
    return {
      kind: "refused",
      code: "cannotSubmit",
      message: "This file cannot be submitted: fix its errors (or its totals) first.",
    };
  const filename = input.filename.replace(/[\r\n\t]/g, " ").slice(0, 200) || "upload.csv";
  const batchId = randomUUID();
  const total = check.totals.total;
  const rows = check.rows;
  return database.transaction(async (tx) => {
    // Serialises submits against each other (and against a change of the limits).
    await tx.select({ id: coinSettings.id }).from(coinSettings).where(eq(coinSettings.id, 1)).for("update");
    const limits = await coinLimits(tx);
    const used = await monthUsed(tx, now);
    const remaining = limits.monthlyBudget > used ? limits.monthlyBudget - used : 0n;
    if (total > remaining) {
      return {
        kind: "refused" as const,
        code: "overBudget" as const,
        message: `The month's budget has ${formatIdr(remaining)} left; this batch is ${formatIdr(total)}. Nothing was saved.`,
      };
    }
    const [approval] = await tx
      .insert(approvals)
      .values({
        kind: "coins_batch",
        targetType: "coin_batch",
        targetId: batchId,
        amount: total,
        payload: { filename, rows: rows.length, sha256: check.sha256 },
        requestedBy: actor.id,
        requestedAt: now,
        expiresAt: new Date(now.getTime() + BATCH_APPROVAL_TTL_MS),
      })
      .returning({ id: approvals.id });
    await tx.insert(coinBatches).values({
      id: batchId,
      filename,
      status: "pending_approval",
      rowCount: rows.length,
      totalAmount: total,
      submittedBy: actor.id,
      submittedAt: now,
      approvalId: approval!.id,
      updatedAt: now,
    });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await tx.insert(coinPayouts).values(
        rows.slice(i, i + INSERT_CHUNK).map((r) => ({
          batchId,
          line: r.line,
          customerId: r.customerId,
          amount: r.amount,
          description: r.description,
          reasonCode: "bulk",
          requestId: mintCoinRequestId(),
          status: "awaiting_approval" as const,
          requestedBy: actor.id,
          approvalId: approval!.id,
          createdAt: now,
          updatedAt: now,
        })),
      );
    }
    await audit(tx, {
      actor,
      action: "coins.batch.submit",
      targetType: "coin_batch",
      targetId: batchId,
      amount: total,
      result: "pending",
      detail: {
        filename,
        rows: rows.length,
        sha256: check.sha256,
        approvalId: approval!.id,
        warnings: check.warningCount,
      },
      ip: input.ip,
    });
    return { kind: "submitted" as const, batchId, approvalId: approval!.id, rows: rows.length, total };
  });
}

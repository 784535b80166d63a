import { and, eq, inArray } from "drizzle-orm";
import { approvals, coinPayouts, customers } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import type { GopayClient } from "~/gopay/index.server";
import type { Minor } from "~/lib/money";
import { audit } from "~/services/audit.server";
import { payPayout, type PayResult } from "./pay.server";
import type { CoinActor } from "./single.server";

/**
 * The second person's decision on a single coin payout at or above the approval threshold
 * (approvals.kind = coins_payout, target = the coin_payouts row). The same rules as refunds: the
 * requester can never decide their own (compared by staff id, so two roles or two sessions do not
 * help), a decided or expired request cannot be used. Approving queues the row and pays it with
 * the Request-Id it got when it was requested.
 */
export const COIN_PAYOUT_APPROVAL = "coins_payout";

export type PayoutDecision =
  { kind: "refused"; message: string } | { kind: "approved"; result: PayResult } | { kind: "rejected" };

type Locked =
  { refused: string } | { approval: typeof approvals.$inferSelect; payout: typeof coinPayouts.$inferSelect };

async function lockForDecision(tx: DbOrTx, approvalId: string, actor: CoinActor, now: Date): Promise<Locked> {
  if (!isUuid(approvalId)) return { refused: "This approval request does not exist." };
  const [approval] = await tx.select().from(approvals).where(eq(approvals.id, approvalId)).for("update");
  if (!approval || approval.kind !== COIN_PAYOUT_APPROVAL)
    return { refused: "This approval request does not exist." };
  if (approval.status !== "pending") return { refused: `This request was already ${approval.status}.` };
  if (approval.requestedBy === actor.id)
    return { refused: "You cannot decide on your own request: another finance or admin user must." };
  if (approval.expiresAt.getTime() <= now.getTime())
    return { refused: "This request expired (after 24 hours). Ask for a new payout." };
  const [payout] = isUuid(approval.targetId)
    ? await tx.select().from(coinPayouts).where(eq(coinPayouts.id, approval.targetId)).for("update")
    : [];
  if (!payout) return { refused: "The payout of this request is missing." };
  if (payout.status !== "awaiting_approval") return { refused: `This payout is already ${payout.status}.` };
  return { approval, payout };
}

export async function approvePayout(
  database: DbOrTx,
  input: { approvalId: string; actor: CoinActor; ip?: string | null; now?: Date },
  deps: { client?: GopayClient } = {},
): Promise<PayoutDecision> {
  const now = input.now ?? new Date();
  const actor = { id: input.actor.id, email: input.actor.email };
  const step = await database.transaction(async (tx): Promise<{ refused: string } | { payoutId: string }> => {
    const locked = await lockForDecision(tx, input.approvalId, input.actor, now);
    if ("refused" in locked) return locked;
    const { approval, payout } = locked;
    await tx
      .update(approvals)
      .set({ status: "approved", decidedBy: actor.id, decidedAt: now })
      .where(eq(approvals.id, approval.id));
    await tx
      .update(coinPayouts)
      .set({ status: "queued", updatedAt: now })
      .where(eq(coinPayouts.id, payout.id));
    await audit(tx, {
      actor,
      action: "approval.approve",
      targetType: "approval",
      targetId: approval.id,
      amount: payout.amount,
      idempotencyKey: payout.requestId,
      result: "ok",
      detail: { kind: COIN_PAYOUT_APPROVAL, payoutId: payout.id, customerId: payout.customerId },
      ip: input.ip,
    });
    return { payoutId: payout.id };
  });
  if ("refused" in step) {
    await audit(database, {
      actor,
      action: "approval.approve",
      targetType: "approval",
      targetId: input.approvalId.slice(0, 100),
      result: "denied",
      detail: { message: step.refused },
      ip: input.ip,
    });
    return { kind: "refused", message: step.refused };
  }
  const result = await payPayout({ database, client: deps.client, actor }, step.payoutId);
  return { kind: "approved", result };
}

export async function rejectPayout(
  database: DbOrTx,
  input: { approvalId: string; actor: CoinActor; reason: string; ip?: string | null; now?: Date },
): Promise<PayoutDecision> {
  const now = input.now ?? new Date();
  const actor = { id: input.actor.id, email: input.actor.email };
  const reason = input.reason.trim();
  const refused = await database.transaction(async (tx) => {
    const locked = await lockForDecision(tx, input.approvalId, input.actor, now);
    if ("refused" in locked) return locked.refused;
    const { approval, payout } = locked;
    await tx
      .update(approvals)
      .set({ status: "rejected", decidedBy: actor.id, decidedAt: now, decisionReason: reason })
      .where(eq(approvals.id, approval.id));
    await tx
      .update(coinPayouts)
      .set({ status: "rejected", errorMessage: reason, updatedAt: now })
      .where(eq(coinPayouts.id, payout.id));
    await audit(tx, {
      actor,
      action: "approval.reject",
      targetType: "approval",
      targetId: approval.id,
      amount: payout.amount,
      result: "ok",
      detail: { reason, kind: COIN_PAYOUT_APPROVAL, payoutId: payout.id },
      ip: input.ip,
    });
    await audit(tx, {
      actor,
      action: "coins.payout.rejected",
      targetType: "coin_payout",
      targetId: payout.id,
      amount: payout.amount,
      idempotencyKey: payout.requestId,
      result: "ok",
      detail: { reason },
      ip: input.ip,
    });
    return null;
  });
  if (refused) {
    await audit(database, {
      actor,
      action: "approval.reject",
      targetType: "approval",
      targetId: input.approvalId.slice(0, 100),
      result: "denied",
      detail: { message: refused },
      ip: input.ip,
    });
    return { kind: "refused", message: refused };
  }
  return { kind: "rejected" };
}

/** Called by expireApprovals in its transaction: payouts whose approval expired are cancelled (they hold no budget). */
export async function expireCoinPayouts(tx: DbOrTx, expiredApprovalIds: string[], now: Date): Promise<void> {
  if (expiredApprovalIds.length === 0) return;
  await tx
    .update(coinPayouts)
    .set({
      status: "cancelled",
      errorCode: "approval_expired",
      errorMessage: "Not approved within 24 hours",
      updatedAt: now,
    })
    .where(
      and(inArray(coinPayouts.approvalId, expiredApprovalIds), eq(coinPayouts.status, "awaiting_approval")),
    );
}

export interface PayoutApprovalInfo {
  payoutId: string;
  customerId: string;
  customerName: string | null;
  amount: Minor;
  description: string;
  reasonCode: string | null;
  status: string;
}

/** What /approvals shows for coins_payout requests: who gets how much, and why. */
export async function payoutApprovalInfo(
  database: DbOrTx,
  approvalIds: string[],
): Promise<Map<string, PayoutApprovalInfo>> {
  const out = new Map<string, PayoutApprovalInfo>();
  if (approvalIds.length === 0) return out;
  const rows = await database
    .select({ p: coinPayouts, customerName: customers.name })
    .from(coinPayouts)
    .innerJoin(customers, eq(customers.id, coinPayouts.customerId))
    .where(inArray(coinPayouts.approvalId, approvalIds));
  for (const r of rows) {
    out.set(r.p.approvalId!, {
      payoutId: r.p.id,
      customerId: r.p.customerId,
      customerName: r.customerName,
      amount: r.p.amount,
      description: r.p.description,
      reasonCode: r.p.reasonCode,
      status: r.p.status,
    });
  }
  return out;
}

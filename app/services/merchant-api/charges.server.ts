import { and, eq } from "drizzle-orm";
import { holds, operations, orderEvents, orders, type OrderStatus, type PaymentOption, PAYMENT_OPTIONS } from "~db/schema";
import { db } from "~/db/client.server";
import { gopay, isGopayError, type CoreTransaction, type PayAccount } from "~/gopay/index.server";
import { AccountNotChargeableError, assertAccountChargeable } from "~/services/accounts/chargeable.server";
import { syncPayAccountFromGopay, type PayAccountRow } from "~/services/accounts/sync.server";
import { audit } from "~/services/audit.server";
import { applyHoldPaymentState, DEFAULT_HOLD_MS } from "~/services/holds/apply.server";
import { claimOperation, executeOperation } from "~/services/operations/operations.server";
import { STATUS_RANK } from "~/services/payments/state";
import type { ApiCaller } from "~/services/api-keys/api-keys.server";
import { linkOrder } from "~/services/customers/match.server";
import { ApiError, orderExists, refusal } from "./errors";
import type { ApiResult } from "./idempotency.server";
import type { CreateChargeInput } from "./schemas";

export const CHARGE = "charge";
type OrderRow = typeof orders.$inferSelect;

const CORE_TO_ORDER: Partial<Record<string, OrderStatus>> = {
  settlement: "paid",
  capture: "paid",
  authorize: "authorised",
  pending: "pending",
  deny: "failed",
  failure: "failed",
  expire: "expired",
  cancel: "cancelled",
};

/** Which of the account's options to charge: the wallet first, then any active one with a token. */
function pickOption(account: PayAccount): { name: string; token: string } | undefined {
  const usable = account.paymentOptions.filter((o) => o.active && o.token);
  const o = usable.find((x) => x.name === "GOPAY_WALLET") ?? usable[0];
  return o ? { name: o.name, token: o.token! } : undefined;
}

export function chargeBody(order: OrderRow, hold?: { status: string; expiresAt: Date } | null, extra: Record<string, unknown> = {}) {
  return {
    order_id: order.orderId,
    status: order.status,
    channel: order.channel,
    amount: order.amount,
    transaction_id: order.gopayReference,
    payment_option: order.paymentOption,
    ...(hold ? { hold: { status: hold.status, expires_at: hold.expiresAt.toISOString() } } : {}),
    ...extra,
  };
}

/**
 * Applies a Core charge/status answer to the order (and the hold for pre-auth) under the order's
 * row lock, only forward (a notification may have got there first).
 */
export async function applyChargeResult(orderId: string, tx0: CoreTransaction, optionName?: string) {
  return db().transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
    if (!order) throw new Error(`order ${orderId} vanished`);
    const hold = order.channel === "preauth" ? await applyHoldPaymentState(tx, order, tx0.transactionStatus, null, { expiresAt: order.expiresAt }) : null;
    const to = CORE_TO_ORDER[tx0.transactionStatus];
    const patch: Partial<typeof orders.$inferInsert> = { gopayReference: order.gopayReference ?? tx0.transactionId, updatedAt: new Date() };
    if (to && STATUS_RANK[to] > order.statusRank) {
      patch.status = to;
      patch.statusRank = STATUS_RANK[to];
      patch.gopayStatus = tx0.transactionStatus;
      if (to === "paid") {
        patch.paidAmount = tx0.grossAmount;
        patch.paidAt = new Date();
        const opt = tx0.paymentOptionType ?? optionName;
        patch.paymentOption = (PAYMENT_OPTIONS as readonly string[]).includes(opt ?? "") ? (opt as PaymentOption) : null;
      }
      if (to === "failed" || to === "expired" || to === "cancelled") patch.closedAt = new Date();
    }
    const [after] = await tx.update(orders).set(patch).where(eq(orders.id, orderId)).returning();
    if (patch.status && patch.status !== order.status) {
      await tx.insert(orderEvents).values({
        orderId,
        kind: "status.changed",
        title: `Charge ${tx0.transactionStatus} at GoPay${tx0.channelResponseMessage && to === "failed" ? `: ${tx0.channelResponseMessage}` : ""}`,
        actorLabel: "gopay",
        detail: { before: order.status, after: patch.status, gopayStatus: tx0.transactionStatus },
      });
    }
    const [h] = order.channel === "preauth" ? await tx.select().from(holds).where(eq(holds.orderId, orderId)).limit(1) : [];
    return { order: after!, hold: h ?? hold?.hold ?? null };
  });
}

/**
 * POST /api/v1/charges: a tokenized charge (Core `POST /v2/charge`) on a linked account, or a
 * pre-auth hold with `pre_auth: true`. Refuses an account Loket knows is not ENABLED, then asks
 * GoPay for the account's CURRENT payment option token (tokens can change) before charging.
 */
export async function createCharge(input: CreateChargeInput, caller: ApiCaller, key: string): Promise<ApiResult> {
  const [existingOp] = await db().select().from(operations).where(and(eq(operations.kind, CHARGE), eq(operations.idempotencyKey, key))).limit(1);
  let account: PayAccountRow | undefined;
  try {
    account = await assertAccountChargeable(db(), input.account_id);
  } catch (err) {
    if (err instanceof AccountNotChargeableError && !existingOp) throw refusal(422, "account_not_chargeable", err.message, { account_id: err.message });
    if (!(err instanceof AccountNotChargeableError)) throw err;
  }

  let option: { name: string; token: string } | undefined;
  if (!existingOp || existingOp.status !== "succeeded") {
    let remote: PayAccount;
    try {
      remote = await gopay().core.getPayAccount(input.account_id);
    } catch (err) {
      if (isGopayError(err) && err.kind === "not_found") throw refusal(422, "account_not_chargeable", "GoPay does not know this account.", { account_id: "GoPay does not know this account." });
      throw refusal(503, "gopay_unavailable", "GoPay did not return the account's payment options; retry with the same Idempotency-Key.");
    }
    if (remote.accountStatus !== "ENABLED") {
      // Loket's copy was stale: bring it up to date so staff see the same thing, then refuse.
      await syncPayAccountFromGopay(input.account_id, { actorLabel: caller.label }).catch(() => undefined);
      const msg = `GoPay says account ${input.account_id} is ${remote.accountStatus ?? "not linked"}; it cannot be charged until the customer links GoPay again.`;
      throw refusal(422, "account_not_chargeable", msg, { account_id: msg });
    }
    option = pickOption(remote);
    if (!option) throw refusal(422, "account_not_chargeable", "The account has no active payment option to charge.", { account_id: "No active payment option." });
  }

  const preAuth = input.pre_auth === true;
  const holdMs = input.expiry_minutes ? input.expiry_minutes * 60_000 : DEFAULT_HOLD_MS;
  const { op, order } = await db().transaction(async (tx) => {
    const [existing] = await tx.select().from(orders).where(eq(orders.orderId, input.order_id)).limit(1);
    const { op, created } = await claimOperation(tx, {
      kind: CHARGE,
      idempotencyKey: key,
      targetType: "order",
      targetId: input.order_id,
      amount: input.amount,
      actorLabel: caller.label,
      request: { order_id: input.order_id, account_id: input.account_id, amount: input.amount, pre_auth: preAuth, expiry_minutes: input.expiry_minutes },
    });
    if (!created && existing) return { op, order: existing };
    if (existing) throw orderExists(input.order_id);
    const [order] = await tx
      .insert(orders)
      .values({
        orderId: input.order_id,
        channel: preAuth ? "preauth" : "tokenized",
        status: "pending",
        statusRank: STATUS_RANK.pending,
        amount: input.amount,
        customerId: null, // set by linkOrder below, with how it was found
        customerPhone: account?.phone ?? null,
        payAccountId: account?.id ?? null,
        externalId: key,
        expiresAt: preAuth ? new Date(Date.now() + holdMs) : null,
        metadata: { source: caller.label },
      })
      .onConflictDoNothing({ target: orders.orderId })
      .returning();
    if (!order) throw orderExists(input.order_id);
    // The account's customer (name and email too: a charge carries none of its own).
    await linkOrder(tx, order);
    await tx.update(operations).set({ orderId: order.id }).where(eq(operations.id, op.id));
    await tx.insert(orderEvents).values({ orderId: order.id, kind: "created", title: preAuth ? "Pre-auth hold requested via the merchant API" : "Charge requested via the merchant API", actorLabel: caller.label, operationId: op.id });
    return { op, order };
  });

  const auditBase = { actor: { email: caller.label }, action: preAuth ? "charge.preauth" : "charge.create", targetType: "order", targetId: input.order_id, amount: input.amount, idempotencyKey: key } as const;
  if (op.status === "succeeded" || !option) {
    const [h] = await db().select().from(holds).where(eq(holds.orderId, order.id)).limit(1);
    return { status: 201, body: chargeBody(order, h) };
  }
  const outcome = await executeOperation(
    op,
    () =>
      gopay().core.charge({
        idempotencyKey: key,
        orderId: input.order_id,
        amount: input.amount,
        accountId: input.account_id,
        paymentOptionToken: option.token,
        preAuth,
        customExpiry: preAuth && input.expiry_minutes ? { expiryDuration: input.expiry_minutes, unit: "minute" } : undefined,
      }),
    { responseCodeOf: (r) => r.statusCode },
  );
  if (outcome.status === "unknown") {
    await audit(db(), { ...auditBase, result: "unknown", detail: { message: outcome.message } });
    return { status: 202, body: { order_id: input.order_id, status: "unknown", message: "GoPay did not confirm the charge in time. Loket settles it with a status query; retry with the same Idempotency-Key to get the result." } };
  }
  if (outcome.status === "failed") {
    await db().update(orders).set({ status: "failed", statusRank: STATUS_RANK.failed, closedAt: new Date(), updatedAt: new Date() }).where(eq(orders.id, order.id));
    await audit(db(), { ...auditBase, result: "failed", detail: { message: outcome.message } });
    throw new ApiError(502, "gopay_rejected", `GoPay refused the charge: ${outcome.message}.`);
  }
  const { order: after, hold } = await applyChargeResult(order.id, outcome.result, option.name);
  const declined = outcome.result.transactionStatus === "deny" || outcome.result.transactionStatus === "failure";
  await audit(db(), { ...auditBase, result: declined ? "failed" : "ok", detail: { transactionStatus: outcome.result.transactionStatus, channel: outcome.result.channelResponseMessage } });
  if (declined) {
    return {
      status: 402,
      body: new ApiError(402, "charge_declined", `GoPay declined the charge${outcome.result.channelResponseMessage ? `: ${outcome.result.channelResponseMessage}` : ""}.`).toBody(),
    };
  }
  const actions = outcome.result.actions.length ? { actions: outcome.result.actions.map((a) => ({ name: a.name, url: a.url })) } : {};
  return { status: 201, body: chargeBody(after, hold, actions) };
}

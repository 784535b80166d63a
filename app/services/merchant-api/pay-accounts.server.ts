import { eq } from "drizzle-orm";
import { operations, payAccountEvents, payAccounts } from "~db/schema";
import { db } from "~/db/client.server";
import { gopay } from "~/gopay/index.server";
import { audit } from "~/services/audit.server";
import { upsertCustomer } from "~/services/customers/customers.server";
import { claimOperation, executeOperation } from "~/services/operations/operations.server";
import type { ApiCaller } from "~/services/api-keys/api-keys.server";
import { ApiError } from "./errors";
import type { ApiResult } from "./idempotency.server";
import type { CreatePayAccountInput } from "./schemas";

export const PAY_ACCOUNT_CREATE = "pay_account.create";

type PayAccountRow = typeof payAccounts.$inferSelect;

export function payAccountBody(a: PayAccountRow, merchantUserId: string) {
  return {
    account_id: a.accountId,
    merchant_user_id: merchantUserId,
    status: a.status,
    activation_url: a.activationUrl,
    activation_app_url: a.activationAppUrl,
    created_at: a.createdAt.toISOString(),
  };
}

/**
 * POST /api/v1/pay-accounts: starts GoPay linking (Core `POST /v2/pay/account`). The operation
 * row (Idempotency-Key) is written first; the pay account row is stored PENDING with its
 * activation links once GoPay answers. GoPay's own refusal (unregistered / blocked phone, a
 * `202` with a channel code) is a 422 on `phone`.
 */
export async function createPayAccount(input: CreatePayAccountInput, caller: ApiCaller, key: string): Promise<ApiResult> {
  const { op, customer } = await db().transaction(async (tx) => {
    const customer = await upsertCustomer(tx, { merchantUserId: input.merchant_user_id, phone: input.phone });
    const { op } = await claimOperation(tx, {
      kind: PAY_ACCOUNT_CREATE,
      idempotencyKey: key,
      targetType: "customer",
      targetId: customer.id,
      actorLabel: caller.label,
      request: { merchant_user_id: input.merchant_user_id, phone: input.phone },
    });
    return { op, customer };
  });
  const auditBase = { actor: { email: caller.label }, action: "pay_account.create", targetType: "customer", targetId: customer.id, idempotencyKey: key } as const;

  if (op.status === "succeeded" && op.targetType === "pay_account" && op.targetId) {
    const [existing] = await db().select().from(payAccounts).where(eq(payAccounts.id, op.targetId)).limit(1);
    if (existing) return { status: 201, body: payAccountBody(existing, input.merchant_user_id) };
  }

  const outcome = await executeOperation(
    op,
    () =>
      gopay().core.createPayAccount({
        // Core wants the national number without the country code.
        phoneNumber: input.phone.replace(/^62/, ""),
        countryCode: "62",
        redirectUrl: input.redirect_url,
        idempotencyKey: key,
      }),
    { responseCodeOf: (r) => r.statusCode },
  );
  if (outcome.status === "unknown") {
    await audit(db(), { ...auditBase, result: "unknown", detail: { message: outcome.message } });
    return { status: 202, body: { status: "unknown", message: "GoPay did not answer in time; retry with the same Idempotency-Key." } };
  }
  if (outcome.status === "failed") {
    await audit(db(), { ...auditBase, result: "failed", detail: { message: outcome.message } });
    throw new ApiError(502, "gopay_rejected", `GoPay refused to start linking: ${outcome.message}.`);
  }
  const res = outcome.result;
  if (res.statusCode !== "201" || !res.accountId) {
    await db().update(operations).set({ status: "failed", errorMessage: res.channelResponseMessage ?? res.statusMessage ?? "refused" }).where(eq(operations.id, op.id));
    await audit(db(), { ...auditBase, result: "failed", detail: { statusCode: res.statusCode, channel: res.channelResponseCode } });
    throw new ApiError(422, "gopay_account_refused", `GoPay cannot link this phone: ${res.channelResponseMessage ?? res.statusMessage ?? "refused"}.`, {
      phone: res.channelResponseCode === "105" ? "This phone has no GoPay account." : `GoPay refused this phone (${res.channelResponseMessage ?? res.statusCode}).`,
    });
  }
  const account = await db().transaction(async (tx) => {
    const [row] = await tx
      .insert(payAccounts)
      .values({
        accountId: res.accountId!,
        customerId: customer.id,
        customerMatchedBy: "merchant_user_id",
        phone: input.phone,
        status: res.accountStatus ?? "PENDING",
        activationUrl: res.actions.find((a) => a.name === "activation-link-url")?.url ?? null,
        activationAppUrl: res.actions.find((a) => a.name === "activation-link-app")?.url ?? null,
        refreshedAt: new Date(),
      })
      .onConflictDoUpdate({ target: payAccounts.accountId, set: { customerId: customer.id, customerMatchedBy: "merchant_user_id", updatedAt: new Date() } })
      .returning();
    await tx.insert(payAccountEvents).values({ payAccountId: row!.id, kind: "created", statusAfter: row!.status, actorLabel: caller.label, source: "merchant_api" });
    await tx.update(operations).set({ targetType: "pay_account", targetId: row!.id }).where(eq(operations.id, op.id));
    await audit(tx, { ...auditBase, targetType: "pay_account", targetId: row!.id, result: "ok", detail: { accountId: row!.accountId } });
    return row!;
  });
  return { status: 201, body: payAccountBody(account, input.merchant_user_id) };
}

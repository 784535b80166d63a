import { eq } from "drizzle-orm";
import { operations, payAccountEvents, payAccounts } from "~db/schema";
import { db as appDb } from "~/db/client.server";
import { gopay, isGopayError } from "~/gopay/index.server";
import { audit } from "~/services/audit.server";
import { linkPayAccount } from "~/services/customers/match.server";
import type { Operation } from "~/services/operations/operations.server";
import type { ResolveDeps, Resolution } from "~/services/operations/resolve.server";
import { PayAccountNotFoundError, syncPayAccountFromGopay } from "./sync.server";

/**
 * GoPay replays a Core POST sent again with the same Idempotency-Key for 5 minutes (contract §7);
 * we stay a minute inside it. Past it, the same key would be a NEW request.
 */
export const CORE_REPLAY_WINDOW_MS = 4 * 60_000;

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * An unbind whose answer was lost: GET /v2/pay/account/{id} says what happened.
 * - DISABLED → succeeded; the account row follows (sync reads the reason and source from this
 *   operation row), audited;
 * - ENABLED while a late request could still land (inside the replay window) → unknown;
 *   ENABLED after it → failed: the unbind never reached GoPay and cannot arrive any more;
 * - PENDING / EXPIRED → failed (only an enabled account is unbound; it was not this unbind);
 * - no answer, or GoPay does not know the account (absence is not an answer) → unknown.
 */
export async function resolveUnbindOperation(op: Operation, deps: ResolveDeps = {}): Promise<Resolution> {
  const database = deps.database ?? appDb();
  const accountId = (op.request as { accountId?: unknown } | null)?.accountId;
  if (typeof accountId !== "string" || !accountId) return { status: "unknown", message: "The unbind operation names no account; a person must look at it." };
  let statusAfter: string;
  try {
    const r = await syncPayAccountFromGopay(accountId, { client: deps.client, database, actorId: op.actorId, actorLabel: op.actorLabel });
    statusAfter = r.statusAfter;
  } catch (err) {
    if (err instanceof PayAccountNotFoundError) return { status: "unknown", message: err.message };
    return { status: "unknown", message: errorText(err) };
  }
  const young = Date.now() - op.createdAt.getTime() < CORE_REPLAY_WINDOW_MS;
  if (statusAfter === "ENABLED" && young) return { status: "unknown", message: "GoPay still shows the account enabled; a late unbind may still land." };
  const done = statusAfter === "DISABLED";
  await audit(database, {
    actor: { id: op.actorId, email: op.actorLabel },
    action: "pay_account.unbind",
    targetType: "pay_account",
    targetId: accountId,
    idempotencyKey: op.idempotencyKey,
    result: done ? "ok" : "failed",
    detail: { resolvedBy: "GET pay account", accountStatus: statusAfter },
  });
  if (done) return { status: "succeeded", response: { accountStatus: statusAfter } };
  return { status: "failed", message: `GoPay shows the account ${statusAfter}: the unbind did not happen.`, response: { accountStatus: statusAfter } };
}

/**
 * A linking (staff or merchant API) whose answer was lost. Nothing lists accounts by phone, so the
 * account id comes from GoPay's replay of the SAME request under the SAME Idempotency-Key (no second
 * account: GoPay answers with the first one), then the account row is recorded as startLinking does.
 * Past the replay window the key would start a new linking, so the operation stays unknown with
 * that reason: a PENDING account nobody received the link for cannot be charged and expires.
 */
export async function resolvePayAccountCreateOperation(op: Operation, deps: ResolveDeps = {}): Promise<Resolution> {
  const database = deps.database ?? appDb();
  const client = deps.client ?? gopay();
  const req = (op.request ?? {}) as { phone?: unknown; customerId?: unknown; merchant_user_id?: unknown };
  const phone = typeof req.phone === "string" ? req.phone : "";
  if (!/^62\d{6,15}$/.test(phone)) return { status: "unknown", message: "The linking operation has no phone to ask GoPay about; a person must look at it." };
  if (Date.now() - op.createdAt.getTime() >= CORE_REPLAY_WINDOW_MS) {
    return { status: "unknown", message: "GoPay's answer was lost and its Idempotency-Key replay window has passed: the account cannot be looked up. Start linking again if it is still wanted." };
  }
  let res;
  try {
    res = await client.core.createPayAccount({ phoneNumber: phone.slice(2), countryCode: "62", idempotencyKey: op.idempotencyKey });
  } catch (err) {
    if (isGopayError(err) && !err.outcomeUnknown) return { status: "failed", message: err.message, response: err.body, responseCode: err.responseCode };
    return { status: "unknown", message: errorText(err) };
  }
  if (res.statusCode !== "201" || !res.accountId || !res.accountStatus) {
    return { status: "failed", message: `GoPay could not start linking: ${res.channelResponseMessage ?? res.statusMessage ?? "no reason given"}.`, response: res, responseCode: res.statusCode };
  }
  const customerId =
    typeof req.customerId === "string" ? req.customerId : op.targetType === "customer" && op.targetId && /^[0-9a-f-]{36}$/i.test(op.targetId) ? op.targetId : null;
  await database.transaction(async (tx) => {
    const [row] = await tx
      .insert(payAccounts)
      .values({
        accountId: res.accountId!,
        customerId,
        phone,
        status: res.accountStatus!,
        activationUrl: res.actions.find((a) => a.name === "activation-link-url")?.url ?? null,
        activationAppUrl: res.actions.find((a) => a.name === "activation-link-app")?.url ?? null,
        refreshedAt: new Date(),
      })
      .onConflictDoNothing({ target: payAccounts.accountId })
      .returning();
    if (row) await tx.insert(payAccountEvents).values({ payAccountId: row.id, kind: "created", statusAfter: row.status, actorId: op.actorId, actorLabel: op.actorLabel });
    if (row && !row.customerId) await linkPayAccount(tx, row);
    const account = row ?? (await tx.select().from(payAccounts).where(eq(payAccounts.accountId, res.accountId!)))[0];
    // The merchant API replays a settled linking from the operation's target (pay-accounts.server.ts).
    if (account && typeof req.merchant_user_id === "string") {
      await tx.update(operations).set({ targetType: "pay_account", targetId: account.id }).where(eq(operations.id, op.id));
    }
    await audit(tx, {
      actor: { id: op.actorId, email: op.actorLabel },
      action: "pay_account.create",
      targetType: "pay_account",
      targetId: res.accountId!,
      idempotencyKey: op.idempotencyKey,
      result: "ok",
      detail: { resolvedBy: "Idempotency-Key replay" },
    });
  });
  return { status: "succeeded", response: res, responseCode: res.statusCode };
}

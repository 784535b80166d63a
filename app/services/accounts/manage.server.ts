import { and, desc, eq, inArray } from "drizzle-orm";
import { customers, operations, orders, payAccountEvents, payAccounts } from "~db/schema";
import { db as appDb, type Db } from "~/db/client.server";
import { gopay, isGopayError, type GopayClient } from "~/gopay/index.server";
import { newIdempotencyKey } from "~/lib/ids.server";
import { refused, type MoneyOutcome } from "~/lib/outcome";
import type { Words } from "~/lib/words";
import { normalisePhone } from "~/lib/phone";
import { audit } from "~/services/audit.server";
import { linkPayAccount } from "~/services/customers/match.server";
import { claimOperation, executeOperation } from "~/services/operations/operations.server";
import { readStoredOptions } from "./options";
import { syncPayAccountFromGopay, type PayAccountRow } from "./sync.server";

export interface AccountActor {
  id: string | null;
  label: string;
}
export interface AccountDeps {
  client?: GopayClient;
  database?: Db;
}
/** `words`: the message as a translation key, for the route to say in the staff member's language. */
export type ManageResult<T = undefined> = { ok: true; message: string; value: T; words?: Words } | { ok: false; message: string; field?: string; words?: Words };

/** The account page: the row, its customer, its history, orders paid with it. */
export async function getAccountPage(database: Db, accountId: string) {
  const [row] = await database
    .select({ account: payAccounts, customer: customers })
    .from(payAccounts)
    .leftJoin(customers, eq(customers.id, payAccounts.customerId))
    .where(eq(payAccounts.accountId, accountId))
    .limit(1);
  if (!row) return undefined;
  const [events, paidOrders] = await Promise.all([
    database.select().from(payAccountEvents).where(eq(payAccountEvents.payAccountId, row.account.id)).orderBy(desc(payAccountEvents.at), desc(payAccountEvents.id)).limit(200),
    database
      .select({ orderId: orders.orderId, amount: orders.amount, status: orders.status, createdAt: orders.createdAt, channel: orders.channel })
      .from(orders)
      .where(eq(orders.payAccountId, row.account.id))
      .orderBy(desc(orders.createdAt))
      .limit(100),
  ]);
  return { ...row, options: readStoredOptions(row.account.paymentOptions), events, orders: paidOrders };
}

/**
 * Starts linking a customer's GoPay: one operation (pay_account.create, its Idempotency-Key)
 * before the call, the pay account row after. Returns the activation links to show/QR-encode.
 */
export async function startLinking(
  input: { phone: string; customerId?: string | null; idempotencyKey: string; actor: AccountActor },
  deps: AccountDeps = {},
): Promise<ManageResult<PayAccountRow>> {
  const database = deps.database ?? appDb();
  const client = deps.client ?? gopay();
  const phone = normalisePhone(input.phone);
  if (!phone) return { ok: false, field: "phone", message: "Enter an Indonesian mobile number, e.g. 0812 3456 7890.", words: { key: "accounts:errors.phone" } };
  const { op, created } = await database.transaction(async (tx) => {
    const claimed = await claimOperation(tx, {
      kind: "pay_account.create",
      idempotencyKey: input.idempotencyKey,
      targetType: "customer",
      targetId: input.customerId ?? phone,
      request: { phone, customerId: input.customerId ?? null },
      actorId: input.actor.id,
      actorLabel: input.actor.label,
    });
    await audit(tx, { actor: { id: input.actor.id, email: input.actor.label }, action: "pay_account.create", targetType: "customer", targetId: input.customerId ?? phone, idempotencyKey: input.idempotencyKey, result: "pending" });
    return claimed;
  });
  if (!created && op.status === "succeeded") {
    const acc = (op.response as { accountId?: string } | null)?.accountId;
    const [row] = acc ? await database.select().from(payAccounts).where(eq(payAccounts.accountId, acc)).limit(1) : [];
    if (row) return { ok: true, message: "Linking was already started.", value: row, words: { key: "accounts:outcome.linkingAlreadyStarted" } };
  }
  if (!created && op.status !== "failed" && op.status !== "succeeded") return { ok: false, message: "This linking request is already being sent to GoPay.", words: { key: "accounts:outcome.linkingBeingSent" } };
  const outcome = await executeOperation(op, () => client.core.createPayAccount({ phoneNumber: phone.slice(2), countryCode: "62", idempotencyKey: op.idempotencyKey }), { database, responseCodeOf: (r) => r.statusCode });
  if (outcome.status === "succeeded" && outcome.result.accountId && outcome.result.accountStatus) {
    const r = outcome.result;
    const [row] = await database
      .insert(payAccounts)
      .values({
        accountId: r.accountId!,
        customerId: input.customerId ?? null,
        phone,
        status: r.accountStatus!,
        activationUrl: r.actions.find((a) => a.name === "activation-link-url")?.url ?? null,
        activationAppUrl: r.actions.find((a) => a.name === "activation-link-app")?.url ?? null,
        refreshedAt: new Date(),
      })
      .onConflictDoNothing({ target: payAccounts.accountId })
      .returning();
    // Staff started it from a phone: the account joins the customer that phone belongs to.
    if (row && !row.customerId) await database.transaction((tx) => linkPayAccount(tx, row));
    const account = row ?? (await database.select().from(payAccounts).where(eq(payAccounts.accountId, r.accountId!)))[0]!;
    await database.insert(payAccountEvents).values({ payAccountId: account.id, kind: "created", statusAfter: account.status, actorId: input.actor.id, actorLabel: input.actor.label });
    await audit(database, { actor: { id: input.actor.id, email: input.actor.label }, action: "pay_account.create", targetType: "pay_account", targetId: account.accountId, idempotencyKey: op.idempotencyKey, result: "ok" });
    return { ok: true, message: "Linking started: send the customer the activation link.", value: account, words: { key: "accounts:outcome.linkingStarted" } };
  }
  const message =
    outcome.status === "succeeded"
      ? `GoPay could not start linking: ${outcome.result.channelResponseMessage ?? outcome.result.statusMessage ?? "no reason given"}.`
      : outcome.status === "failed"
        ? `GoPay refused: ${outcome.message}`
        : `GoPay did not answer (${outcome.message}); Loket asks GoPay again automatically: check the account list in a minute before trying again.`;
  // GoPay's own words inside stay as GoPay sent them.
  const said: Words =
    outcome.status === "succeeded"
      ? { key: "accounts:outcome.linkingNotStarted", params: { message: outcome.result.channelResponseMessage ?? outcome.result.statusMessage ?? "no reason given" } }
      : outcome.status === "failed"
        ? { key: "accounts:outcome.linkingRefused", params: { message: outcome.message } }
        : { key: "accounts:outcome.linkingNoAnswer", params: { message: outcome.message } };
  await audit(database, { actor: { id: input.actor.id, email: input.actor.label }, action: "pay_account.create", targetType: "customer", targetId: input.customerId ?? phone, idempotencyKey: op.idempotencyKey, result: outcome.status === "unknown" ? "unknown" : "failed", detail: { message } });
  return { ok: false, message, words: said };
}

/** Unbinds a linked account at GoPay (pay_account.unbind operation), then confirms with a GET. */
export async function unbindAccount(
  input: { accountId: string; reason: string; idempotencyKey: string; actor: AccountActor; source?: "staff" | "merchant_api" },
  deps: AccountDeps = {},
): Promise<MoneyOutcome<"reason">> {
  const database = deps.database ?? appDb();
  const client = deps.client ?? gopay();
  const reason = input.reason.trim();
  if (reason.length < 3) return refused("reason", "Give a reason for the unbind (at least 3 characters).", { words: { message: { key: "accounts:errors.reason" } } });
  const claimed = await database.transaction(async (tx) => {
    const [acc] = await tx.select().from(payAccounts).where(eq(payAccounts.accountId, input.accountId)).for("update");
    if (!acc) return { refused: "This account is not known to Loket.", words: { key: "accounts:errors.unknownAccount" } as Words } as const;
    const [inFlight] = await tx
      .select({ key: operations.idempotencyKey })
      .from(operations)
      .where(and(eq(operations.kind, "pay_account.unbind"), eq(operations.targetId, acc.id), inArray(operations.status, ["pending", "unknown"])))
      .limit(1);
    if (acc.status !== "ENABLED") return { refused: `This account is ${acc.status.toLowerCase()}; only an enabled account can be unbound.`, words: { key: "accounts:errors.notEnabled", params: { status: acc.status.toLowerCase() } } as Words } as const;
    if (inFlight && inFlight.key !== input.idempotencyKey) return { refused: "An unbind of this account is already in progress.", words: { key: "accounts:errors.unbindInProgress" } as Words } as const;
    const c = await claimOperation(tx, {
      kind: "pay_account.unbind",
      idempotencyKey: input.idempotencyKey,
      targetType: "pay_account",
      targetId: acc.id,
      request: { accountId: acc.accountId, reason },
      actorId: input.actor.id,
      actorLabel: input.actor.label,
    });
    await audit(tx, { actor: { id: input.actor.id, email: input.actor.label }, action: "pay_account.unbind", targetType: "pay_account", targetId: acc.accountId, idempotencyKey: input.idempotencyKey, request: { reason }, result: "pending" });
    return { ...c, acc } as const;
  });
  if ("refused" in claimed) return refused("form", claimed.refused!, { words: { message: claimed.words } });
  const { op, created } = claimed;
  if (!created && op.status === "succeeded") return { status: "succeeded", title: "This account was already unbound.", words: { title: { key: "accounts:outcome.alreadyUnbound" } } };
  if (!created && op.status !== "failed")
    return {
      status: "unknown",
      title: "Waiting for GoPay",
      description: "This unbind is already being sent to GoPay; Loket checks the outcome automatically.",
      words: { title: { key: "accounts:outcome.waiting" }, description: { key: "accounts:outcome.beingSent" } },
    };
  const outcome = await executeOperation(op, () => client.core.unbindPayAccount(input.accountId, { idempotencyKey: op.idempotencyKey }), { database, responseCodeOf: (r) => r.statusCode });
  const a = { id: input.actor.id, email: input.actor.label };
  if (outcome.status === "succeeded" && outcome.result.accountStatus === "DISABLED") {
    await syncPayAccountFromGopay(input.accountId, { source: input.source ?? "staff", actorId: input.actor.id, actorLabel: input.actor.label, reason, client, database });
    await audit(database, { actor: a, action: "pay_account.unbind", targetType: "pay_account", targetId: input.accountId, idempotencyKey: op.idempotencyKey, result: "ok" });
    return { status: "succeeded", title: `GoPay account ${input.accountId} is unbound.`, words: { title: { key: "accounts:outcome.unbound", params: { accountId: input.accountId } } } };
  }
  const message =
    outcome.status === "succeeded"
      ? `GoPay did not unbind: ${outcome.result.channelResponseMessage ?? outcome.result.statusMessage ?? "no reason given"}.`
      : outcome.status === "failed"
        ? `GoPay refused the unbind: ${outcome.message}`
        : `GoPay did not confirm the unbind (${outcome.message}); Loket asks GoPay again automatically.`;
  // GoPay's own words inside stay as GoPay sent them.
  const said: Words =
    outcome.status === "succeeded"
      ? { key: "accounts:outcome.didNotUnbind", params: { message: outcome.result.channelResponseMessage ?? outcome.result.statusMessage ?? "no reason given" } }
      : outcome.status === "failed"
        ? { key: "accounts:outcome.refused", params: { message: outcome.message } }
        : { key: "accounts:outcome.notConfirmed", params: { message: outcome.message } };
  await audit(database, { actor: a, action: "pay_account.unbind", targetType: "pay_account", targetId: input.accountId, idempotencyKey: op.idempotencyKey, result: outcome.status === "unknown" ? "unknown" : "failed", detail: { message } });
  if (outcome.status === "unknown") return { status: "unknown", title: "Waiting for GoPay", description: message, words: { title: { key: "accounts:outcome.waiting" }, description: said } };
  return { status: "failed", title: "Not unbound", description: message, words: { title: { key: "accounts:outcome.notUnbound" }, description: said } };
}

/** "Refresh status": the live GET, applied (events recorded for any change). */
export async function refreshAccount(accountId: string, actor: AccountActor, deps: AccountDeps = {}): Promise<ManageResult> {
  try {
    const r = await syncPayAccountFromGopay(accountId, { actorId: actor.id, actorLabel: actor.label, client: deps.client, database: deps.database });
    return r.changed
      ? { ok: true, message: `Status changed: ${r.statusBefore} → ${r.statusAfter}.`, value: undefined, words: { key: "accounts:outcome.changed", params: { before: String(r.statusBefore), after: String(r.statusAfter) } } }
      : { ok: true, message: `GoPay says ${r.statusAfter}; nothing changed.`, value: undefined, words: { key: "accounts:outcome.unchanged", params: { status: String(r.statusAfter) } } };
  } catch (err) {
    if (isGopayError(err)) return { ok: false, message: `GoPay did not answer: ${err.message}`, words: { key: "accounts:outcome.noAnswer", params: { message: err.message } } };
    if (err instanceof Error && err.name === "PayAccountNotFoundError") return { ok: false, message: err.message, words: { key: "accounts:outcome.gopayUnknown", params: { accountId } } };
    throw err;
  }
}

export { newIdempotencyKey };

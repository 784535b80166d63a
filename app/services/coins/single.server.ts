import { eq } from "drizzle-orm";
import { approvals, coinPayouts, customers } from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import type { GopayClient } from "~/gopay/index.server";
import { formatIdr, MAX_TRANSACTION_MINOR, SEN_PER_RUPIAH, type Minor } from "~/lib/money";
import type { Words } from "~/lib/words";
import { audit } from "~/services/audit.server";
import { payPayout, type CoinPayoutRow, type PayResult } from "./pay.server";
import { getCoinSettings, monthReserved } from "./settings.server";

/** GoPay's limit on a cashback description, counted as GoPay (the sandbox) counts: JS string length. */
export const COIN_DESCRIPTION_MAX = 256;
/** Why finance pays coins to one customer (a fixed list; shown translated, `coins:reasons.<code>`). */
export const COIN_REASON_CODES = [
  "goodwill",
  "service_recovery",
  "promotion",
  "referral",
  "loyalty",
  "correction",
] as const;
export type CoinReasonCode = (typeof COIN_REASON_CODES)[number];
export const COIN_APPROVAL_TTL_MS = 24 * 60 * 60 * 1000;
/** The form's key: minted when the form opened, so a double submit or a retry is the same payout. */
export const COIN_REQUEST_ID_PATTERN = /^coin-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isCoinReason(v: string): v is CoinReasonCode {
  return (COIN_REASON_CODES as readonly string[]).includes(v);
}

export interface CoinActor {
  id: string;
  email: string;
}

export interface SinglePayoutInput {
  customerId: string;
  amount: Minor;
  description: string;
  reasonCode: string;
  /** coin_payouts.request_id and GoPay's Request-Id, minted when the form opened. */
  requestId: string;
  actor: CoinActor;
  ip?: string | null;
  now?: Date;
}

export type SingleField = "customerId" | "amount" | "description" | "reasonCode" | "form";

export type SinglePayoutResult =
  /** Refused before anything was written: say it at `field`. */
  | { kind: "rejected"; field: SingleField; message: string; words: Words }
  /** The same form was submitted before: that payout, untouched (no second call). */
  | { kind: "replay"; payout: CoinPayoutRow }
  /** At or above the approval threshold: waiting in /approvals, nothing sent. */
  | { kind: "awaiting_approval"; payout: CoinPayoutRow; approvalId: string }
  /** Below the threshold: sent at once; what GoPay answered. */
  | { kind: "sent"; payout: CoinPayoutRow; result: PayResult };

function rejected(
  field: SingleField,
  message: string,
  key: string,
  params?: Words["params"],
): Extract<SinglePayoutResult, { kind: "rejected" }> {
  return { kind: "rejected", field, message, words: { key: `coins:single.errors.${key}`, params } };
}

/** Checks that need no database. */
function checkInput(input: SinglePayoutInput) {
  if (!COIN_REQUEST_ID_PATTERN.test(input.requestId))
    return rejected("form", "This form is out of date. Open it again.", "staleForm");
  if (!isUuid(input.customerId)) return rejected("customerId", "Choose a customer.", "customer");
  if (input.amount <= 0n) return rejected("amount", "The amount must be more than Rp 0.", "positive");
  if (input.amount % SEN_PER_RUPIAH !== 0n)
    return rejected("amount", "Whole rupiah only: GoPay pays no sen.", "whole");
  if (input.amount > MAX_TRANSACTION_MINOR)
    return rejected("amount", `At most ${formatIdr(MAX_TRANSACTION_MINOR)}.`, "tooMuch", {
      max: formatIdr(MAX_TRANSACTION_MINOR),
    });
  const d = input.description.trim();
  if (!d)
    return rejected(
      "description",
      "Write a description: the customer sees it in GoPay.",
      "descriptionMissing",
    );
  if (d.length > COIN_DESCRIPTION_MAX) {
    return rejected(
      "description",
      `At most ${COIN_DESCRIPTION_MAX} characters (this has ${d.length}).`,
      "descriptionTooLong",
      { max: COIN_DESCRIPTION_MAX, length: d.length },
    );
  }
  if (!isCoinReason(input.reasonCode)) return rejected("reasonCode", "Choose a reason.", "reason");
  return null;
}

/**
 * One coin payout to one customer. In ONE transaction, under the coin settings row's lock (so two
 * payouts cannot both take the last of the budget or of a customer's cap): replay a form already
 * submitted, check the customer (exists, has a mini-app token), the per-payout ceiling, the
 * customer's month total + amount ≤ per-recipient cap, and the month's reserved total + amount ≤
 * budget; then write the row with its Request-Id — `awaiting_approval` with an approval request
 * (kind coins_payout) at or above the threshold, else `queued`. After commit a queued one is paid.
 */
export async function requestSinglePayout(
  input: SinglePayoutInput,
  deps: { database?: DbOrTx; client?: GopayClient } = {},
): Promise<SinglePayoutResult> {
  const database = deps.database ?? appDb();
  const now = input.now ?? new Date();
  const actor = { id: input.actor.id, email: input.actor.email };
  const description = input.description.trim();
  const request = {
    customerId: input.customerId,
    amount: input.amount,
    description,
    reasonCode: input.reasonCode,
  };
  const auditRefusal = (r: Extract<SinglePayoutResult, { kind: "rejected" }>) =>
    audit(database, {
      actor,
      action: "coins.payout.request",
      targetType: "customer",
      targetId: input.customerId.slice(0, 100),
      amount: input.amount > 0n && input.amount <= MAX_TRANSACTION_MINOR ? input.amount : null,
      idempotencyKey: input.requestId.slice(0, 100),
      request,
      result: "denied",
      detail: { field: r.field, message: r.message },
      ip: input.ip,
    });

  const bad = checkInput(input);
  if (bad) {
    await auditRefusal(bad);
    return bad;
  }

  type Step = SinglePayoutResult | { kind: "queued"; payout: CoinPayoutRow };
  const step: Step = await database.transaction(async (tx): Promise<Step> => {
    const settings = await getCoinSettings(tx, { forUpdate: true });
    const [prior] = await tx.select().from(coinPayouts).where(eq(coinPayouts.requestId, input.requestId));
    if (prior) {
      if (prior.customerId !== input.customerId || prior.amount !== input.amount)
        return rejected("form", "This form was already used for another payout. Open it again.", "staleForm");
      return { kind: "replay", payout: prior };
    }
    const [customer] = await tx
      .select({ id: customers.id, name: customers.name, hasToken: customers.authTokenEnc })
      .from(customers)
      .where(eq(customers.id, input.customerId));
    if (!customer) return rejected("customerId", "This customer does not exist.", "customerGone");
    if (!customer.hasToken)
      return rejected(
        "customerId",
        "This customer has not opened the mini-app: Loket holds no token to pay them with.",
        "noToken",
      );

    const amount = input.amount;
    if (settings.perPayoutCeiling > 0n && amount > settings.perPayoutCeiling) {
      const ceiling = formatIdr(settings.perPayoutCeiling);
      return rejected(
        "amount",
        `Over the per-payout ceiling of ${ceiling}: pay at most that, or ask an admin to raise the ceiling in Settings → Coins.`,
        "overCeiling",
        { ceiling },
      );
    }
    if (settings.perRecipientCap > 0n) {
      const already = await monthReserved(tx, now, customer.id);
      if (already + amount > settings.perRecipientCap) {
        const left = settings.perRecipientCap > already ? settings.perRecipientCap - already : 0n;
        const params = {
          cap: formatIdr(settings.perRecipientCap),
          already: formatIdr(already),
          left: formatIdr(left),
        };
        return rejected(
          "amount",
          `This customer already has ${params.already} this month; the cap is ${params.cap}, so at most ${params.left} more.`,
          "overCap",
          params,
        );
      }
    }
    const used = await monthReserved(tx, now);
    if (used + amount > settings.monthlyBudget) {
      const left = settings.monthlyBudget > used ? settings.monthlyBudget - used : 0n;
      const params = { budget: formatIdr(settings.monthlyBudget), left: formatIdr(left) };
      return rejected(
        "amount",
        `Only ${params.left} is left of this month's budget: pay at most that, or ask an admin to raise the budget in Settings → Coins.`,
        "overBudget",
        params,
      );
    }

    const needsApproval = amount >= settings.approvalThreshold;
    const [payout] = await tx
      .insert(coinPayouts)
      .values({
        customerId: customer.id,
        amount,
        description,
        reasonCode: input.reasonCode,
        requestId: input.requestId,
        status: needsApproval ? "awaiting_approval" : "queued",
        requestedBy: input.actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!payout) throw new Error("coin payout insert returned nothing");
    if (!needsApproval) {
      await audit(tx, {
        actor,
        action: "coins.payout.request",
        targetType: "coin_payout",
        targetId: payout.id,
        amount,
        idempotencyKey: payout.requestId,
        request,
        result: "pending",
        ip: input.ip,
      });
      return { kind: "queued", payout };
    }
    const [approval] = await tx
      .insert(approvals)
      .values({
        kind: "coins_payout",
        targetType: "coin_payout",
        targetId: payout.id,
        amount,
        payload: {
          customerId: customer.id,
          customerName: customer.name,
          description,
          reasonCode: input.reasonCode,
          threshold: settings.approvalThreshold.toString(),
        },
        requestedBy: input.actor.id,
        requestedAt: now,
        expiresAt: new Date(now.getTime() + COIN_APPROVAL_TTL_MS),
      })
      .returning({ id: approvals.id });
    const [linked] = await tx
      .update(coinPayouts)
      .set({ approvalId: approval!.id })
      .where(eq(coinPayouts.id, payout.id))
      .returning();
    await audit(tx, {
      actor,
      action: "coins.payout.approval_requested",
      targetType: "coin_payout",
      targetId: payout.id,
      amount,
      idempotencyKey: payout.requestId,
      request,
      result: "pending",
      detail: { approvalId: approval!.id, threshold: settings.approvalThreshold },
      ip: input.ip,
    });
    return { kind: "awaiting_approval", payout: linked ?? payout, approvalId: approval!.id };
  });

  if (step.kind === "rejected") {
    await auditRefusal(step);
    return step;
  }
  if (step.kind !== "queued") return step;
  const result = await payPayout({ database, client: deps.client, actor }, step.payout.id);
  return { kind: "sent", payout: "payout" in result ? result.payout : step.payout, result };
}

/**
 * Pays again a single payout whose outcome is unknown, or that waits in `queued` after the wallet was
 * short: the SAME Request-Id, so GoPay replays what it did. Batch rows are the batch job's.
 */
export async function retrySinglePayout(
  input: { payoutId: string; actor: CoinActor; ip?: string | null },
  deps: { database?: DbOrTx; client?: GopayClient } = {},
): Promise<PayResult | { kind: "refused"; message: string; words: Words }> {
  const database = deps.database ?? appDb();
  const [row] = isUuid(input.payoutId)
    ? await database.select().from(coinPayouts).where(eq(coinPayouts.id, input.payoutId))
    : [];
  if (!row)
    return {
      kind: "refused",
      message: "This payout does not exist.",
      words: { key: "coins:single.errors.payoutGone" },
    };
  if (row.batchId)
    return {
      kind: "refused",
      message: "This payout belongs to a batch: resume the batch instead.",
      words: { key: "coins:single.errors.batchRow" },
    };
  if (row.status !== "unknown" && row.status !== "queued") {
    return {
      kind: "refused",
      message: "Only a payout waiting for GoPay or for a top-up can be tried again.",
      words: { key: "coins:single.errors.notRetriable" },
    };
  }
  return payPayout(
    { database, client: deps.client, actor: { id: input.actor.id, email: input.actor.email } },
    row.id,
  );
}

export interface SinglePayoutContext {
  customer: {
    id: string;
    name: string | null;
    phone: string | null;
    merchantUserId: string | null;
    tokenPresent: boolean;
  } | null;
  /** The customer's reserved total this WIB month (promised or paid). */
  customerMonth: bigint;
  /** What this customer may still get this month (null: no cap set). */
  capLeft: bigint | null;
  budgetLeft: bigint;
  perPayoutCeiling: bigint | null;
  approvalThreshold: bigint;
}

/** The numbers the form checks against as the person types (the server checks again under lock). */
export async function singlePayoutContext(
  database: DbOrTx,
  customerId: string | null,
  now: Date = new Date(),
): Promise<SinglePayoutContext> {
  const settings = await getCoinSettings(database);
  const used = await monthReserved(database, now);
  const [c] =
    customerId && isUuid(customerId)
      ? await database
          .select({
            id: customers.id,
            name: customers.name,
            phone: customers.phone,
            merchantUserId: customers.merchantUserId,
            token: customers.authTokenEnc,
          })
          .from(customers)
          .where(eq(customers.id, customerId))
      : [];
  const customerMonth = c ? await monthReserved(database, now, c.id) : 0n;
  return {
    customer: c
      ? {
          id: c.id,
          name: c.name,
          phone: c.phone,
          merchantUserId: c.merchantUserId,
          tokenPresent: c.token !== null,
        }
      : null,
    customerMonth,
    capLeft:
      settings.perRecipientCap > 0n
        ? settings.perRecipientCap > customerMonth
          ? settings.perRecipientCap - customerMonth
          : 0n
        : null,
    budgetLeft: settings.monthlyBudget > used ? settings.monthlyBudget - used : 0n,
    perPayoutCeiling: settings.perPayoutCeiling > 0n ? settings.perPayoutCeiling : null,
    approvalThreshold: settings.approvalThreshold,
  };
}

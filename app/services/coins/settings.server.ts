import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { coinPayouts, coinSettings } from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import type { Minor } from "~/lib/money";
import { wibDateString, wibStartOfDay } from "~/lib/time";
import { audit, type AuditActor } from "~/services/audit.server";

/**
 * The coin limits an admin sets (one coin_settings row, id 1, made by migration 0014). Semantics,
 * shared with the bulk check (bulk-check.server.ts):
 * - monthly budget: the most all payouts of a WIB calendar month may add up to (0: nothing can be paid);
 * - per-recipient cap (per customer per month) and per-payout ceiling: 0 means "not set";
 * - approval threshold: a single payout AT OR ABOVE it waits for a second person (0: every one does).
 */
export interface CoinSettings {
  monthlyBudget: Minor;
  perRecipientCap: Minor;
  perPayoutCeiling: Minor;
  approvalThreshold: Minor;
  walletBalance: Minor | null;
  walletRefreshedAt: Date | null;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export type CoinLimitsInput = Pick<
  CoinSettings,
  "monthlyBudget" | "perRecipientCap" | "perPayoutCeiling" | "approvalThreshold"
>;
export const COIN_LIMIT_FIELDS = [
  "monthlyBudget",
  "perRecipientCap",
  "perPayoutCeiling",
  "approvalThreshold",
] as const;

/** Statuses whose amount counts against the month's budget and a customer's cap (money promised or paid). */
export const RESERVING_STATUSES = ["awaiting_approval", "queued", "paying", "unknown", "paid"] as const;

export async function getCoinSettings(
  database: DbOrTx = appDb(),
  opts: { forUpdate?: boolean } = {},
): Promise<CoinSettings> {
  const q = database.select().from(coinSettings).where(eq(coinSettings.id, 1));
  const [s] = opts.forUpdate ? await q.for("update") : await q;
  return {
    monthlyBudget: s?.monthlyBudget ?? 0n,
    perRecipientCap: s?.perRecipientCap ?? 0n,
    perPayoutCeiling: s?.perPayoutCeiling ?? 0n,
    approvalThreshold: s?.approvalThreshold ?? 0n,
    walletBalance: s?.walletBalance ?? null,
    walletRefreshedAt: s?.walletRefreshedAt ?? null,
    updatedBy: s?.updatedBy ?? null,
    updatedAt: s?.updatedBy ? s.updatedAt : null,
  };
}

/** Start of the WIB calendar month `now` is in. */
export function wibMonthStartOf(now: Date): Date {
  return wibStartOfDay(`${wibDateString(now).slice(0, 7)}-01`)!;
}

/** This WIB month's reserved total (promised or paid), optionally for one customer. */
export async function monthReserved(database: DbOrTx, now: Date, customerId?: string): Promise<Minor> {
  const [r] = await database
    .select({ sum: sql<string>`coalesce(sum(${coinPayouts.amount}), 0)::text` })
    .from(coinPayouts)
    .where(
      and(
        inArray(coinPayouts.status, [...RESERVING_STATUSES]),
        // why text: a Date bound to a raw expression (no column to take its type from) breaks postgres-js.
        sql`coalesce(${coinPayouts.paidAt}, ${coinPayouts.createdAt}) >= ${wibMonthStartOf(now).toISOString()}::timestamptz`,
        customerId ? eq(coinPayouts.customerId, customerId) : undefined,
      ),
    );
  return BigInt(r?.sum ?? "0");
}

/** What was actually paid this WIB month (GoPay confirmed). */
export async function monthPaid(database: DbOrTx, now: Date): Promise<Minor> {
  const [r] = await database
    .select({ sum: sql<string>`coalesce(sum(${coinPayouts.amount}), 0)::text` })
    .from(coinPayouts)
    .where(and(eq(coinPayouts.status, "paid"), gte(coinPayouts.paidAt, wibMonthStartOf(now))));
  return BigInt(r?.sum ?? "0");
}

/** An admin changes the limits: under the row's lock, audited with before and after. */
export async function updateCoinSettings(
  database: DbOrTx,
  input: CoinLimitsInput & { actor: AuditActor & { id: string }; ip?: string | null; now?: Date },
): Promise<CoinSettings> {
  const now = input.now ?? new Date();
  return database.transaction(async (tx) => {
    const before = await getCoinSettings(tx, { forUpdate: true });
    const values = {
      monthlyBudget: input.monthlyBudget,
      perRecipientCap: input.perRecipientCap,
      perPayoutCeiling: input.perPayoutCeiling,
      approvalThreshold: input.approvalThreshold,
      updatedBy: input.actor.id,
      updatedAt: now,
    };
    await tx
      .insert(coinSettings)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: coinSettings.id, set: values });
    const pick = (s: CoinLimitsInput) => Object.fromEntries(COIN_LIMIT_FIELDS.map((k) => [k, s[k]]));
    await audit(tx, {
      actor: input.actor,
      action: "coins.settings.update",
      targetType: "coin_settings",
      targetId: "1",
      request: pick(input),
      result: "ok",
      detail: { before: pick(before), changed: COIN_LIMIT_FIELDS.filter((k) => before[k] !== input[k]) },
      ip: input.ip,
    });
    return getCoinSettings(tx);
  });
}

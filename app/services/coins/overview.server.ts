import { inArray, sql } from "drizzle-orm";
import { coinPayouts } from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import type { Minor } from "~/lib/money";
import { getCoinSettings, monthPaid, monthReserved, wibMonthStartOf } from "./settings.server";

/**
 * Coins at a glance (the overview page shows it; /coins too): this WIB month's payouts against the
 * budget and the coin wallet's last known balance.
 */
export interface CoinsOverview {
  monthStart: Date;
  /** Paid this month (GoPay confirmed). */
  disbursed: Minor;
  /** Paid + promised (awaiting approval, queued, paying, unknown): what the budget counts. */
  reserved: Minor;
  budget: Minor;
  /** budget − reserved, never below 0. */
  remaining: Minor;
  walletBalance: Minor | null;
  walletRefreshedAt: Date | null;
  /** Payouts waiting for GoPay's answer (unknown) or for a second person (awaiting approval). */
  unknownCount: number;
  awaitingApprovalCount: number;
}

export async function coinsOverview(
  database: DbOrTx = appDb(),
  now: Date = new Date(),
): Promise<CoinsOverview> {
  const [settings, disbursed, reserved, counts] = await Promise.all([
    getCoinSettings(database),
    monthPaid(database, now),
    monthReserved(database, now),
    database
      .select({ status: coinPayouts.status, n: sql<number>`count(*)::int` })
      .from(coinPayouts)
      .where(inArray(coinPayouts.status, ["unknown", "awaiting_approval"]))
      .groupBy(coinPayouts.status),
  ]);
  const count = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
  return {
    monthStart: wibMonthStartOf(now),
    disbursed,
    reserved,
    budget: settings.monthlyBudget,
    remaining: settings.monthlyBudget > reserved ? settings.monthlyBudget - reserved : 0n,
    walletBalance: settings.walletBalance,
    walletRefreshedAt: settings.walletRefreshedAt,
    unknownCount: count("unknown"),
    awaitingApprovalCount: count("awaiting_approval"),
  };
}

import { and, desc, eq, sql } from "drizzle-orm";
import { coinPayouts } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import type { CaseWarning, CustomerCase } from "~/services/customers/case.server";
import type { CustomerTimelineEntry, TimelineSource } from "~/services/customers/timeline.server";
import { formatIdr } from "~/lib/money";
import { wibMonthStartOf } from "./settings.server";

/** The coins a customer received (their page's small section): totals and the latest payouts. */
export interface CustomerCoins {
  paidTotal: bigint;
  paidThisMonth: bigint;
  count: number;
  latest: {
    id: string;
    createdAt: Date;
    paidAt: Date | null;
    amount: bigint;
    status: string;
    description: string;
    batchId: string | null;
  }[];
}

export async function customerCoins(
  database: DbOrTx,
  customerId: string,
  now: Date = new Date(),
  limit = 10,
): Promise<CustomerCoins> {
  const monthStart = wibMonthStartOf(now).toISOString();
  const [totals] = await database
    .select({
      paidTotal: sql<string>`coalesce(sum(${coinPayouts.amount}) filter (where ${coinPayouts.status} = 'paid'), 0)::text`,
      paidThisMonth: sql<string>`coalesce(sum(${coinPayouts.amount}) filter (where ${coinPayouts.status} = 'paid' and ${coinPayouts.paidAt} >= ${monthStart}::timestamptz), 0)::text`,
      count: sql<number>`count(*)::int`,
    })
    .from(coinPayouts)
    .where(eq(coinPayouts.customerId, customerId));
  const latest = await database
    .select({
      id: coinPayouts.id,
      createdAt: coinPayouts.createdAt,
      paidAt: coinPayouts.paidAt,
      amount: coinPayouts.amount,
      status: coinPayouts.status,
      description: coinPayouts.description,
      batchId: coinPayouts.batchId,
    })
    .from(coinPayouts)
    .where(eq(coinPayouts.customerId, customerId))
    .orderBy(desc(coinPayouts.createdAt), desc(coinPayouts.id))
    .limit(limit);
  return {
    paidTotal: BigInt(totals?.paidTotal ?? "0"),
    paidThisMonth: BigInt(totals?.paidThisMonth ?? "0"),
    count: Number(totals?.count ?? 0),
    latest,
  };
}

/**
 * The customer timeline's coins source (TIMELINE_SOURCES): a payout asked for (or waiting for
 * approval), then its outcome — paid, failed, or still waiting for GoPay (unknown).
 */
export const coinsTimelineSource: TimelineSource = {
  name: "coins",
  async load(db, scope, limit) {
    const list = await db
      .select({
        id: coinPayouts.id,
        createdAt: coinPayouts.createdAt,
        paidAt: coinPayouts.paidAt,
        updatedAt: coinPayouts.updatedAt,
        amount: coinPayouts.amount,
        status: coinPayouts.status,
        errorCode: coinPayouts.errorCode,
      })
      .from(coinPayouts)
      .where(and(eq(coinPayouts.customerId, scope.customerId)))
      .orderBy(desc(coinPayouts.createdAt))
      .limit(limit);
    return list.flatMap((p) => {
      const base = { source: "coins" as const, amount: p.amount };
      const out: CustomerTimelineEntry[] = [
        {
          ...base,
          key: `c:${p.id}:r`,
          at: p.createdAt,
          kind: p.status === "awaiting_approval" ? "coins.awaitingApproval" : "coins.requested",
          status: null,
          rank: 5,
        },
      ];
      if (p.status === "paid")
        out.push({
          ...base,
          key: `c:${p.id}:p`,
          at: p.paidAt ?? p.updatedAt,
          kind: "coins.paid",
          status: "paid",
          rank: 6,
        });
      if (
        p.status === "failed" ||
        p.status === "unknown" ||
        p.status === "rejected" ||
        p.status === "cancelled"
      )
        out.push({
          ...base,
          key: `c:${p.id}:o`,
          at: p.updatedAt,
          kind: `coins.${p.status}`,
          status: p.status,
          code: p.errorCode,
          rank: 6,
        });
      return out;
    });
  },
};

/**
 * The customer case view's coins warnings (WARNING_RULES), read from what the case already loaded
 * (its timeline's coins entries, no query of its own): payouts to this customer still waiting for
 * GoPay's answer (try again from Coins with the same Request-Id — never pay anew), and payouts
 * waiting for a second person's approval (paying again now would pay twice once approved).
 */
export function coinsPendingRule(c: Omit<CustomerCase, "warnings">): CaseWarning[] {
  const out: CaseWarning[] = [];
  const sum = (list: CustomerTimelineEntry[]) => list.reduce((a, e) => a + (e.amount ?? 0n), 0n);
  const coins = c.timeline.filter((e) => e.source === "coins");
  const unknown = coins.filter((e) => e.kind === "coins.unknown");
  if (unknown.length)
    out.push({
      kind: "coinsUnknown",
      params: { count: String(unknown.length), amount: formatIdr(sum(unknown)) },
    });
  const awaiting = coins.filter((e) => e.kind === "coins.awaitingApproval");
  if (awaiting.length)
    out.push({
      kind: "coinsAwaitingApproval",
      params: { count: String(awaiting.length), amount: formatIdr(sum(awaiting)) },
    });
  return out;
}

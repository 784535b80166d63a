import { and, desc, eq, gte, inArray, or } from "drizzle-orm";
import { refunds } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { env } from "~/env.server";

/** After a refund settles, keep refreshing this long: GoPay's notification usually follows within seconds. */
export const SETTLED_FOLLOW_MS = 60_000;

const WAITING = ["pending", "unknown", "needs_attention"] as const;
type WaitingStatus = (typeof WAITING)[number];
const isWaiting = (s: string): s is WaitingStatus => (WAITING as readonly string[]).includes(s);

export interface RefundWatch {
  /**
   * Refunds sent to GoPay whose outcome is not known yet (pending: in flight; unknown: asking GoPay;
   * needs_attention: GoPay gave no answer past the deadline — a person must look, money stays reserved).
   */
  waiting: { partnerRefundNo: string; amount: bigint; status: WaitingStatus; createdAt: Date }[];
  /** Something changed moments ago: the page keeps refreshing to show what GoPay sends next. */
  recent: boolean;
  /** After this long without GoPay's answer a refund needs attention (REFUND_ATTENTION_AFTER_HOURS): said on the page. */
  attentionAfterHours: number;
}

/** What the order page needs to decide whether to refresh itself (see components/refunds/refund-watch.tsx). */
export async function refundWatch(database: DbOrTx, orderUuid: string, now: Date = new Date()): Promise<RefundWatch> {
  const rows = await database
    .select({ partnerRefundNo: refunds.partnerRefundNo, amount: refunds.amount, status: refunds.status, createdAt: refunds.createdAt })
    .from(refunds)
    .where(
      and(
        eq(refunds.orderId, orderUuid),
        or(inArray(refunds.status, [...WAITING]), gte(refunds.updatedAt, new Date(now.getTime() - SETTLED_FOLLOW_MS))),
      ),
    )
    .orderBy(desc(refunds.createdAt))
    .limit(20);
  const waiting = rows.flatMap((r) => (isWaiting(r.status) ? [{ ...r, status: r.status }] : []));
  return { waiting, recent: rows.length > waiting.length, attentionAfterHours: env().REFUND_ATTENTION_AFTER_HOURS };
}

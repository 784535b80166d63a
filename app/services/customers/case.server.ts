import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { customerMatchConflicts, customers, orders, payAccounts, type CustomerMatchBy, type MatchConflictReason, type MatchSubject } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import { rows } from "~/db/rows.server";
import { customerTimeline, type CustomerTimelineEntry } from "./timeline.server";
import { reminderOnPaidOrderRule } from "~/services/reminders/warnings";
import { coinsPendingRule } from "~/services/coins/customer.server";

/** Orders shown on the case view (newest first); the totals cover all of them. */
export const CASE_ORDERS = 50;
/** An account unbound this recently warns before anyone contacts or pays the customer. */
export const RECENT_UNBIND_DAYS = 7;

export interface CaseWarning {
  /** customers:warning.<kind> */
  kind: "matchConflict" | "recentUnbind" | "reminderOnPaidOrder" | "coinsUnknown" | "coinsAwaitingApproval";
  params: Record<string, string>;
  /** Where to look: an order id or a GoPay account id. */
  orderId?: string;
  accountId?: string;
}

/**
 * Warnings of the case view, each a rule over what the case already loaded. Rules that need the
 * next sections hook in here: a pending "payment due" reminder on a paid order (reminders), a push
 * or coins to a customer who just unbound (campaigns, coins), refunding an order whose cashback
 * coins were paid (coins).
 */
type WarningRule = (c: Omit<CustomerCase, "warnings">, now: Date) => CaseWarning[];

const matchConflictRule: WarningRule = (c) =>
  c.conflicts.map((x) => ({
    kind: "matchConflict",
    params: { value: x.value, reason: x.reason, others: String(x.candidateIds.length - 1) },
    orderId: x.subjectType === "order" ? (x.label ?? undefined) : undefined,
    accountId: x.subjectType === "pay_account" ? (x.label ?? undefined) : undefined,
  }));

const recentUnbindRule: WarningRule = (c, now) =>
  c.accounts
    .filter((a) => a.unboundAt && now.getTime() - a.unboundAt.getTime() < RECENT_UNBIND_DAYS * 86_400_000)
    .map((a) => ({ kind: "recentUnbind", params: { accountId: a.accountId, at: a.unboundAt!.toISOString() }, accountId: a.accountId }));

export const WARNING_RULES: WarningRule[] = [matchConflictRule, recentUnbindRule, reminderOnPaidOrderRule, coinsPendingRule];

export interface CaseAccount {
  id: string;
  accountId: string;
  phone: string | null;
  status: string;
  matchedBy: CustomerMatchBy | null;
  createdAt: Date;
  unboundAt: Date | null;
}

export interface CaseOrder {
  id: string;
  orderId: string;
  channel: string;
  status: string;
  amount: bigint;
  paidAmount: bigint;
  refundedAmount: bigint;
  matchedBy: CustomerMatchBy | null;
  createdAt: Date;
}

export interface CaseConflict {
  subjectType: MatchSubject;
  subjectId: string;
  /** The order id or GoPay account id, for a link. */
  label: string | null;
  reason: MatchConflictReason;
  value: string;
  candidateIds: string[];
}

export interface CustomerCase {
  customer: Omit<typeof customers.$inferSelect, "authTokenEnc" | "profile"> & { tokenPresent: boolean };
  accounts: CaseAccount[];
  orders: CaseOrder[];
  totals: { orders: number; paid: bigint; refunded: bigint };
  conflicts: CaseConflict[];
  timeline: CustomerTimelineEntry[];
  warnings: CaseWarning[];
}

/** Everything the case view shows about one customer; undefined for an unknown id. */
export async function getCustomerCase(db: DbOrTx, id: string, now = new Date()): Promise<CustomerCase | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(customers).where(eq(customers.id, id)).limit(1);
  if (!row) return undefined;
  const { authTokenEnc, profile: _profile, ...rest } = row;

  const [accountRows, orderRows, totalsRows, conflictRows] = await Promise.all([
    db
      .select({
        id: payAccounts.id,
        accountId: payAccounts.accountId,
        phone: payAccounts.phone,
        status: payAccounts.status,
        matchedBy: payAccounts.customerMatchedBy,
        createdAt: payAccounts.createdAt,
        unboundAt: sql<Date | null>`(select max(e.at) from pay_account_events e where e.pay_account_id = "pay_accounts"."id" and e.kind = 'unbind')`.mapWith(
          (v: string | Date | null) => (v ? new Date(v) : null),
        ),
      })
      .from(payAccounts)
      .where(eq(payAccounts.customerId, id))
      .orderBy(desc(payAccounts.createdAt)),
    db
      .select({
        id: orders.id,
        orderId: orders.orderId,
        gopayReference: orders.gopayReference,
        channel: orders.channel,
        status: orders.status,
        amount: orders.amount,
        paidAmount: orders.paidAmount,
        refundedAmount: orders.refundedAmount,
        matchedBy: orders.customerMatchedBy,
        createdAt: orders.createdAt,
      })
      .from(orders)
      .where(eq(orders.customerId, id))
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(CASE_ORDERS),
    rows<{ n: number | string; paid: string | null; refunded: string | null }>(
      db,
      sql`select count(*)::int as n, sum(paid_amount)::text as paid, sum(refunded_amount)::text as refunded from orders where customer_id = ${id}::uuid`,
    ),
    db
      .select()
      .from(customerMatchConflicts)
      .where(sql`${customerMatchConflicts.candidateIds} @> ${JSON.stringify([id])}::jsonb`)
      .orderBy(desc(customerMatchConflicts.updatedAt))
      .limit(50),
  ]);

  const conflicts = await labelConflicts(db, conflictRows);
  const t = totalsRows[0];
  const base: Omit<CustomerCase, "warnings"> = {
    customer: { ...rest, tokenPresent: authTokenEnc !== null },
    accounts: accountRows,
    orders: orderRows.map(({ gopayReference: _g, ...o }) => o),
    totals: { orders: Number(t?.n ?? 0), paid: BigInt(t?.paid ?? "0"), refunded: BigInt(t?.refunded ?? "0") },
    conflicts,
    timeline: await customerTimeline(db, {
      customerId: id,
      profileFetchedAt: row.profileFetchedAt,
      orders: orderRows.map((o) => ({ id: o.id, orderId: o.orderId, gopayReference: o.gopayReference })),
      accounts: accountRows.map((a) => ({ id: a.id, accountId: a.accountId })),
    }),
  };
  return { ...base, warnings: WARNING_RULES.flatMap((r) => r(base, now)) };
}

async function labelConflicts(db: DbOrTx, list: (typeof customerMatchConflicts.$inferSelect)[]): Promise<CaseConflict[]> {
  const orderIds = list.filter((c) => c.subjectType === "order").map((c) => c.subjectId);
  const accountIds = list.filter((c) => c.subjectType === "pay_account").map((c) => c.subjectId);
  const [o, a] = await Promise.all([
    orderIds.length ? db.select({ id: orders.id, label: orders.orderId }).from(orders).where(inArray(orders.id, orderIds)) : [],
    accountIds.length ? db.select({ id: payAccounts.id, label: payAccounts.accountId }).from(payAccounts).where(inArray(payAccounts.id, accountIds)) : [],
  ]);
  const labels = new Map([...o, ...a].map((r) => [r.id, r.label]));
  return list.map((c) => ({ subjectType: c.subjectType, subjectId: c.subjectId, label: labels.get(c.subjectId) ?? null, reason: c.reason, value: c.value, candidateIds: c.candidateIds }));
}

/** The customer an order or account belongs to (for the "Customer" links), with what the order page may show. */
export async function customerSummary(db: DbOrTx, customerId: string | null | undefined) {
  if (!customerId) return null;
  const [c] = await db
    .select({ id: customers.id, name: customers.name, email: customers.email, phone: customers.phone, merchantUserId: customers.merchantUserId })
    .from(customers)
    .where(eq(customers.id, customerId))
    .limit(1);
  return c ?? null;
}

/** Customers an unlinked order or account could be (its open match conflict), for the order/account page. */
export async function openConflictOf(db: DbOrTx, subjectType: MatchSubject, subjectId: string) {
  const [c] = await db
    .select({ reason: customerMatchConflicts.reason, value: customerMatchConflicts.value, candidateIds: customerMatchConflicts.candidateIds })
    .from(customerMatchConflicts)
    .where(and(eq(customerMatchConflicts.subjectType, subjectType), eq(customerMatchConflicts.subjectId, subjectId)))
    .limit(1);
  return c ?? null;
}


import { and, desc, eq, inArray, or } from "drizzle-orm";
import { holds, notifications, orders, payAccountEvents, payAccounts, refunds } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { coinsTimelineSource } from "~/services/coins/customer.server";
import { remindersTimelineSource } from "~/services/reminders/timeline.server";
import { gopayStatusWord } from "~/services/orders/timeline-groups";

/**
 * The customer's one timeline, merged from sources. A source reads one table for the customer's
 * orders/accounts and returns entries; adding reminders, pushes or coins later is one more entry in
 * TIMELINE_SOURCES (with its `source` name and its kinds in customers:timeline.kind), nothing else.
 */
export const TIMELINE_SOURCE_NAMES = ["order", "notification", "refund", "hold", "account", "session", "coins", "reminder"] as const;
// Later: "reminder", "push" (issue 12).
export type TimelineSourceName = (typeof TIMELINE_SOURCE_NAMES)[number];

export interface CustomerTimelineEntry {
  key: string;
  at: Date;
  source: TimelineSourceName;
  /** A kind under customers:timeline.kind (order.created, refund.succeeded, account.unbind …). */
  kind: string;
  /** Order id (ours, as shown) the entry is about, for a link. */
  orderId?: string | null;
  /** GoPay pay account id the entry is about, for a link. */
  accountId?: string | null;
  amount?: bigint | null;
  /** A status for a badge (said in words by the page). */
  status?: string | null;
  /** The raw code the status stands for (GoPay's "03"), shown on hover. */
  code?: string | null;
  /**
   * Causal rank among entries at the same instant (created < authorised < paid < refund …), so a
   * "paid" stamped in the same millisecond as "created" never reads before it.
   */
  rank: number;
}

export interface TimelineScope {
  customerId: string;
  profileFetchedAt: Date | null;
  orders: { id: string; orderId: string; gopayReference: string | null }[];
  accounts: { id: string; accountId: string }[];
}

export interface TimelineSource {
  name: TimelineSourceName;
  load(db: DbOrTx, scope: TimelineScope, limit: number): Promise<CustomerTimelineEntry[]>;
}

const orderSource: TimelineSource = {
  name: "order",
  async load(db, scope, limit) {
    const ids = scope.orders.map((o) => o.id);
    if (!ids.length) return [];
    const list = await db
      .select({ id: orders.id, orderId: orders.orderId, channel: orders.channel, status: orders.status, amount: orders.amount, paidAmount: orders.paidAmount, createdAt: orders.createdAt, paidAt: orders.paidAt, closedAt: orders.closedAt })
      .from(orders)
      .where(inArray(orders.id, ids))
      .orderBy(desc(orders.createdAt))
      .limit(limit);
    return list.flatMap((o) => {
      const out: CustomerTimelineEntry[] = [{ key: `o:${o.id}:c`, at: o.createdAt, source: "order", kind: `order.created.${o.channel}`, orderId: o.orderId, amount: o.amount, status: null, rank: 0 }];
      if (o.paidAt) out.push({ key: `o:${o.id}:p`, at: o.paidAt, source: "order", kind: "order.paid", orderId: o.orderId, amount: o.paidAmount, status: "paid", rank: 3 });
      if (o.closedAt && ["cancelled", "expired", "failed"].includes(o.status))
        out.push({ key: `o:${o.id}:x`, at: o.closedAt, source: "order", kind: `order.${o.status}`, orderId: o.orderId, amount: o.amount, status: o.status, rank: 4 });
      return out;
    });
  },
};

const notificationSource: TimelineSource = {
  name: "notification",
  async load(db, scope, limit) {
    const refs = [...scope.orders.flatMap((o) => [o.orderId, o.gopayReference].filter((x): x is string => Boolean(x))), ...scope.accounts.map((a) => a.accountId)];
    if (!refs.length) return [];
    const byRef = new Map<string, { orderId?: string; accountId?: string }>();
    for (const o of scope.orders) {
      byRef.set(o.orderId, { orderId: o.orderId });
      if (o.gopayReference) byRef.set(o.gopayReference, { orderId: o.orderId });
    }
    for (const a of scope.accounts) byRef.set(a.accountId, { accountId: a.accountId });
    const list = await db
      .select({ id: notifications.id, at: notifications.receivedAt, reference: notifications.reference, statusCode: notifications.statusCode, source: notifications.source, isDuplicate: notifications.isDuplicate })
      .from(notifications)
      .where(and(inArray(notifications.reference, refs), eq(notifications.isDuplicate, false)))
      .orderBy(desc(notifications.receivedAt))
      .limit(limit);
    return list.map((n) => ({
      key: `n:${n.id}`,
      at: n.at,
      source: "notification" as const,
      kind: n.source === "core_pay_account" || n.source === "snap_registration" ? "notification.account" : "notification.payment",
      ...byRef.get(n.reference ?? ""),
      // GoPay's code said as the order status it means (03 → pending); the code itself on hover.
      status: (n.statusCode && n.source ? gopayStatusWord(n.source, n.statusCode) : undefined) ?? n.statusCode,
      code: n.statusCode,
      rank: 2,
    }));
  },
};

const refundSource: TimelineSource = {
  name: "refund",
  async load(db, scope, limit) {
    const ids = scope.orders.map((o) => o.id);
    if (!ids.length) return [];
    const list = await db
      .select({ id: refunds.id, orderId: orders.orderId, amount: refunds.amount, status: refunds.status, createdAt: refunds.createdAt, settledAt: refunds.settledAt })
      .from(refunds)
      .innerJoin(orders, eq(orders.id, refunds.orderId))
      .where(inArray(refunds.orderId, ids))
      .orderBy(desc(refunds.createdAt))
      .limit(limit);
    return list.flatMap((r) => {
      const out: CustomerTimelineEntry[] = [{ key: `r:${r.id}:c`, at: r.createdAt, source: "refund", kind: "refund.requested", orderId: r.orderId, amount: r.amount, status: null, rank: 5 }];
      if (r.settledAt && (r.status === "succeeded" || r.status === "failed"))
        out.push({ key: `r:${r.id}:s`, at: r.settledAt, source: "refund", kind: `refund.${r.status}`, orderId: r.orderId, amount: r.amount, status: r.status, rank: 6 });
      return out;
    });
  },
};

const holdSource: TimelineSource = {
  name: "hold",
  async load(db, scope, limit) {
    const ids = scope.orders.map((o) => o.id);
    if (!ids.length) return [];
    const list = await db
      .select({ id: holds.id, orderId: orders.orderId, amount: holds.amount, authorisedAt: holds.authorisedAt, capturedAt: holds.capturedAt, releasedAt: holds.releasedAt, expiredAt: holds.expiredAt })
      .from(holds)
      .innerJoin(orders, eq(orders.id, holds.orderId))
      .where(inArray(holds.orderId, ids))
      .orderBy(desc(holds.authorisedAt))
      .limit(limit);
    return list.flatMap((h) => {
      const base = { source: "hold" as const, orderId: h.orderId, amount: h.amount };
      const out: CustomerTimelineEntry[] = [{ ...base, key: `h:${h.id}:a`, at: h.authorisedAt, kind: "hold.authorised", status: "authorised", rank: 1 }];
      if (h.capturedAt) out.push({ ...base, key: `h:${h.id}:c`, at: h.capturedAt, kind: "hold.captured", status: "captured", rank: 4 });
      if (h.releasedAt) out.push({ ...base, key: `h:${h.id}:r`, at: h.releasedAt, kind: "hold.released", status: "released", rank: 4 });
      if (h.expiredAt) out.push({ ...base, key: `h:${h.id}:e`, at: h.expiredAt, kind: "hold.expired", status: "expired", rank: 4 });
      return out;
    });
  },
};

const ACCOUNT_KINDS = new Set(["created", "linked", "unbind", "expired", "status.changed"]);
const accountSource: TimelineSource = {
  name: "account",
  async load(db, scope, limit) {
    const ids = scope.accounts.map((a) => a.id);
    if (!ids.length) return [];
    const list = await db
      .select({ id: payAccountEvents.id, at: payAccountEvents.at, kind: payAccountEvents.kind, statusAfter: payAccountEvents.statusAfter, accountId: payAccounts.accountId })
      .from(payAccountEvents)
      .innerJoin(payAccounts, eq(payAccounts.id, payAccountEvents.payAccountId))
      .where(and(inArray(payAccountEvents.payAccountId, ids), or(...[...ACCOUNT_KINDS].map((k) => eq(payAccountEvents.kind, k)))))
      .orderBy(desc(payAccountEvents.at))
      .limit(limit);
    return list.map((e) => ({
      key: `a:${e.id}`,
      at: e.at,
      source: "account" as const,
      kind: `account.${e.kind === "status.changed" ? "statusChanged" : e.kind}`,
      accountId: e.accountId,
      status: e.statusAfter,
      rank: e.kind === "created" ? 0 : 2,
    }));
  },
};

const sessionSource: TimelineSource = {
  name: "session",
  async load(_db, scope) {
    return scope.profileFetchedAt
      ? [{ key: `s:${scope.customerId}`, at: scope.profileFetchedAt, source: "session" as const, kind: "session.profile", rank: 0 }]
      : [];
  },
};

/** Every source of the customer's timeline, in no particular order (the merge sorts). */
export const TIMELINE_SOURCES: TimelineSource[] = [orderSource, notificationSource, refundSource, holdSource, accountSource, sessionSource, coinsTimelineSource, remindersTimelineSource];

/** Newest first; the same instant in causal order read backwards (paid above created). */
export function mergeTimeline(lists: CustomerTimelineEntry[][], limit: number): CustomerTimelineEntry[] {
  return lists
    .flat()
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.rank - a.rank || (a.key < b.key ? 1 : -1))
    .slice(0, limit);
}

export async function customerTimeline(db: DbOrTx, scope: TimelineScope, limit = 200, sources = TIMELINE_SOURCES): Promise<CustomerTimelineEntry[]> {
  const lists = await Promise.all(sources.map((s) => s.load(db, scope, limit)));
  return mergeTimeline(lists, limit);
}


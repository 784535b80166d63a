import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { customers, orders, REMINDER_STATUSES, reminders, type ReminderStatus } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isTimestampText, isUuid } from "~/db/errors.server";
import { decodePairCursor, encodePairCursor } from "~/db/pair-cursor.server";
import { normalisePhone } from "~/lib/phone";
import { isStaleCursor } from "~/lib/stale-cursor";
import { listCustomers, parseCustomerSearch } from "~/services/customers/list.server";
import { escapeLike, foldName } from "~/services/customers/fold";
import { paymentDueTemplate } from "./registry.server";
import { paymentDueParams } from "./templates";

export const REMINDER_PAGE_SIZE = 50;

export interface ReminderFilters {
  status?: ReminderStatus;
  /** GoPay's reminder id (RM-…), our order id, a phone or a customer name fragment. */
  q?: string;
  campaignId?: string;
}

export function parseReminderFilters(p: URLSearchParams): ReminderFilters {
  const status = p.get("status") ?? "";
  const q = (p.get("q") ?? "").trim().slice(0, 100);
  const campaign = (p.get("campaign") ?? "").trim();
  return {
    status: (REMINDER_STATUSES as readonly string[]).includes(status)
      ? (status as ReminderStatus)
      : undefined,
    q: q || undefined,
    campaignId: isUuid(campaign) ? campaign : undefined,
  };
}

export interface ReminderListRow {
  id: string;
  reminderId: string | null;
  status: ReminderStatus;
  templateName: string;
  deletedReason: string | null;
  gopayMessage: string | null;
  campaignId: string | null;
  createdAt: Date;
  deletedAt: Date | null;
  customerId: string;
  customerName: string | null;
  customerPhone: string | null;
  orderId: string | null;
  orderStatus: string | null;
}

const columns = {
  id: reminders.id,
  reminderId: reminders.reminderId,
  status: reminders.status,
  templateName: reminders.templateName,
  deletedReason: reminders.deletedReason,
  gopayMessage: reminders.gopayMessage,
  campaignId: reminders.campaignId,
  createdAt: reminders.createdAt,
  deletedAt: reminders.deletedAt,
  customerId: reminders.customerId,
  customerName: customers.name,
  customerPhone: customers.phone,
  orderId: orders.orderId,
  orderStatus: orders.status,
  key: sql<string>`${reminders.createdAt}::text`,
};

const encodeCursor = encodePairCursor;
/** undefined for anything malformed: the list starts at page one (never a Postgres error). */
export function decodeCursor(raw: string | null | undefined): { at: string; id: string } | undefined {
  const p = decodePairCursor(raw, isTimestampText, isUuid);
  return p && { at: p[0], id: p[1] };
}

function searchWhere(q: string): SQL {
  if (/^RM-/i.test(q)) return eq(reminders.reminderId, q);
  const phone = normalisePhone(q);
  const name = foldName(q);
  return or(
    eq(orders.orderId, q),
    eq(reminders.reminderId, q),
    phone ? eq(customers.phone, phone) : undefined,
    name && name.length >= 3 ? sql`${customers.searchName} like ${`%${escapeLike(name)}%`}` : undefined,
  )!;
}

/** Newest first, keyset on (created_at, id); `after`/`before` are the Pagination cursors. */
export async function listReminders(
  db: DbOrTx,
  f: ReminderFilters,
  page: { after?: string | null; before?: string | null } = {},
) {
  const after = decodeCursor(page.after);
  const before = after ? undefined : decodeCursor(page.before);
  const keyset = after
    ? sql`(${reminders.createdAt}, ${reminders.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
    : before
      ? sql`(${reminders.createdAt}, ${reminders.id}) > (${before.at}::timestamptz, ${before.id}::uuid)`
      : undefined;
  const found = await db
    .select(columns)
    .from(reminders)
    .innerJoin(customers, eq(customers.id, reminders.customerId))
    .leftJoin(orders, eq(orders.id, reminders.orderId))
    .where(
      and(
        f.status ? eq(reminders.status, f.status) : undefined,
        f.campaignId ? eq(reminders.campaignId, f.campaignId) : undefined,
        f.q ? searchWhere(f.q) : undefined,
        keyset,
      ),
    )
    .orderBy(
      ...(before
        ? [asc(reminders.createdAt), asc(reminders.id)]
        : [desc(reminders.createdAt), desc(reminders.id)]),
    )
    .limit(REMINDER_PAGE_SIZE + 1);
  const more = found.length > REMINDER_PAGE_SIZE;
  const list = found.slice(0, REMINDER_PAGE_SIZE);
  if (before) list.reverse();
  const rows: ReminderListRow[] = list.map(({ key: _key, ...r }) => r);
  const first = list[0];
  const last = list.at(-1);
  return {
    rows,
    newer: first && (before ? more : Boolean(after)) ? encodeCursor(first.key, first.id) : null,
    older: last && (before ? true : more) ? encodeCursor(last.key, last.id) : null,
    staleCursor: isStaleCursor(page, after ?? before),
  };
}

/** A campaign's reminders that still exist (or may) at GoPay: the "delete all" button's count. */
export async function liveCountOfCampaign(db: DbOrTx, campaignId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(reminders)
    .where(
      and(eq(reminders.campaignId, campaignId), inArray(reminders.status, ["creating", "active", "unknown"])),
    );
  return Number(r?.n ?? 0);
}

/** An order's reminders (the order page), newest first. */
export async function remindersOfOrder(db: DbOrTx, orderUuid: string) {
  return db
    .select({
      id: reminders.id,
      reminderId: reminders.reminderId,
      status: reminders.status,
      templateName: reminders.templateName,
      deletedReason: reminders.deletedReason,
      createdAt: reminders.createdAt,
      deletedAt: reminders.deletedAt,
    })
    .from(reminders)
    .where(eq(reminders.orderId, orderUuid))
    .orderBy(desc(reminders.createdAt))
    .limit(20);
}

export interface CustomerChoice {
  id: string;
  name: string | null;
  phone: string | null;
  tokenPresent: boolean;
}

/** The create form's customer search (name, phone, email, ids — the /customers search). */
export async function findCustomersForReminder(db: DbOrTx, q: string): Promise<CustomerChoice[]> {
  if (!q.trim()) return [];
  const page = await listCustomers(db, parseCustomerSearch(new URLSearchParams({ q })), { limit: 10 });
  return page.rows.map((c) => ({ id: c.id, name: c.name, phone: c.phone, tokenPresent: c.tokenPresent }));
}

/** The chosen customer and their pending orders, each with the "payment due" text it would get. */
export async function reminderTarget(db: DbOrTx, customerId: string) {
  if (!isUuid(customerId)) return undefined;
  const [c] = await db
    .select({
      id: customers.id,
      name: customers.name,
      phone: customers.phone,
      tokenPresent: sql<boolean>`${customers.authTokenEnc} is not null`,
    })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!c) return undefined;
  const pending = await db
    .select({ id: orders.id, orderId: orders.orderId, amount: orders.amount, createdAt: orders.createdAt })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), eq(orders.status, "pending")))
    .orderBy(desc(orders.createdAt))
    .limit(20);
  // The "payment due" wording fitted to the registered template's limits (the form checks them again).
  const due = await paymentDueTemplate(db);
  return { customer: c, orders: pending.map((o) => ({ ...o, params: paymentDueParams(o, due?.params) })) };
}

/**
 * The order page's reminders section: the order's reminders, and — for a pending order and a
 * role that may manage campaigns — what "Send payment reminder" would send, or why it cannot.
 */
export async function orderReminders(
  db: DbOrTx,
  order: { id: string; orderId: string; status: string; amount: bigint; customerId: string | null },
  canManage: boolean,
) {
  const rows = await remindersOfOrder(db, order.id);
  if (!canManage || order.status !== "pending") return { rows, send: null };
  const live = rows.some((r) => ["creating", "active", "unknown"].includes(r.status));
  if (live) return { rows, send: null };
  if (!order.customerId) return { rows, send: { block: "noCustomer" as const } };
  const [c] = await db
    .select({ name: customers.name, tokenPresent: sql<boolean>`${customers.authTokenEnc} is not null` })
    .from(customers)
    .where(eq(customers.id, order.customerId));
  if (!c?.tokenPresent) return { rows, send: { block: "noMiniApp" as const } };
  const due = await paymentDueTemplate(db);
  if (!due) return { rows, send: { block: "noTemplate" as const } };
  return {
    rows,
    send: {
      block: null,
      orderUuid: order.id,
      customerId: order.customerId,
      customerName: c.name,
      templateName: due.name,
      params: paymentDueParams(order, due.params),
      requestId: randomUUID(),
    },
  };
}

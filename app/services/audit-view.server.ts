import { eq, inArray, or } from "drizzle-orm";
import {
  apiKeys,
  approvals,
  campaigns,
  campaignTemplates,
  coinBatches,
  coinPayouts,
  customers,
  holds,
  orders,
  payAccounts,
  reconDifferences,
  reconRuns,
  refunds,
  reminders,
  staff,
  type auditLog,
} from "~db/schema";
import type { Permission } from "~/auth/permissions";
import type { DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import { formatIdr } from "~/lib/money";
import { formatWib } from "~/lib/time";
import type { Words } from "~/lib/words";
import { daysLabel } from "~/services/reports/period-words";

/**
 * What /audit and its CSV show for a row: the target as people know it (an order by its order id,
 * staff by name and email, an account by its customer), money in details as `Rp …`, and the raw
 * JSON untouched for the disclosure. Labels are looked up per page in one query per target type.
 */
export type AuditRow = typeof auditLog.$inferSelect;

export interface TargetView {
  /** What a person calls it: an order id, a name, a key's name. */
  label: string;
  /**
   * The label in the reader's language, for a target that is a page rather than a row (the coin
   * wallet, an export of a list): `label` is then its English, and the CSV leaves target_label empty.
   */
  labelWords?: Words;
  /** A second line: an email, a phone, "hold", "refund". */
  sub?: string;
  /** Where it lives in Loket, when it has a page this reader can open from the log. */
  href?: string;
  /** The permission that page asks for: a reader without it sees the label without a link (no link to a refusal). */
  needs?: Permission;
  /** The type's code (order, staff, pay_account…), for the translated type name. */
  type: string;
}

export interface SummaryItem {
  key: string;
  value: string;
}

type Lookup = Map<string, TargetView>;
const key = (type: string, id: string) => `${type}\u0000${id}`;

/**
 * Targets that are a page rather than a row: the coin wallet and the coin limits (one row each,
 * stored as id "1"), and the lists an action took in bulk or exported (no id, or a reason code). Their
 * label names the page the link opens, in the reader's language; the request/detail say the rest.
 */
const PAGE_TARGETS: Record<string, Omit<TargetView, "type">> = {
  coin_wallet: { label: "Coins", labelWords: { key: "coins:title" }, href: "/coins", needs: "coins:read" },
  coin_payouts: { label: "Coins", labelWords: { key: "coins:title" }, href: "/coins", needs: "coins:read" },
  coin_settings: { label: "Coin limits", labelWords: { key: "coins:settings.title" }, href: "/settings/coins", needs: "settings:limits" },
  reminders: { label: "Reminders", labelWords: { key: "reminders:title" }, href: "/campaigns/reminders", needs: "campaigns:read" },
  report: { label: "Reports", labelWords: { key: "finance:reports.title" }, href: "/finance/reports", needs: "finance:read" },
  orders: { label: "Orders", labelWords: { key: "orders:title" }, href: "/orders", needs: "orders:read" },
  audit_log: { label: "Audit log", labelWords: { key: "audit:title" }, href: "/audit", needs: "audit:read" },
};

/** A reconciliation target: a run's id, or (reconciliation.ignore) the ignored differences' ids joined by commas. */
const firstOfList = (id: string) => id.split(",", 1)[0]!;

/**
 * Labels for the targets of these rows (and the actors' names), batched by type: one query per
 * type present on the page, none for the others. `lng`: the page's language, for the words of a
 * label (a reconciliation run's days); without it (the CSV) days are ISO.
 */
export async function describeTargets(
  db: DbOrTx,
  rows: AuditRow[],
  opts: { lng?: string } = {},
): Promise<{ targets: Lookup; actors: Map<string, { name: string; email: string }> }> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId!))];
  const uuids = (list: string[]) => list.filter(isUuid);
  const targets: Lookup = new Map();
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((v): v is string => !!v))];
  const staffTargets = uuids(ids("staff"));
  const staffIds = [...new Set([...actorIds, ...staffTargets])];

  const orderIds = ids("order");
  const accountIds = ids("pay_account");
  const customerIds = ids("customer");
  const campaignIds = uuids(ids("campaign"));
  const templateIds = uuids(ids("campaign_template"));
  const batchIds = uuids(ids("coin_batch"));
  const payoutIds = uuids(ids("coin_payout"));
  const reminderIds = uuids(ids("reminder"));
  const reconTargets = ids("reconciliation");
  const reconIds = [...new Set(uuids(reconTargets.map(firstOfList)))];
  const [staffRows, orderRows, holdRows, refundRows, approvalRows, accountRows, customerRows, keyRows, campaignRows, templateRows, batchRows, payoutRows, reminderRows, reconRows] =
    await Promise.all([
      staffIds.length ? db.select({ id: staff.id, name: staff.name, email: staff.email }).from(staff).where(inArray(staff.id, staffIds)) : [],
      orderIds.length
        ? db
            .select({ id: orders.id, orderId: orders.orderId })
            .from(orders)
            .where(or(inArray(orders.orderId, orderIds), uuids(orderIds).length ? inArray(orders.id, uuids(orderIds)) : undefined))
        : [],
      uuids(ids("hold")).length
        ? db.select({ id: holds.id, orderId: orders.orderId }).from(holds).innerJoin(orders, eq(orders.id, holds.orderId)).where(inArray(holds.id, uuids(ids("hold"))))
        : [],
      uuids(ids("refund")).length
        ? db.select({ id: refunds.id, orderId: orders.orderId }).from(refunds).innerJoin(orders, eq(orders.id, refunds.orderId)).where(inArray(refunds.id, uuids(ids("refund"))))
        : [],
      uuids(ids("approval")).length
        ? db.select({ id: approvals.id, kind: approvals.kind, targetType: approvals.targetType, targetId: approvals.targetId }).from(approvals).where(inArray(approvals.id, uuids(ids("approval"))))
        : [],
      accountIds.length
        ? db
            .select({ id: payAccounts.id, accountId: payAccounts.accountId, phone: payAccounts.phone, name: customers.name })
            .from(payAccounts)
            .leftJoin(customers, eq(customers.id, payAccounts.customerId))
            .where(or(inArray(payAccounts.accountId, accountIds), uuids(accountIds).length ? inArray(payAccounts.id, uuids(accountIds)) : undefined))
        : [],
      customerIds.length
        ? db
            .select({ id: customers.id, merchantUserId: customers.merchantUserId, name: customers.name, phone: customers.phone, email: customers.email })
            .from(customers)
            .where(or(inArray(customers.merchantUserId, customerIds), uuids(customerIds).length ? inArray(customers.id, uuids(customerIds)) : undefined))
        : [],
      uuids(ids("api_key")).length ? db.select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix }).from(apiKeys).where(inArray(apiKeys.id, uuids(ids("api_key")))) : [],
      campaignIds.length ? db.select({ id: campaigns.id, name: campaigns.name }).from(campaigns).where(inArray(campaigns.id, campaignIds)) : [],
      templateIds.length ? db.select({ id: campaignTemplates.id, name: campaignTemplates.name }).from(campaignTemplates).where(inArray(campaignTemplates.id, templateIds)) : [],
      batchIds.length ? db.select({ id: coinBatches.id, filename: coinBatches.filename }).from(coinBatches).where(inArray(coinBatches.id, batchIds)) : [],
      payoutIds.length
        ? db
            .select({ id: coinPayouts.id, batchId: coinPayouts.batchId, customerId: coinPayouts.customerId, requestId: coinPayouts.requestId, name: customers.name, phone: customers.phone })
            .from(coinPayouts)
            .innerJoin(customers, eq(customers.id, coinPayouts.customerId))
            .where(inArray(coinPayouts.id, payoutIds))
        : [],
      reminderIds.length
        ? db
            .select({ id: reminders.id, reminderId: reminders.reminderId, orderId: orders.orderId, name: customers.name, phone: customers.phone })
            .from(reminders)
            .innerJoin(customers, eq(customers.id, reminders.customerId))
            .leftJoin(orders, eq(orders.id, reminders.orderId))
            .where(inArray(reminders.id, reminderIds))
        : [],
      // A run by its id, or the run of an ignored difference (the first id of the list): one query.
      reconIds.length
        ? db
            .select({ key: reconRuns.id, runId: reconRuns.id, rangeFrom: reconRuns.rangeFrom, rangeTo: reconRuns.rangeTo })
            .from(reconRuns)
            .where(inArray(reconRuns.id, reconIds))
            .unionAll(
              db
                .select({ key: reconDifferences.id, runId: reconRuns.id, rangeFrom: reconRuns.rangeFrom, rangeTo: reconRuns.rangeTo })
                .from(reconDifferences)
                .innerJoin(reconRuns, eq(reconRuns.id, reconDifferences.runId))
                .where(inArray(reconDifferences.id, reconIds)),
            )
        : [],
    ]);

  const actors = new Map(staffRows.map((s) => [s.id, { name: s.name, email: s.email }]));
  for (const s of staffRows) {
    if (staffTargets.includes(s.id)) targets.set(key("staff", s.id), { type: "staff", label: s.name, sub: s.email, href: `/audit?actor=${s.id}`, needs: "audit:read" });
  }
  const orderHref = (orderId: string) => `/orders/${encodeURIComponent(orderId)}`;
  for (const o of orderRows) {
    const view: TargetView = { type: "order", label: o.orderId, href: orderHref(o.orderId), needs: "orders:read" };
    targets.set(key("order", o.orderId), view);
    targets.set(key("order", o.id), view);
  }
  for (const h of holdRows) targets.set(key("hold", h.id), { type: "hold", label: h.orderId, href: orderHref(h.orderId), needs: "orders:read" });
  for (const r of refundRows) targets.set(key("refund", r.id), { type: "refund", label: r.orderId, href: orderHref(r.orderId), needs: "orders:read" });
  // An approval names what it approves (a refund of an order): its order id when it is one.
  const approvalOrders = approvalRows.filter((a) => a.targetType === "order" || a.targetType === "refund");
  const approvalOrderIds = approvalOrders.length
    ? await db
        .select({ id: orders.id, orderId: orders.orderId, refundId: refunds.id })
        .from(orders)
        .leftJoin(refunds, eq(refunds.orderId, orders.id))
        .where(
          or(
            inArray(orders.orderId, approvalOrders.map((a) => a.targetId)),
            uuids(approvalOrders.map((a) => a.targetId)).length ? inArray(orders.id, uuids(approvalOrders.map((a) => a.targetId))) : undefined,
            uuids(approvalOrders.map((a) => a.targetId)).length ? inArray(refunds.id, uuids(approvalOrders.map((a) => a.targetId))) : undefined,
          ),
        )
    : [];
  for (const a of approvalRows) {
    const o = approvalOrderIds.find((x) => x.orderId === a.targetId || x.id === a.targetId || x.refundId === a.targetId);
    targets.set(
      key("approval", a.id),
      o ? { type: "approval", label: o.orderId, sub: a.kind, href: orderHref(o.orderId), needs: "orders:read" } : { type: "approval", label: a.kind, href: "/approvals", needs: "approvals:read" },
    );
  }
  for (const acc of accountRows) {
    const view: TargetView = {
      type: "pay_account",
      label: acc.name ?? acc.phone ?? acc.accountId,
      sub: acc.name || acc.phone ? acc.accountId : undefined,
      href: `/accounts/${encodeURIComponent(acc.accountId)}`,
      needs: "accounts:read",
    };
    targets.set(key("pay_account", acc.accountId), view);
    targets.set(key("pay_account", acc.id), view);
  }
  for (const c of customerRows) {
    const view: TargetView = {
      type: "customer",
      label: c.name ?? c.email ?? c.phone ?? c.merchantUserId ?? c.id,
      sub: c.name ? (c.email ?? c.phone ?? undefined) : undefined,
      href: `/customers/${c.id}`,
      needs: "customers:read",
    };
    if (c.merchantUserId) targets.set(key("customer", c.merchantUserId), view);
    targets.set(key("customer", c.id), view);
  }
  for (const k of keyRows) targets.set(key("api_key", k.id), { type: "api_key", label: k.name, sub: `${k.prefix}…`, href: "/settings/api-keys", needs: "settings:api-keys" });
  for (const c of campaignRows) targets.set(key("campaign", c.id), { type: "campaign", label: c.name, href: `/campaigns/${c.id}`, needs: "campaigns:read" });
  // Templates have no page of their own: the list (where each is edited) is theirs.
  for (const tpl of templateRows) targets.set(key("campaign_template", tpl.id), { type: "campaign_template", label: tpl.name, href: "/campaigns/templates", needs: "campaigns:read" });
  // A batch by its CSV's file name, as /coins and its own page name it.
  for (const b of batchRows) targets.set(key("coin_batch", b.id), { type: "coin_batch", label: b.filename, href: `/coins/batches/${b.id}`, needs: "coins:read" });
  // A payout by its customer, as /coins shows it; a batch's line lives on the batch's page, a single one in /coins filtered to its customer.
  for (const p of payoutRows) {
    targets.set(key("coin_payout", p.id), {
      type: "coin_payout",
      label: p.name ?? p.phone ?? p.requestId,
      sub: p.name && p.phone ? p.phone : undefined,
      href: p.batchId ? `/coins/batches/${p.batchId}` : `/coins?customer=${p.customerId}`,
      needs: "coins:read",
    });
  }
  // A reminder by its order (the customer beside it), else by its customer; /campaigns/reminders finds it by either.
  for (const r of reminderRows) {
    const who = r.name ?? r.phone ?? undefined;
    const q = r.orderId ?? r.reminderId ?? r.phone ?? r.name;
    targets.set(key("reminder", r.id), {
      type: "reminder",
      label: r.orderId ?? who ?? r.reminderId ?? r.id,
      sub: r.orderId ? who : undefined,
      href: q ? `/campaigns/reminders?q=${encodeURIComponent(q)}` : "/campaigns/reminders",
      needs: "campaigns:read",
    });
  }
  // A run by its WIB days, as /finance/reconciliation lists it; the link selects it there.
  const runs = new Map(reconRows.map((r) => [r.key, r]));
  for (const id of reconTargets) {
    const run = runs.get(firstOfList(id));
    if (!run) continue;
    const label = opts.lng ? daysLabel(run.rangeFrom, run.rangeTo, opts.lng) : run.rangeFrom === run.rangeTo ? run.rangeFrom : `${run.rangeFrom} – ${run.rangeTo}`;
    targets.set(key("reconciliation", id), { type: "reconciliation", label, href: `/finance/reconciliation?run=${run.runId}`, needs: "finance:read" });
  }
  return { targets, actors };
}

/**
 * The target of one row: a looked-up label, else a page's (the coin wallet, an export), else the
 * stored id as it is (never a bare UUID when a label exists).
 */
export function targetOf(row: AuditRow, targets: Lookup): TargetView | null {
  if (!row.targetType && !row.targetId) return null;
  const type = row.targetType ?? "";
  const found = row.targetId ? targets.get(key(type, row.targetId)) : undefined;
  if (found) return found;
  const page = Object.hasOwn(PAGE_TARGETS, type) ? PAGE_TARGETS[type] : undefined;
  if (page) return { type, ...page };
  // An order id that is no longer (or never was) in orders, a role name, a route: the id is the label.
  return { type, label: row.targetId ?? "" };
}

const MONEY_KEY = /(^|_)amount$|Amount$|^amount|(^|_)limit$|Limit$/;
const DIGITS = /^-?\d{1,19}$/;

/** Is this (key, value) an amount in sen, as every audit writer stores money (bigint minor units)? */
export function isMoneyField(k: string, v: unknown): boolean {
  return MONEY_KEY.test(k) && ((typeof v === "string" && DIGITS.test(v)) || (typeof v === "number" && Number.isSafeInteger(v)));
}

/** An instant as services store it in audit JSON (`2026-12-05T00:00:00.000Z`, or with an offset). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A stored instant as every other time on the page is shown (`5 Dec 2026, 07:00:00 WIB`); anything else as it is. */
function displayScalar(v: string | number | boolean, locale: string | undefined): string {
  if (typeof v === "string" && ISO_INSTANT.test(v)) {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return formatWib(t, locale);
  }
  return String(v).slice(0, 120);
}

/**
 * Short text for a value: amounts as `Rp …`, instants in WIB in the page's language, scalars as
 * they are, nested objects left to the raw JSON (which keeps every value as stored).
 */
export function summarise(value: unknown, max = 6, locale?: string): SummaryItem[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  const out: SummaryItem[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (out.length >= max) break;
    // Internal UUIDs say nothing to a reader (the target column names the thing); they stay in the raw JSON.
    if (v === null || v === undefined || v === "" || isUuid(v)) continue;
    if (isMoneyField(k, v)) out.push({ key: k, value: formatIdr(BigInt(v as string | number)) });
    else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out.push({ key: k, value: displayScalar(v, locale) });
  }
  return out;
}

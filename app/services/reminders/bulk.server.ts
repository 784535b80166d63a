import { and, asc, eq, inArray, isNotNull, lt, notExists, sql, type SQL } from "drizzle-orm";
import { customers, orders, reminders } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { newIdempotencyKey } from "~/lib/ids.server";
import { audit, type AuditActor } from "~/services/audit.server";
import { lockReminderWrites } from "./create.server";
import { LIVE_REMINDER_STATUSES } from "./delete.server";
import { deps, sendCreate, type ReminderDeps } from "./send.server";
import { paymentDueTemplate } from "./registry.server";
import { checkReminderParams, PAYMENT_DUE_TEMPLATE, paymentDueParams } from "./templates";

/** One click sends at most this many; the count before the confirm says when more are waiting. */
export const BULK_MAX = 500;
export const BULK_MAX_HOURS = 24 * 90;

export interface PaymentDueCounts {
  /** Pending orders older than the cutoff. */
  total: number;
  /** Will get a reminder. */
  eligible: number;
  /** Skipped, by reason. */
  noCustomer: number;
  noMiniApp: number;
  hasReminder: number;
}

const liveReminderOf = (orderId: SQL) =>
  sql`exists (select 1 from ${reminders} r where r.order_id = ${orderId} and r.status in ('creating', 'active', 'unknown'))`;

/** What "payment due for pending orders older than N hours" would do now: counts only, nothing written. */
export async function paymentDueCounts(
  database: DbOrTx,
  hours: number,
  now = new Date(),
): Promise<PaymentDueCounts> {
  const cutoff = new Date(now.getTime() - hours * 3_600_000);
  const [r] = await rows<Record<string, string | number>>(
    database,
    sql`select
          count(*) as total,
          count(*) filter (where o.customer_id is null) as no_customer,
          count(*) filter (where o.customer_id is not null and c.auth_token_enc is null) as no_mini_app,
          count(*) filter (where c.auth_token_enc is not null and ${liveReminderOf(sql`o.id`)}) as has_reminder,
          count(*) filter (where c.auth_token_enc is not null and not ${liveReminderOf(sql`o.id`)}) as eligible
        from ${orders} o left join ${customers} c on c.id = o.customer_id
        where o.status = 'pending' and o.created_at < ${cutoff.toISOString()}::timestamptz`,
  );
  const n = (k: string) => Number(r?.[k] ?? 0);
  return {
    total: n("total"),
    eligible: n("eligible"),
    noCustomer: n("no_customer"),
    noMiniApp: n("no_mini_app"),
    hasReminder: n("has_reminder"),
  };
}

export interface BulkResult extends PaymentDueCounts {
  /** The registry has no (unarchived) PAYMENT_DUE_TEMPLATE: nothing was written or sent. */
  templateMissing?: true;
  /** Orders whose "payment due" text does not fit the registered template's limits (not sent). */
  badParams: number;
  created: number;
  active: number;
  failed: number;
  unknown: number;
  /** Eligible beyond BULK_MAX, left for another click. */
  remaining: number;
}

/**
 * "Payment due" for every pending order older than `hours` whose customer has a mini-app token,
 * with the registry's PAYMENT_DUE_TEMPLATE (its limits checked for each order's text):
 * the rows (each with its Request-Id) are written in one transaction with the counts audited, the
 * orders locked so a paid notification cannot slip between the check and the insert; then sent.
 */
export async function createPaymentDueReminders(
  input: { hours: number; actor: AuditActor & { id?: string | null }; now?: Date; max?: number },
  d: ReminderDeps = {},
): Promise<BulkResult> {
  const { client, database } = deps(d);
  const now = input.now ?? new Date();
  const max = input.max ?? BULK_MAX;
  const cutoff = new Date(now.getTime() - input.hours * 3_600_000);
  const template = await paymentDueTemplate(database);
  if (!template) {
    const counts = await paymentDueCounts(database, input.hours, now);
    return {
      ...counts,
      templateMissing: true,
      badParams: 0,
      created: 0,
      active: 0,
      failed: 0,
      unknown: 0,
      remaining: counts.eligible,
    };
  }
  const { ids, counts, badParams } = await database.transaction(async (tx) => {
    await lockReminderWrites(tx);
    const counts = await paymentDueCounts(tx, input.hours, now);
    const due = await tx
      .select({
        id: orders.id,
        orderId: orders.orderId,
        amount: orders.amount,
        customerId: orders.customerId,
      })
      .from(orders)
      .innerJoin(customers, eq(customers.id, orders.customerId))
      .where(
        and(
          eq(orders.status, "pending"),
          lt(orders.createdAt, cutoff),
          isNotNull(customers.authTokenEnc),
          notExists(
            tx
              .select({ one: sql`1` })
              .from(reminders)
              .where(
                and(eq(reminders.orderId, orders.id), inArray(reminders.status, [...LIVE_REMINDER_STATUSES])),
              ),
          ),
        ),
      )
      .orderBy(asc(orders.createdAt), asc(orders.id))
      .limit(max)
      .for("update", { of: orders, skipLocked: true });
    const values = [];
    let badParams = 0;
    for (const o of due) {
      const checked = checkReminderParams(template.params, paymentDueParams(o, template.params));
      if (!checked.ok) {
        badParams++;
        continue;
      }
      values.push({
        customerId: o.customerId!,
        orderId: o.id,
        templateName: PAYMENT_DUE_TEMPLATE,
        params: checked.params,
        requestId: newIdempotencyKey(),
        status: "creating" as const,
        createdBy: input.actor.id ?? null,
      });
    }
    const inserted = values.length
      ? await tx.insert(reminders).values(values).returning({ id: reminders.id })
      : [];
    await audit(tx, {
      actor: input.actor,
      action: "reminder.bulk_create",
      targetType: "reminders",
      targetId: "payment_due",
      result: "ok",
      detail: { hours: input.hours, template: template.name, ...counts, badParams, created: inserted.length },
    });
    return { ids: inserted.map((r) => r.id), counts, badParams };
  });
  let next = 0;
  const tally = { active: 0, failed: 0, unknown: 0 };
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const after = await sendCreate(
        id,
        { client, database },
        { auditAs: "reminder.create", actor: input.actor },
      );
      if (after?.status === "active") tally.active++;
      else if (after?.status === "failed") tally.failed++;
      else tally.unknown++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, ids.length) }, worker));
  return {
    ...counts,
    badParams,
    created: ids.length,
    ...tally,
    remaining: Math.max(0, counts.eligible - ids.length - badParams),
  };
}

import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { reminders, type ReminderDeleteReason } from "~db/schema";
import type { Tx } from "~/db/client.server";
import { boss } from "~/lib/queue.server";
import type { MoneyOutcome } from "~/lib/outcome";
import { audit, type AuditActor } from "~/services/audit.server";
import { rawQuery } from "~/services/notifications/sql.server";
import { enqueueRemoval } from "./queue.server";
import { deps, sendRemove, type ReminderDeps } from "./send.server";

/** A reminder that exists at GoPay, or may (its creation not settled yet). */
export const LIVE_REMINDER_STATUSES = ["creating", "active", "unknown"] as const;

/**
 * Marks the live reminders `where` selects for removal — status deleting, the reason, and the
 * removal's Request-Id written now, before any call — inside the caller's transaction.
 */
export async function markForDeletion(tx: Tx, where: SQL, reason: ReminderDeleteReason) {
  return tx
    .update(reminders)
    .set({
      status: "deleting",
      deletedReason: reason,
      deleteRequestId: sql`coalesce(${reminders.deleteRequestId}, gen_random_uuid()::text)`,
      updatedAt: new Date(),
    })
    .where(and(where, inArray(reminders.status, [...LIVE_REMINDER_STATUSES])))
    .returning({
      id: reminders.id,
      customerId: reminders.customerId,
      reminderId: reminders.reminderId,
      campaignId: reminders.campaignId,
    });
}

/** Why an order's own reminders go: it was paid, or it closed unpaid (cancelled, expired, failed). */
export type OrderReminderReason = Extract<ReminderDeleteReason, "order_paid" | "order_closed">;

/**
 * markForDeletion for one order's reminders, as a fixed statement (prepared on Postgres, nothing to
 * build): it runs inside every paid notification's apply, and drizzle's building of the UPDATE was
 * ~9 % of ingest's CPU per notification (docs/benchmarks.md, tenth pass) for a statement that almost
 * always matches no row.
 */
const MARK_ORDER_SQL =
  "update reminders set status = 'deleting', deleted_reason = $3, " +
  "delete_request_id = coalesce(delete_request_id, gen_random_uuid()::text), updated_at = $2::timestamptz " +
  `where order_id = $1::uuid and status in (${LIVE_REMINDER_STATUSES.map((s) => `'${s}'`).join(", ")}) ` +
  "returning id::text as id, reminder_id";

/**
 * The hook an order's change of state calls, in its transaction, when the order enters paid
 * (notifications/apply) or closes unpaid (a cancel, a notification saying expired / cancelled /
 * failed): the order's live reminders are marked for removal with that reason, audited, and a
 * removal job is enqueued in the same transaction — a customer is never asked to pay an order that
 * is paid or can no longer be paid. One indexed UPDATE when the order has none; it is sent when
 * this is called (pipelined after the caller's statements already sent). The minute sweep
 * (resolve.server.ts) catches an order that changed state by any other path.
 */
export async function removeRemindersOfOrder(
  tx: Tx,
  order: { id: string; orderId: string },
  reason: OrderReminderReason,
  /** Who changed the order's state: GoPay (a notification), a staff member (a cancel). */
  actor: AuditActor,
): Promise<number> {
  const rows = await rawQuery(tx)<{ id: string; reminder_id: string | null }>(MARK_ORDER_SQL, [
    order.id,
    new Date().toISOString(),
    reason,
  ]);
  const marked = rows.map((r) => ({ id: r.id, reminderId: r.reminder_id }));
  if (marked.length === 0) return 0;
  await audit(tx, {
    actor,
    action: "reminder.delete",
    targetType: "order",
    targetId: order.orderId,
    result: "pending",
    detail: { reason, reminders: marked.map((m) => ({ id: m.id, reminderId: m.reminderId })) },
  });
  await enqueueRemoval(
    tx,
    marked.map((m) => m.id),
  );
  return marked.length;
}

export type DeleteOutcome = MoneyOutcome<"reminder">;

/** Staff deletes one reminder: marked (audited) in a transaction, then removed at GoPay at once. */
export async function deleteReminder(
  input: { id: string; actor: AuditActor },
  d: ReminderDeps = {},
): Promise<DeleteOutcome> {
  const { client, database } = deps(d);
  const marked = await database.transaction(async (tx) => {
    const rows = await markForDeletion(tx, eq(reminders.id, input.id), "staff");
    if (rows.length) {
      await audit(tx, {
        actor: input.actor,
        action: "reminder.delete",
        targetType: "reminder",
        targetId: input.id,
        result: "pending",
        detail: { reason: "staff", reminderId: rows[0]!.reminderId, customerId: rows[0]!.customerId },
      });
    }
    return rows;
  });
  if (!marked.length) {
    return {
      status: "refused",
      field: "reminder",
      message: "This reminder is already deleted, being deleted or was never created.",
      words: { message: { key: "reminders:errors.notLive" } },
    };
  }
  const after = await sendRemove(input.id, { client, database }, input.actor);
  if (after?.status === "deleted")
    return {
      status: "succeeded",
      title: "Reminder deleted at GoPay.",
      words: { title: { key: "reminders:toast.deleted" } },
    };
  if (after?.status === "deleting")
    return {
      status: "unknown",
      title: "GoPay did not answer; the removal is retried automatically.",
      words: { title: { key: "reminders:toast.deleteUnknown" } },
    };
  return {
    status: "failed",
    title: "GoPay refused the removal.",
    description: after?.gopayMessage ?? undefined,
    words: { title: { key: "reminders:toast.deleteFailed" } },
  };
}

/**
 * Deletes every live reminder of a campaign: all marked (audited once) in one transaction; the
 * removals then run in the job (or here, when this process runs no jobs).
 */
export async function deleteCampaignReminders(
  input: { campaignId: string; actor: AuditActor },
  d: ReminderDeps = {},
): Promise<{ marked: number; deleted: number; pending: number }> {
  const { client, database } = deps(d);
  const jobs = boss() !== undefined;
  const marked = await database.transaction(async (tx) => {
    const rows = await markForDeletion(tx, eq(reminders.campaignId, input.campaignId), "campaign");
    if (rows.length) {
      await audit(tx, {
        actor: input.actor,
        action: "reminder.delete",
        targetType: "campaign",
        targetId: input.campaignId,
        result: "pending",
        detail: { reason: "campaign", count: rows.length },
      });
      // In chunks: one job per 500 removals keeps a job's payload and its run short.
      for (let i = 0; i < rows.length; i += 500)
        await enqueueRemoval(
          tx,
          rows.slice(i, i + 500).map((r) => r.id),
        );
    }
    return rows;
  });
  if (jobs) return { marked: marked.length, deleted: 0, pending: marked.length };
  const done = await removeAll(
    marked.map((m) => m.id),
    { client, database },
    input.actor,
  );
  return { marked: marked.length, deleted: done, pending: marked.length - done };
}

/** Removes these reminders (those still marked), a few at a time; returns how many ended deleted. */
export async function removeAll(
  ids: string[],
  d: ReminderDeps = {},
  actor?: AuditActor,
  concurrency = 4,
): Promise<number> {
  let next = 0;
  let deleted = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const after = await sendRemove(id, d, actor);
      if (after?.status === "deleted") deleted++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return deleted;
}

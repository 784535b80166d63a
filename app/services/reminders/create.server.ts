import { and, eq, inArray, sql } from "drizzle-orm";
import { customers, orders, reminders } from "~db/schema";
import type { Tx } from "~/db/client.server";
import { newIdempotencyKey } from "~/lib/ids.server";
import type { MoneyOutcome } from "~/lib/outcome";
import type { AuditActor } from "~/services/audit.server";
import { LIVE_REMINDER_STATUSES } from "./delete.server";
import { deps, sendCreate, type ReminderDeps, type ReminderRow } from "./send.server";
import { reminderTemplateByName } from "./registry.server";
import { checkReminderParams, type ParamProblem } from "./templates";

/** A parameter's refusal names the parameter (the form's field of that name). */
export type CreateField = "customer" | "order" | "template" | "form" | `param:${string}`;
export type CreateOutcome = MoneyOutcome<CreateField> & { reminderId?: string };

export interface CreateReminderInput {
  customerId: string;
  /** orders.id (ours), when the reminder is about an order. */
  orderId?: string | null;
  templateName: string;
  params: Record<string, string | undefined>;
  /** The form's key for this intent (a double click sends it twice): the reminder's Request-Id. */
  requestId?: string;
  actor: AuditActor & { id?: string | null };
}

/** One writer at a time decides "this order has no live reminder yet" and inserts (create one, bulk). */
export async function lockReminderWrites(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('loket:reminders-create'))`);
}

function paramRefusal(p: ParamProblem): CreateOutcome {
  const field: CreateField = `param:${p.param}`;
  if (p.problem === "format")
    return {
      status: "refused",
      field,
      message: `${p.param} is not a value of the template's type.`,
      words: { message: { key: "reminders:errors.paramFormat", params: { param: p.param } } },
    };
  return p.problem === "missing"
    ? {
        status: "refused",
        field,
        message: `${p.param} is required.`,
        words: { message: { key: "reminders:errors.paramMissing", params: { param: p.param } } },
      }
    : {
        status: "refused",
        field,
        message: `${p.param} must be ${p.min}–${p.max} characters (it has ${p.length}).`,
        words: {
          message: {
            key: "reminders:errors.paramLength",
            params: { param: p.param, min: p.min, max: p.max, length: p.length },
          },
        },
      };
}

const refused = (field: CreateField, message: string, key: string): CreateOutcome => ({
  status: "refused",
  field,
  message,
  words: { message: { key: `reminders:errors.${key}` } },
});

/** The outcome of a sent creation, in the one outcome vocabulary. */
export function createOutcomeOf(row: ReminderRow | undefined): CreateOutcome {
  if (row?.status === "active" || (row?.reminderId && row.status === "deleting"))
    return {
      status: "succeeded",
      title: `Reminder created at GoPay (${row.reminderId}).`,
      words: { title: { key: "reminders:toast.created", params: { id: row.reminderId ?? "" } } },
      reminderId: row.id,
    };
  if (row?.status === "failed")
    return {
      status: "failed",
      title: "GoPay refused the reminder.",
      description: row.gopayMessage ?? undefined,
      words: { title: { key: "reminders:toast.createFailed" } },
      reminderId: row.id,
    };
  return {
    status: "unknown",
    title: "GoPay did not answer; the reminder is sent again with the same Request-Id until it does.",
    words: { title: { key: "reminders:toast.createUnknown" } },
    reminderId: row?.id,
  };
}

/**
 * Creates one reminder for a customer (optionally about one of their pending orders): checks the
 * parameters against the template's limits in Loket's registry (registry.server.ts) and the
 * customer's mini-app token, writes the row with its Request-Id, commits,
 * then calls GoPay (reminders/send.server.ts) and settles.
 */
export async function createReminder(
  input: CreateReminderInput,
  d: ReminderDeps = {},
): Promise<CreateOutcome> {
  const { client, database } = deps(d);
  const template = await reminderTemplateByName(database, input.templateName);
  if (!template) return refused("template", "Choose a registered reminder template.", "template");
  const checked = checkReminderParams(template.params, input.params);
  if (!checked.ok) return paramRefusal(checked.problems[0]!);

  if (input.requestId) {
    const [seen] = await database.select().from(reminders).where(eq(reminders.requestId, input.requestId));
    if (seen)
      return createOutcomeOf(
        seen.status === "unknown" || seen.status === "creating"
          ? await sendCreate(seen.id, { client, database })
          : seen,
      );
  }

  const inserted = await database.transaction(
    async (tx): Promise<{ refusal: CreateOutcome } | { row: ReminderRow }> => {
      const [customer] = await tx
        .select({ id: customers.id, enc: customers.authTokenEnc })
        .from(customers)
        .where(eq(customers.id, input.customerId));
      if (!customer) return { refusal: refused("customer", "No such customer.", "noCustomer") };
      if (!customer.enc)
        return {
          refusal: refused(
            "customer",
            "This customer never opened the mini app: GoPay has no token to remind them with.",
            "noToken",
          ),
        };
      if (input.orderId) {
        const [order] = await tx
          .select({ id: orders.id, customerId: orders.customerId, status: orders.status })
          .from(orders)
          .where(eq(orders.id, input.orderId))
          .for("update");
        if (!order || order.customerId !== customer.id)
          return { refusal: refused("order", "This order is not the customer's.", "orderNotCustomers") };
        if (order.status !== "pending")
          return {
            refusal: refused(
              "order",
              "Only a pending (unpaid) order can have a payment reminder.",
              "orderNotPending",
            ),
          };
        await lockReminderWrites(tx);
        const [live] = await tx
          .select({ id: reminders.id })
          .from(reminders)
          .where(and(eq(reminders.orderId, order.id), inArray(reminders.status, [...LIVE_REMINDER_STATUSES])))
          .limit(1);
        if (live)
          return { refusal: refused("order", "This order already has a reminder.", "orderHasReminder") };
      }
      const [row] = await tx
        .insert(reminders)
        .values({
          customerId: customer.id,
          orderId: input.orderId ?? null,
          templateName: template.name,
          params: checked.params,
          requestId: input.requestId ?? newIdempotencyKey(),
          status: "creating",
          createdBy: input.actor.id ?? null,
        })
        .onConflictDoNothing({ target: reminders.requestId })
        .returning();
      if (!row) return { refusal: refused("form", "This reminder was already sent.", "repeat") };
      return { row };
    },
  );
  if ("refusal" in inserted) return inserted.refusal;
  return createOutcomeOf(
    await sendCreate(
      inserted.row.id,
      { client, database },
      { auditAs: "reminder.create", actor: input.actor },
    ),
  );
}

import { sql } from "drizzle-orm";
import { reminders } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";

export interface CampaignReminderRecord {
  campaignId: string;
  customerId: string;
  /** The campaign recipient's Request-Id: the same key the createReminder call carried. */
  requestId: string;
  templateName: string;
  /** The rendered template parameters that were sent. */
  params: Record<string, string>;
  /** GoPay's reminder_id; null when the send's outcome is unknown (the reminders sweep then settles it with the same Request-Id). */
  reminderId: string | null;
  orderId?: string | null;
  createdBy?: string | null;
}

/**
 * For camp-delivery's reminder-kind campaign sends: records the reminder GoPay created (or may
 * have created) for one recipient, so it is listed, deleted with its campaign, and on the customer's
 * timeline. Idempotent by Request-Id: a retried send records nothing twice; a later success fills in
 * GoPay's id on a row recorded as unknown. Pass the send's transaction when there is one.
 */
export async function recordCampaignReminder(
  database: DbOrTx,
  r: CampaignReminderRecord,
): Promise<{ id: string }> {
  const status = r.reminderId ? ("active" as const) : ("unknown" as const);
  const [row] = await database
    .insert(reminders)
    .values({
      customerId: r.customerId,
      orderId: r.orderId ?? null,
      campaignId: r.campaignId,
      templateName: r.templateName,
      params: r.params,
      reminderId: r.reminderId,
      requestId: r.requestId,
      status,
      attempts: 1,
      httpStatus: r.reminderId ? 200 : null,
      createdBy: r.createdBy ?? null,
    })
    .onConflictDoUpdate({
      target: reminders.requestId,
      set: {
        reminderId: sql`coalesce(${reminders.reminderId}, excluded.reminder_id)`,
        status: sql`case when excluded.status = 'active' and ${reminders.status} in ('creating', 'unknown') then 'active' else ${reminders.status} end`,
        updatedAt: new Date(),
      },
    })
    .returning({ id: reminders.id });
  return row!;
}

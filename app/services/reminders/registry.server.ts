import { and, eq, isNull } from "drizzle-orm";
import { campaignTemplates } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { listTemplates } from "~/services/campaigns/templates.server";
import { PAYMENT_DUE_TEMPLATE, type ReminderTemplateView } from "./templates";

/**
 * Reminders read their templates from Loket's registry (campaign_templates, kind 'reminder';
 * /campaigns/templates edits it, audited): no other list of names or limits exists. Archived
 * templates are not offered and not accepted for new reminders.
 */
const view = (t: {
  id: string;
  name: string;
  description: string | null;
  params: ReminderTemplateView["params"];
}): ReminderTemplateView => ({
  id: t.id,
  name: t.name,
  description: t.description,
  params: t.params,
});

/** The reminder templates a new reminder may use, by name. */
export async function reminderTemplates(database: DbOrTx): Promise<ReminderTemplateView[]> {
  return (await listTemplates(database, { kind: "reminder" })).map(view);
}

/** One registered, not archived, reminder template by its name as registered with GoPay. */
export async function reminderTemplateByName(
  database: DbOrTx,
  name: string,
): Promise<ReminderTemplateView | undefined> {
  const [t] = await database
    .select()
    .from(campaignTemplates)
    .where(
      and(
        eq(campaignTemplates.name, name),
        eq(campaignTemplates.kind, "reminder"),
        isNull(campaignTemplates.archivedAt),
      ),
    )
    .limit(1);
  return t ? view(t) : undefined;
}

/** The template "payment due" reminders are sent with, when it is registered. */
export function paymentDueTemplate(database: DbOrTx): Promise<ReminderTemplateView | undefined> {
  return reminderTemplateByName(database, PAYMENT_DUE_TEMPLATE);
}

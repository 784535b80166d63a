import { and, asc, eq, isNull, ne } from "drizzle-orm";
import { campaignTemplates, customers, type TemplateKind, type TemplateParamDef } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { pgErrorCode } from "~/db/errors.server";
import { audit, type AuditActor } from "~/services/audit.server";
import { listCustomers, parseCustomerSearch, searchCondition } from "~/services/customers/list.server";

/**
 * Loket's registry of the templates registered with GoPay (GoPay has no "list templates" API).
 * Campaigns pick a template here; its parameters' types and limits drive rendering and checks.
 * Every change is audited with the template before and after.
 */
export type CampaignTemplate = typeof campaignTemplates.$inferSelect;

export interface TemplateInput {
  name: string;
  kind: TemplateKind;
  description: string;
  params: TemplateParamDef[];
}

export type TemplateSaveResult =
  | { ok: true; template: CampaignTemplate }
  | { ok: false; field: "name" | "form"; key: string; params?: Record<string, string> };

export async function listTemplates(
  database: DbOrTx,
  opts: { includeArchived?: boolean; kind?: TemplateKind } = {},
): Promise<CampaignTemplate[]> {
  const where = [];
  if (!opts.includeArchived) where.push(isNull(campaignTemplates.archivedAt));
  if (opts.kind) where.push(eq(campaignTemplates.kind, opts.kind));
  return database
    .select()
    .from(campaignTemplates)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(campaignTemplates.archivedAt), asc(campaignTemplates.name));
}

export async function getTemplate(database: DbOrTx, id: string): Promise<CampaignTemplate | undefined> {
  const [row] = await database.select().from(campaignTemplates).where(eq(campaignTemplates.id, id)).limit(1);
  return row;
}

function snapshot(t: Pick<CampaignTemplate, "name" | "kind" | "description" | "params">) {
  return { name: t.name, kind: t.kind, description: t.description, params: t.params };
}

export async function createTemplate(
  database: DbOrTx,
  input: TemplateInput,
  actor: AuditActor & { id: string },
  ip?: string | null,
): Promise<TemplateSaveResult> {
  try {
    return await database.transaction(async (tx) => {
      const [row] = await tx
        .insert(campaignTemplates)
        .values({
          name: input.name,
          kind: input.kind,
          description: input.description || null,
          params: input.params,
          createdBy: actor.id,
          updatedBy: actor.id,
        })
        .returning();
      await audit(tx, {
        actor,
        action: "campaign.template_create",
        targetType: "campaign_template",
        targetId: row!.id,
        request: snapshot(row!),
        result: "ok",
        ip,
      });
      return { ok: true as const, template: row! };
    });
  } catch (err) {
    if (pgErrorCode(err) === "23505")
      return {
        ok: false,
        field: "name",
        key: "campaigns:build.templates.errors.nameTaken",
        params: { name: input.name },
      };
    throw err;
  }
}

export async function updateTemplate(
  database: DbOrTx,
  id: string,
  input: TemplateInput,
  actor: AuditActor & { id: string },
  ip?: string | null,
): Promise<TemplateSaveResult> {
  try {
    return await database.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(campaignTemplates)
        .where(eq(campaignTemplates.id, id))
        .for("update");
      if (!before)
        return { ok: false as const, field: "form" as const, key: "campaigns:build.templates.errors.gone" };
      const [taken] = await tx
        .select({ id: campaignTemplates.id })
        .from(campaignTemplates)
        .where(and(eq(campaignTemplates.name, input.name), ne(campaignTemplates.id, id)))
        .limit(1);
      if (taken)
        return {
          ok: false as const,
          field: "name" as const,
          key: "campaigns:build.templates.errors.nameTaken",
          params: { name: input.name },
        };
      const [row] = await tx
        .update(campaignTemplates)
        .set({
          name: input.name,
          kind: input.kind,
          description: input.description || null,
          params: input.params,
          updatedBy: actor.id,
          updatedAt: new Date(),
        })
        .where(eq(campaignTemplates.id, id))
        .returning();
      await audit(tx, {
        actor,
        action: "campaign.template_update",
        targetType: "campaign_template",
        targetId: id,
        request: snapshot(row!),
        detail: { before: snapshot(before) },
        result: "ok",
        ip,
      });
      return { ok: true as const, template: row! };
    });
  } catch (err) {
    if (pgErrorCode(err) === "23505")
      return {
        ok: false,
        field: "name",
        key: "campaigns:build.templates.errors.nameTaken",
        params: { name: input.name },
      };
    throw err;
  }
}

/** Archived templates stay (campaigns keep pointing to them) but are not offered for new campaigns. */
export async function setTemplateArchived(
  database: DbOrTx,
  id: string,
  archived: boolean,
  actor: AuditActor & { id: string },
  ip?: string | null,
): Promise<CampaignTemplate | undefined> {
  return database.transaction(async (tx) => {
    const [row] = await tx
      .update(campaignTemplates)
      .set({ archivedAt: archived ? new Date() : null, updatedBy: actor.id, updatedAt: new Date() })
      .where(eq(campaignTemplates.id, id))
      .returning();
    if (row)
      await audit(tx, {
        actor,
        action: archived ? "campaign.template_archive" : "campaign.template_restore",
        targetType: "campaign_template",
        targetId: id,
        request: { name: row.name },
        result: "ok",
        ip,
      });
    return row;
  });
}

/** The demo registry: the templates the GoPay sandbox knows (sandbox/contract.ts TEMPLATES), with labels. */
export const DEMO_TEMPLATES: TemplateInput[] = [
  {
    name: "LOKET_PAYMENT_REMINDER",
    kind: "reminder",
    description: "Payment reminder for an unpaid order. Description 50–70 characters, CTA 7–8.",
    params: [
      { name: "description", type: "text", min: 50, max: 70, label: "Reminder text" },
      { name: "cta", type: "text", min: 7, max: 8, label: "Button" },
    ],
  },
  {
    name: "LOKET_HOLD_REMINDER",
    kind: "reminder",
    description: "Reminder about funds on hold for an order.",
    params: [
      { name: "description", type: "text", min: 50, max: 70, label: "Reminder text" },
      { name: "cta", type: "text", min: 7, max: 8, label: "Button" },
      { name: "order_id", type: "text", min: 1, max: 64, label: "Order id" },
    ],
  },
  {
    name: "HK_PDS_NOTIFY",
    kind: "push",
    description: "{{title}} — {{body}}",
    params: [
      { name: "title", type: "text", min: 1, max: 40, label: "Title" },
      { name: "body", type: "text", min: 1, max: 160, label: "Message" },
    ],
  },
  {
    name: "LOKET_PROMO_PUSH",
    kind: "push",
    description: "{{title}} — {{body}} [{{cta}}]",
    params: [
      { name: "title", type: "text", min: 1, max: 40, label: "Title" },
      { name: "body", type: "text", min: 1, max: 160, label: "Message" },
      { name: "cta", type: "text", min: 7, max: 8, label: "Button" },
    ],
  },
];

/** Inserts the demo templates that are missing (by name); never changes one that exists. Returns how many were added. */
export async function seedDemoTemplates(database: DbOrTx, actorId: string | null): Promise<number> {
  const rows = await database
    .insert(campaignTemplates)
    .values(
      DEMO_TEMPLATES.map((t) => ({
        name: t.name,
        kind: t.kind,
        description: t.description,
        params: t.params,
        createdBy: actorId,
        updatedBy: actorId,
      })),
    )
    .onConflictDoNothing({ target: campaignTemplates.name })
    .returning({ id: campaignTemplates.id });
  return rows.length;
}

/** One customer to send a test to (search results on the templates page): never their token. */
export async function testRecipient(database: DbOrTx, customerId: string) {
  const [c] = await database
    .select({
      id: customers.id,
      name: customers.name,
      phone: customers.phone,
      authTokenEnc: customers.authTokenEnc,
    })
    .from(customers)
    .where(eq(customers.id, customerId))
    .limit(1);
  return c;
}

/** Customers to pick for a test send (name, phone or merchant user id), with whether each can receive one. */
export async function findTestRecipients(database: DbOrTx, q: string) {
  const s = parseCustomerSearch(new URLSearchParams({ q }));
  if (!s.q) return [];
  const page = await listCustomers(database, s, { limit: 10 }, await searchCondition(database, s));
  return page.rows.map((r) => ({
    id: r.id,
    name: r.name,
    phone: r.phone,
    merchantUserId: r.merchantUserId,
    tokenPresent: r.tokenPresent,
  }));
}

import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz, updatedAt } from "./_columns";
import { staff } from "./staff";

export const TEMPLATE_KINDS = ["push", "reminder"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const TEMPLATE_PARAM_TYPES = ["text", "number", "rupiah", "date"] as const;
export type TemplateParamType = (typeof TEMPLATE_PARAM_TYPES)[number];

/** One parameter of a registered template: its rendered value must be min–max characters long. */
export interface TemplateParamDef {
  name: string;
  type: TemplateParamType;
  min: number;
  max: number;
  label?: string;
}

/**
 * Loket's registry of the mini-app templates registered with GoPay out of band (GoPay has no
 * "list templates" API). `name` is exactly as registered: it is sent as `template_name`.
 * Archived templates stay (campaigns point to them) but are not offered for new campaigns.
 */
export const campaignTemplates = pgTable(
  "campaign_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: text("kind", { enum: TEMPLATE_KINDS }).notNull(),
    params: jsonb("params").$type<TemplateParamDef[]>().notNull().default(sql`'[]'::jsonb`),
    description: text("description"),
    createdBy: uuid("created_by").references(() => staff.id),
    updatedBy: uuid("updated_by").references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    archivedAt: tstz("archived_at"),
  },
  (t) => [uniqueIndex("campaign_templates_name_uq").on(t.name), index("campaign_templates_kind_idx").on(t.kind)],
);

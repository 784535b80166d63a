import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz, updatedAt } from "./_columns";
import { campaignTemplates } from "./campaign-templates";
import { customers, ZONES, type Zone } from "./customers";
import { staff } from "./staff";

/**
 * Push and reminder campaigns (issue 12). A draft (camp-build's wizard) is a campaigns row plus one
 * campaign_recipients row per customer, each with its rendered parameters and its own Request-Id.
 * Scheduling, sending and the lifecycle after the draft: app/services/campaigns (camp-delivery).
 * The shapes of the jsonb columns and the status vocabularies are in app/services/campaigns/types.ts.
 */

export const CAMPAIGN_KINDS = ["push", "reminder"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const CAMPAIGN_STATUSES = [
  "draft",
  "scheduled",
  "sending",
  "paused",
  "completed",
  "cancelled",
  "failed",
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * 'failed' = GoPay refused (a definite answer, nothing executed); 'unknown' = no definite answer after
 * the attempts (timeout, 5xx, dropped answer) or left waiting for a retry by a cancel: it may have been
 * delivered, so it keeps its request_id and is never counted as failed.
 */
export const RECIPIENT_STATUSES = ["pending", "sending", "sent", "failed", "skipped", "unknown"] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export { ZONES, type Zone } from "./customers";

/**
 * Where a recipient's zone came from, for the preview: the CSV's zone column, the customer's record,
 * or neither (WIB). Null on rows drafted before the customer's zone existed.
 */
export const ZONE_SOURCES = ["csv", "customer", "default"] as const;
export type ZoneSource = (typeof ZONE_SOURCES)[number];

export type ParamSource =
  | { type: "fixed"; value: string }
  | { type: "column"; column: string; fallback?: string }
  | { type: "field"; field: string; fallback?: string };

export type Audience =
  | { type: "csv"; filename: string; validRows: number; rejectedRows: number }
  | { type: "segment"; segment: string; args?: Record<string, unknown> };

export type Schedule =
  { mode: "now" } | { mode: "at"; at: string; zone: Zone } | { mode: "local"; date: string; time: string };

export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: text("kind", { enum: CAMPAIGN_KINDS }).notNull(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => campaignTemplates.id),
    paramSources: jsonb("param_sources").$type<Record<string, ParamSource>>().notNull(),
    audience: jsonb("audience").$type<Audience>().notNull(),
    status: text("status", { enum: CAMPAIGN_STATUSES }).notNull().default("draft"),
    schedule: jsonb("schedule").$type<Schedule>(),
    quietStart: text("quiet_start").notNull().default("21:00"),
    quietEnd: text("quiet_end").notNull().default("08:00"),
    throttlePerSecond: integer("throttle_per_second").notNull().default(50),
    pauseReason: text("pause_reason"),
    lastError: text("last_error"),
    /** GoPay answers with an unknown outcome (5xx, timeout, drop) in a row, across every worker; a success resets it. */
    consecutiveErrors: integer("consecutive_errors").notNull().default(0),
    createdBy: uuid("created_by").references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    scheduledAt: tstz("scheduled_at"),
    startedAt: tstz("started_at"),
    finishedAt: tstz("finished_at"),
    cancelledAt: tstz("cancelled_at"),
  },
  (t) => [
    index("campaigns_status_idx").on(t.status, t.createdAt),
    index("campaigns_created_idx").on(t.createdAt, t.id),
  ],
);

export const campaignRecipients = pgTable(
  "campaign_recipients",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    line: integer("line"),
    zone: text("zone", { enum: ZONES }).notNull().default("WIB"),
    zoneSource: text("zone_source", { enum: ZONE_SOURCES }),
    params: jsonb("params").$type<Record<string, string>>().notNull(),
    /** The Request-Id of this one send: written with the row, never changed for an unknown outcome. */
    requestId: text("request_id").notNull(),
    status: text("status", { enum: RECIPIENT_STATUSES }).notNull().default("pending"),
    skipReason: text("skip_reason"),
    dueAt: tstz("due_at"),
    attempts: integer("attempts").notNull().default(0),
    httpStatus: integer("http_status"),
    gopayCode: text("gopay_code"),
    gopayMessage: text("gopay_message"),
    /** GoPay's reminder id (kind 'reminder'). */
    reminderId: text("reminder_id"),
    /** A worker's claim of the row (status 'sending'); a claim older than the lease is taken over. */
    claimedAt: tstz("claimed_at"),
    claimedBy: text("claimed_by"),
    /** Set when the GoPay call of the current attempt is about to start (checked against the campaign's status under lock). */
    callingAt: tstz("calling_at"),
    sentAt: tstz("sent_at"),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("campaign_recipients_customer_uq").on(t.campaignId, t.customerId),
    uniqueIndex("campaign_recipients_request_id_uq").on(t.requestId),
    index("campaign_recipients_due_idx").on(t.campaignId, t.status, t.dueAt, t.id),
    index("campaign_recipients_customer_idx").on(t.customerId),
    index("campaign_recipients_log_idx").on(t.campaignId, t.id),
  ],
);

/**
 * The global throttle of a campaign's sends: every worker, in any process, reserves its next sends'
 * time slots here (next_slot_at moves forward by n / throttle_per_second), so the rate holds across
 * processes. One row per campaign, created on first use.
 */
export const campaignThrottle = pgTable("campaign_throttle", {
  campaignId: uuid("campaign_id")
    .primaryKey()
    .references(() => campaigns.id, { onDelete: "cascade" }),
  nextSlotAt: tstz("next_slot_at")
    .notNull()
    .default(sql`now()`),
});

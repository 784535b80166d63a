import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz, updatedAt } from "./_columns";
import { customers } from "./customers";
import { orders } from "./orders";
import { staff } from "./staff";

/**
 * creating: the row (with its Request-Id) is written, the GoPay call not answered yet.
 * unknown: the call's answer was lost (timeout, 5xx, dropped) — settled only by sending the SAME
 * Request-Id again, never by a new one and never "failed" by absence.
 * deleting: a removal was asked and is not confirmed yet (retried by the job).
 */
export const REMINDER_STATUSES = ["creating", "active", "unknown", "deleting", "deleted", "failed"] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];
/** Why a reminder was removed: staff, its order paid, its order closed unpaid (cancelled, expired or failed), its campaign. */
export const REMINDER_DELETE_REASONS = ["staff", "order_paid", "order_closed", "campaign"] as const;
export type ReminderDeleteReason = (typeof REMINDER_DELETE_REASONS)[number];

/** A GoPay mini-app reminder for one customer (PUT / DELETE /v1/mini-apps/reminder), optionally tied to an order or a campaign. */
export const reminders = pgTable(
  "reminders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    orderId: uuid("order_id").references(() => orders.id),
    /** The campaign that sent it (campaigns table belongs to the campaigns module; plain uuid here). */
    campaignId: uuid("campaign_id"),
    templateName: text("template_name").notNull(),
    params: jsonb("params").$type<Record<string, string>>().notNull(),
    /** GoPay's reminder_id, known once GoPay answered. */
    reminderId: text("reminder_id"),
    /** The Request-Id of the creation call, stored before the call and never changed. */
    requestId: text("request_id").notNull(),
    /** The Request-Id of the removal call, stored before it and reused by every retry. */
    deleteRequestId: text("delete_request_id"),
    status: text("status", { enum: REMINDER_STATUSES }).notNull().default("creating"),
    deletedReason: text("deleted_reason", { enum: REMINDER_DELETE_REASONS }),
    attempts: integer("attempts").notNull().default(0),
    httpStatus: integer("http_status"),
    gopayCode: text("gopay_code"),
    gopayMessage: text("gopay_message"),
    createdBy: uuid("created_by").references(() => staff.id),
    createdAt: createdAt(),
    deletedAt: tstz("deleted_at"),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("reminders_request_id_uq").on(t.requestId),
    index("reminders_order_idx").on(t.orderId),
    index("reminders_customer_idx").on(t.customerId, t.createdAt),
    index("reminders_campaign_idx").on(t.campaignId),
    // The list (newest first, keyset) and the unknown/deleting sweep.
    index("reminders_created_idx").on(t.createdAt, t.id),
    index("reminders_status_idx").on(t.status, t.updatedAt),
  ],
);

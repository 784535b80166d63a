import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { tstz } from "./_columns";

export const NOTIFICATION_SOURCES = ["snap_debit", "snap_registration", "core_payment", "core_pay_account"] as const;
export type NotificationSource = (typeof NOTIFICATION_SOURCES)[number];

/**
 * Every notification received, stored raw (headers, body, signature result) before it is applied.
 * dedupeKey identifies "the same notification" (e.g. sha256 of source + reference + status + body
 * fields that matter); a duplicate is stored but marked and never adds a second history row.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    receivedAt: tstz("received_at").notNull().defaultNow(),
    source: text("source", { enum: NOTIFICATION_SOURCES }).notNull(),
    headers: jsonb("headers").notNull(),
    rawBody: text("raw_body").notNull(),
    signatureValid: boolean("signature_valid").notNull(),
    verification: text("verification").notNull(), // ok | bad_signature | stale_timestamp | malformed | refetched
    reference: text("reference"), // order id / referenceNo / account_id
    externalId: text("external_id"),
    statusCode: text("status_code"), // latestTransactionStatus / transaction_status / account_status
    dedupeKey: text("dedupe_key"),
    isDuplicate: boolean("is_duplicate").notNull().default(false),
    outOfOrder: boolean("out_of_order").notNull().default(false),
    appliedAt: tstz("applied_at"),
    applyError: text("apply_error"),
    applyAttempts: integer("apply_attempts").notNull().default(0),
    result: jsonb("result"),
  },
  (t) => [
    index("notifications_reference_idx").on(t.reference, t.receivedAt),
    index("notifications_dedupe_idx").on(t.dedupeKey),
    index("notifications_unapplied_idx").on(t.appliedAt, t.signatureValid),
    // Overview: troubled notifications of the last 24 h. Partial, so it stays tiny among millions of good ones.
    index("notifications_problem_idx")
      .on(t.receivedAt)
      .where(sql`${t.applyError} is not null or ${t.signatureValid} = false`),
  ],
);

import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { approvals } from "./approvals";
import { createdAt, money, tstz, updatedAt } from "./_columns";
import { customers } from "./customers";
import { staff } from "./staff";

/**
 * GoPay Coins disbursement limits (one row, id = 1), set by an admin (audited). All amounts in sen.
 * wallet_balance is the last balance GoPay (the sandbox, or finance from the merchant portal) reported.
 */
export const coinSettings = pgTable("coin_settings", {
  id: integer("id").primaryKey().default(1),
  monthlyBudget: money("monthly_budget")
    .notNull()
    .default(sql`0`),
  /** Per customer per calendar month (WIB). */
  perRecipientCap: money("per_recipient_cap")
    .notNull()
    .default(sql`0`),
  perPayoutCeiling: money("per_payout_ceiling")
    .notNull()
    .default(sql`0`),
  /** A single payout at or above it needs a second person's approval. */
  approvalThreshold: money("approval_threshold")
    .notNull()
    .default(sql`0`),
  walletBalance: money("wallet_balance"),
  walletRefreshedAt: tstz("wallet_refreshed_at"),
  updatedBy: uuid("updated_by").references(() => staff.id),
  updatedAt: updatedAt(),
});

export const COIN_BATCH_STATUSES = [
  "pending_approval",
  "approved",
  "rejected",
  "expired",
  "paying",
  "paused",
  "completed",
  "cancelled",
] as const;
export type CoinBatchStatus = (typeof COIN_BATCH_STATUSES)[number];

/** A CSV of payouts submitted together; approved as a whole by a second person, paid row by row by a job. */
export const coinBatches = pgTable(
  "coin_batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    filename: text("filename").notNull(),
    status: text("status", { enum: COIN_BATCH_STATUSES }).notNull().default("pending_approval"),
    rowCount: integer("row_count").notNull(),
    totalAmount: money("total_amount").notNull(),
    submittedBy: uuid("submitted_by")
      .notNull()
      .references(() => staff.id),
    submittedAt: tstz("submitted_at").notNull().defaultNow(),
    approvalId: uuid("approval_id").references(() => approvals.id),
    decidedBy: uuid("decided_by").references(() => staff.id),
    decidedAt: tstz("decided_at"),
    decisionReason: text("decision_reason"),
    pauseReason: text("pause_reason"),
    /** Set when paused for insufficient wallet balance: what must be topped up to finish. */
    neededAmount: money("needed_amount"),
    startedAt: tstz("started_at"),
    finishedAt: tstz("finished_at"),
    updatedAt: updatedAt(),
  },
  (t) => [index("coin_batches_status_idx").on(t.status, t.submittedAt, t.id)],
);

export const COIN_PAYOUT_STATUSES = [
  "awaiting_approval",
  "queued",
  "paying",
  "paid",
  "failed",
  "unknown",
  "rejected",
  "cancelled",
] as const;
export type CoinPayoutStatus = (typeof COIN_PAYOUT_STATUSES)[number];

/**
 * One coin payout to one customer (single, or a batch's line). request_id is created with the row and
 * never changes: it is the GoPay Request-Id, so a retry after an unknown outcome replays, never pays twice.
 */
export const coinPayouts = pgTable(
  "coin_payouts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    batchId: uuid("batch_id").references(() => coinBatches.id),
    line: integer("line"),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    amount: money("amount").notNull(),
    description: text("description").notNull(),
    reasonCode: text("reason_code"),
    requestId: text("request_id").notNull(),
    status: text("status", { enum: COIN_PAYOUT_STATUSES }).notNull(),
    gopayPaymentId: text("gopay_payment_id"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    attempts: integer("attempts").notNull().default(0),
    requestedBy: uuid("requested_by").references(() => staff.id),
    approvalId: uuid("approval_id").references(() => approvals.id),
    createdAt: createdAt(),
    paidAt: tstz("paid_at"),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("coin_payouts_request_id_uq").on(t.requestId),
    unique("coin_payouts_batch_line_uq").on(t.batchId, t.line),
    index("coin_payouts_status_idx").on(t.status, t.createdAt, t.id),
    index("coin_payouts_customer_idx").on(t.customerId, t.createdAt),
    index("coin_payouts_batch_idx").on(t.batchId, t.status, t.line),
    index("coin_payouts_created_idx").on(t.createdAt, t.id),
    check("coin_payouts_amount_whole_positive", sql`${t.amount} > 0 and ${t.amount} % 100 = 0`),
  ],
);

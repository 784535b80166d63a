import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money, tstz, updatedAt } from "./_columns";
import { CUSTOMER_MATCH_BY, customers } from "./customers";
import { payAccounts } from "./accounts";
import { staff } from "./staff";

export const ORDER_STATUSES = [
  "pending",
  "authorised",
  "paid",
  "partially_refunded",
  "refunded",
  "cancelled",
  "expired",
  "failed",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const CHANNELS = ["deeplink", "tokenized", "preauth"] as const;
export type Channel = (typeof CHANNELS)[number];
export const PAYMENT_OPTIONS = ["GOPAY_WALLET", "PAY_LATER", "GOPAY_SAVINGS"] as const;
export type PaymentOption = (typeof PAYMENT_OPTIONS)[number];

export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: text("order_id").notNull(), // partnerReferenceNo (SNAP) / order_id (Core)
    gopayReference: text("gopay_reference"), // referenceNo (SNAP) / transaction_id (Core)
    channel: text("channel", { enum: CHANNELS }).notNull(),
    paymentOption: text("payment_option", { enum: PAYMENT_OPTIONS }),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("pending"),
    /** Monotonic rank of the last applied GoPay state: a late notification never lowers it. */
    statusRank: integer("status_rank").notNull().default(0),
    gopayStatus: text("gopay_status"), // raw latestTransactionStatus / transaction_status last applied
    currency: text("currency").notNull().default("IDR"),
    amount: money("amount").notNull(),
    paidAmount: money("paid_amount").notNull().default(sql`0`),
    refundedAmount: money("refunded_amount").notNull().default(sql`0`),
    customerId: uuid("customer_id").references(() => customers.id),
    /** How customer_id was found (app/services/customers/match.server.ts); null while unlinked. */
    customerMatchedBy: text("customer_matched_by", { enum: CUSTOMER_MATCH_BY }),
    customerName: text("customer_name"),
    customerPhone: text("customer_phone"), // normalised 62812…
    customerEmail: text("customer_email"),
    payAccountId: uuid("pay_account_id").references(() => payAccounts.id),
    popId: text("pop_id"),
    externalId: text("external_id"), // X-EXTERNAL-ID / Idempotency-Key of the creation call
    webRedirectUrl: text("web_redirect_url"),
    deeplink: text("deeplink"),
    description: text("description"),
    metadata: jsonb("metadata"),
    createdAt: createdAt(),
    paidAt: tstz("paid_at"),
    expiresAt: tstz("expires_at"),
    closedAt: tstz("closed_at"), // cancelled/expired/failed at
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("orders_order_id_uq").on(t.orderId),
    index("orders_gopay_ref_idx").on(t.gopayReference),
    // The four list orders (date / amount, with or without a status filter) each have an index
    // whose leading keys serve the page (keyset) and whose trailing keys carry every other filter
    // column plus the two summed amounts, so the capped totals are an index-only scan instead of
    // 10,001 random heap reads (tests/bench/results/orders-1m-plans.md). The page reads only the
    // leading keys. Trailing key columns rather than INCLUDE: drizzle-kit cannot express INCLUDE.
    index("orders_created_idx").on(t.createdAt, t.id, t.status, t.channel, t.paymentOption, t.amount, t.refundedAmount),
    index("orders_status_created_idx").on(t.status, t.createdAt, t.id, t.channel, t.paymentOption, t.amount, t.refundedAmount),
    // A customer's orders by phone or email, newest first, covering like the four above: a customer
    // with thousands of orders gets a page by walking the index and totals without the heap.
    index("orders_phone_idx").on(t.customerPhone, t.createdAt, t.id, t.status, t.channel, t.paymentOption, t.amount, t.refundedAmount),
    index("orders_amount_idx").on(t.amount, t.id, t.createdAt, t.status, t.channel, t.paymentOption, t.refundedAmount),
    // A customer's orders, newest first (the case view).
    index("orders_customer_idx").on(t.customerId, t.createdAt, t.id),
    index("orders_pay_account_idx").on(t.payAccountId),
    // /orders search: partial order-id match (pg_trgm, created in migration 0002), email match is
    // case-insensitive, and keyset pages by amount inside a status filter.
    // The trigram index is on lower(order_id), not on the column: gin_trgm_ops also answers `=`, and
    // Postgres 15 costs it below the unique btree for `order_id in (…)` and for a nested loop on
    // order_id, then reads every posting list of trigrams that all ids share (migration 0022).
    index("orders_order_id_lower_trgm_idx").using("gin", sql`lower(${t.orderId}) gin_trgm_ops`),
    index("orders_email_lower_idx").on(
      sql`lower(${t.customerEmail})`,
      t.createdAt,
      t.id,
      t.status,
      t.channel,
      t.paymentOption,
      t.amount,
      t.refundedAmount,
      // The plain column too: without it Postgres cannot answer `lower(email) = …` index-only.
      t.customerEmail,
    ),
    index("orders_status_amount_idx").on(t.status, t.amount, t.id, t.createdAt, t.channel, t.paymentOption, t.refundedAmount),
    // Overview: money received per WIB hour/day sums paid_amount by paid_at; index-only on 1M rows.
    index("orders_paid_at_idx").on(t.paidAt, t.paidAmount),
  ],
);

/**
 * Every call to GoPay that changes something has a row here first, keyed by its idempotency key
 * (X-EXTERNAL-ID, partnerRefundNo, refund_key, Idempotency-Key, Request-Id). pending → succeeded |
 * failed | unknown; unknown is settled by a status query, never by a new key.
 */
export const OPERATION_STATUSES = ["pending", "succeeded", "failed", "unknown"] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
export const operations = pgTable(
  "operations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(), // payment.create, charge, refund, cancel, capture, release, pay_account.create, pay_account.unbind, cashback, reminder.create, push …
    idempotencyKey: text("idempotency_key").notNull(),
    orderId: uuid("order_id").references(() => orders.id),
    targetType: text("target_type"),
    targetId: text("target_id"),
    amount: money("amount"),
    status: text("status", { enum: OPERATION_STATUSES }).notNull().default("pending"),
    request: jsonb("request"),
    response: jsonb("response"),
    responseCode: text("response_code"),
    errorMessage: text("error_message"),
    attempts: integer("attempts").notNull().default(0),
    actorId: uuid("actor_id").references(() => staff.id),
    actorLabel: text("actor_label"), // "api:<key>", "job:…", staff email
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    settledAt: tstz("settled_at"),
  },
  (t) => [
    uniqueIndex("operations_key_uq").on(t.kind, t.idempotencyKey),
    index("operations_order_idx").on(t.orderId, t.createdAt),
    index("operations_status_idx").on(t.status, t.updatedAt),
  ],
);

/**
 * needs_attention: the outcome stayed unknown past REFUND_ATTENTION_AFTER_HOURS (GoPay never gave a
 * definite answer for the key); it still holds money and waits for a person, never for "failed".
 */
export const REFUND_STATUSES = [
  "awaiting_approval",
  "pending",
  "unknown",
  "needs_attention",
  "succeeded",
  "failed",
  "rejected",
  "expired",
] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];
/** Invariant: sum(amount where status in pending, unknown, needs_attention, succeeded) ≤ order.paid_amount, checked under the order's row lock. */
export const refunds = pgTable(
  "refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    partnerRefundNo: text("partner_refund_no").notNull(), // = the intent's idempotency key
    operationId: uuid("operation_id").references(() => operations.id),
    amount: money("amount").notNull(),
    reasonCode: text("reason_code").notNull(),
    reasonText: text("reason_text"),
    status: text("status", { enum: REFUND_STATUSES }).notNull(),
    refundNo: text("refund_no"), // GoPay's refund id
    requestedBy: uuid("requested_by").references(() => staff.id),
    failureMessage: text("failure_message"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    settledAt: tstz("settled_at"),
  },
  (t) => [
    uniqueIndex("refunds_partner_refund_no_uq").on(t.partnerRefundNo),
    index("refunds_order_idx").on(t.orderId),
    // Overview: refunds requested today.
    index("refunds_created_idx").on(t.createdAt),
  ],
);

export const HOLD_STATUSES = ["authorised", "captured", "released", "expired"] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];
/** A pre-auth (authorize) charge: money reserved, captured in full or released, at most once. */
export const holds = pgTable(
  "holds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    amount: money("amount").notNull(),
    status: text("status", { enum: HOLD_STATUSES }).notNull().default("authorised"),
    authorisedAt: tstz("authorised_at").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    capturedAt: tstz("captured_at"),
    releasedAt: tstz("released_at"),
    expiredAt: tstz("expired_at"),
    releaseReason: text("release_reason"),
    settledBy: uuid("settled_by").references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("holds_order_uq").on(t.orderId),
    index("holds_status_expires_idx").on(t.status, t.expiresAt),
    index("holds_authorised_idx").on(t.authorisedAt, t.id),
  ],
);

/** The order's story: one row per thing that happened, merged into the timeline newest first. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    at: tstz("at").notNull().defaultNow(),
    kind: text("kind").notNull(), // created, notification, refund.*, cancel.*, capture.*, release.*, hold.expired, sync, status.changed
    title: text("title").notNull(),
    actorId: uuid("actor_id").references(() => staff.id),
    actorLabel: text("actor_label"),
    operationId: uuid("operation_id").references(() => operations.id),
    notificationId: bigint("notification_id", { mode: "bigint" }),
    detail: jsonb("detail"),
  },
  (t) => [index("order_events_order_at_idx").on(t.orderId, t.at)],
);

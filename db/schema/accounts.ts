import { bigint, bigserial, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz, updatedAt } from "./_columns";
import { CUSTOMER_MATCH_BY, customers } from "./customers";
import { staff } from "./staff";

export const PAY_ACCOUNT_STATUSES = ["PENDING", "ENABLED", "EXPIRED", "DISABLED"] as const;
export type PayAccountStatus = (typeof PAY_ACCOUNT_STATUSES)[number];

/** A customer's GoPay account linked for tokenized payments (Core API pay account). */
export const payAccounts = pgTable(
  "pay_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: text("account_id").notNull(), // GoPay's account_id
    customerId: uuid("customer_id").references(() => customers.id),
    /** How customer_id was found (app/services/customers/match.server.ts); null while unlinked. */
    customerMatchedBy: text("customer_matched_by", { enum: CUSTOMER_MATCH_BY }),
    phone: text("phone"), // normalised 62812…
    status: text("status", { enum: PAY_ACCOUNT_STATUSES }).notNull().default("PENDING"),
    activationUrl: text("activation_url"),
    activationAppUrl: text("activation_app_url"),
    /** Payment options as last fetched, tokens stripped (never stored in the clear, never shown). */
    paymentOptions: jsonb("payment_options"),
    refreshedAt: tstz("refreshed_at"),
    disabledReason: text("disabled_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("pay_accounts_account_id_uq").on(t.accountId),
    index("pay_accounts_customer_idx").on(t.customerId),
    // Matching and searching a customer by an account's phone.
    index("pay_accounts_phone_idx").on(t.phone),
    index("pay_accounts_status_idx").on(t.status, t.createdAt),
  ],
);

export const UNBIND_SOURCES = ["staff", "merchant_api", "customer_app", "phone_change", "gopay"] as const;
export type UnbindSource = (typeof UNBIND_SOURCES)[number];

/** Status history of a pay account; kind = 'unbind' rows are the unbind events. */
export const payAccountEvents = pgTable(
  "pay_account_events",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    payAccountId: uuid("pay_account_id")
      .notNull()
      .references(() => payAccounts.id),
    at: tstz("at").notNull().defaultNow(),
    kind: text("kind").notNull(), // created, linked, unbind, expired, refreshed, status.changed
    source: text("source"), // UNBIND_SOURCES for unbinds
    statusBefore: text("status_before"),
    statusAfter: text("status_after"),
    reason: text("reason"),
    actorId: uuid("actor_id").references(() => staff.id),
    actorLabel: text("actor_label"),
    notificationId: bigint("notification_id", { mode: "bigint" }),
    detail: jsonb("detail"),
  },
  (t) => [index("pay_account_events_account_idx").on(t.payAccountId, t.at), index("pay_account_events_kind_at_idx").on(t.kind, t.at)],
);

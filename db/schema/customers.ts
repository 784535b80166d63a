import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz, updatedAt } from "./_columns";

/** Indonesia's three time zones (no daylight saving): WIB +7, WITA +8, WIT +9. */
export const ZONES = ["WIB", "WITA", "WIT"] as const;
export type Zone = (typeof ZONES)[number];

/**
 * A merchant's customer: the one person orders, linked pay accounts, mini-app sessions (and later
 * reminders, pushes and coins) point to. A mini-app user has a merchant_user_id; a customer known
 * only from an order's or an account's phone/email (a "guest") has none until a mini-app session or
 * a payment with that merchant user id claims it (app/services/customers/match.server.ts).
 * Phone is stored normalised as 62812…; the mini-app token encrypted.
 */
export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    merchantUserId: text("merchant_user_id"),
    name: text("name"),
    /** The name folded for search (lower case, accents removed), written in code with the name: PGlite and Postgres agree on it without `unaccent`. */
    searchName: text("search_name"),
    phone: text("phone"),
    email: text("email"),
    gopayAccountId: text("gopay_account_id"), // mini-app gopay_account_id
    authTokenEnc: text("auth_token_enc"), // AES-GCM, never sent to the browser
    profile: jsonb("profile"),
    profileFetchedAt: tstz("profile_fetched_at"),
    /**
     * The customer's time zone, set by staff (an Indonesian mobile number does not tell it): campaigns
     * send "at 09:00 in each recipient's zone" and keep quiet hours by it. Null: not known, WIB is used.
     */
    zone: text("zone", { enum: ZONES }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("customers_merchant_user_uq").on(t.merchantUserId),
    index("customers_phone_idx").on(t.phone),
    index("customers_email_lower_idx").on(sql`lower(${t.email})`),
    index("customers_gopay_account_idx").on(t.gopayAccountId),
    // /customers lists newest first and pages by (created_at, id) keyset.
    index("customers_created_idx").on(t.createdAt, t.id),
    // Name fragments (pg_trgm from migration 0002): `search_name LIKE '%wij%'`.
    index("customers_search_name_trgm_idx").using("gin", sql`${t.searchName} gin_trgm_ops`),
    check("customers_zone_known", sql`${t.zone} in ('WIB', 'WITA', 'WIT')`),
  ],
);

export const CUSTOMER_MATCH_BY = ["merchant_user_id", "account", "phone", "email", "created"] as const;
export type CustomerMatchBy = (typeof CUSTOMER_MATCH_BY)[number];

export const MATCH_CONFLICT_REASONS = ["phone_ambiguous", "email_ambiguous"] as const;
export type MatchConflictReason = (typeof MATCH_CONFLICT_REASONS)[number];
export const MATCH_SUBJECTS = ["order", "pay_account"] as const;
export type MatchSubject = (typeof MATCH_SUBJECTS)[number];

/**
 * An order or pay account Loket could not link to one customer: its phone (or email) belongs to
 * several customers with different merchant user ids. Shown to staff on each candidate's page, never
 * guessed; the row goes away when the subject is linked (a re-run of the backfill re-checks it).
 */
export const customerMatchConflicts = pgTable(
  "customer_match_conflicts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subjectType: text("subject_type", { enum: MATCH_SUBJECTS }).notNull(),
    subjectId: uuid("subject_id").notNull(),
    reason: text("reason", { enum: MATCH_CONFLICT_REASONS }).notNull(),
    value: text("value").notNull(),
    candidateIds: jsonb("candidate_ids").$type<string[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("customer_match_conflicts_subject_uq").on(t.subjectType, t.subjectId),
    index("customer_match_conflicts_candidates_idx").using("gin", t.candidateIds),
  ],
);

/**
 * Merchant API Idempotency-Key records: (api key, Idempotency-Key) → the request's body hash and the
 * response sent, so a retry replays it and a different body under the same key is refused.
 * state: pending (being processed) | done (response stored) | retry (outcome unknown at GoPay: the
 * same request may run again and settles through the same operation row).
 */
export const apiIdempotency = pgTable(
  "api_idempotency",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    apiKeyId: uuid("api_key_id").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    endpoint: text("endpoint").notNull(),
    bodyHash: text("body_hash").notNull(),
    state: text("state", { enum: ["pending", "done", "retry"] }).notNull().default("pending"),
    httpStatus: integer("http_status"),
    response: jsonb("response"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("api_idempotency_key_uq").on(t.apiKeyId, t.idempotencyKey)],
);

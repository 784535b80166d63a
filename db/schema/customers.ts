import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz, updatedAt } from "./_columns";

/** A merchant's customer (mini-app user). Phone is stored normalised as 62812…; the mini-app token encrypted. */
export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    merchantUserId: text("merchant_user_id").notNull(),
    name: text("name"),
    phone: text("phone"),
    email: text("email"),
    gopayAccountId: text("gopay_account_id"), // mini-app gopay_account_id
    authTokenEnc: text("auth_token_enc"), // AES-GCM, never sent to the browser
    profile: jsonb("profile"),
    profileFetchedAt: tstz("profile_fetched_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("customers_merchant_user_uq").on(t.merchantUserId),
    index("customers_phone_idx").on(t.phone),
    index("customers_email_idx").on(t.email),
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

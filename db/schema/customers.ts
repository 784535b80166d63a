import { index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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

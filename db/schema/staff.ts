import { bigserial, boolean, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money, tstz, updatedAt } from "./_columns";

export const ROLES = ["admin", "support", "finance", "campaigns", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** The languages Loket speaks. A staff member's `language` null = follow the browser (Accept-Language), then Bahasa Indonesia. */
export const LANGUAGES = ["id", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export const staff = pgTable(
  "staff",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(), // stored lower-case
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    passwordHash: text("password_hash").notNull(),
    active: boolean("active").notNull().default(true),
    language: text("language", { enum: LANGUAGES }),
    passwordChangedAt: tstz("password_changed_at").notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("staff_email_uq").on(t.email)],
);

/** Per-role limits, editable by an admin. refundLimit null = no limit. */
export const roleLimits = pgTable("role_limits", {
  role: text("role", { enum: ROLES }).primaryKey(),
  refundLimit: money("refund_limit"),
  updatedAt: updatedAt(),
  updatedBy: uuid("updated_by").references(() => staff.id),
});

/** DB-backed sessions: the cookie carries only the id; revoking = setting revoked_at. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(), // sha256 of the random token in the cookie
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
    lastSeenAt: tstz("last_seen_at").notNull().defaultNow(),
    revokedAt: tstz("revoked_at"),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_staff_idx").on(t.staffId)],
);

/** Sign-in attempts, for throttling per account and per IP. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    success: boolean("success").notNull(),
    at: tstz("at").notNull().defaultNow(),
  },
  (t) => [
    index("login_attempts_email_at_idx").on(t.email, t.at),
    index("login_attempts_ip_at_idx").on(t.ip, t.at),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(), // first chars, shown in the list
    keyHash: text("key_hash").notNull(), // sha256 of the whole key
    createdBy: uuid("created_by").references(() => staff.id),
    createdAt: createdAt(),
    lastUsedAt: tstz("last_used_at"),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_uq").on(t.keyHash)],
);


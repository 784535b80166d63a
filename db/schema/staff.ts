import { bigint, bigserial, boolean, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
    /** TOTP second factor: the secret, AES-GCM sealed (app/lib/crypto.server.ts); null = not enrolled. */
    totpSecret: text("totp_secret"),
    /** A secret being enrolled (shown as a QR code), sealed; becomes totpSecret once a code from it is typed. */
    totpPendingSecret: text("totp_pending_secret"),
    totpEnrolledAt: tstz("totp_enrolled_at"),
    /** The last accepted TOTP time step: a code is usable once (a step ≤ this one is a replay). */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
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
    /** When the password and a current code were last typed again in this session (re-authentication). */
    reauthenticatedAt: tstz("reauthenticated_at"),
  },
  (t) => [index("sessions_staff_idx").on(t.staffId)],
);

/** Single-use recovery codes for the second factor: sha256 only; used_at set once. */
export const staffRecoveryCodes = pgTable(
  "staff_recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    codeHash: text("code_hash").notNull(),
    usedAt: tstz("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("staff_recovery_codes_uq").on(t.staffId, t.codeHash)],
);

export const PENDING_SIGN_IN_KINDS = ["second_factor", "enrol"] as const;
export type PendingSignInKind = (typeof PENDING_SIGN_IN_KINDS)[number];

/**
 * Half a sign-in: the password was right, the second factor is still owed. Not a session: it can
 * only finish the sign-in (kind second_factor) or enrol a second factor (kind enrol). The cookie
 * holds a random token whose sha256 is the id; a few minutes to live; used once.
 */
export const pendingSignIns = pgTable(
  "pending_sign_ins",
  {
    id: text("id").primaryKey(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    kind: text("kind", { enum: PENDING_SIGN_IN_KINDS }).notNull(),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
    usedAt: tstz("used_at"),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("pending_sign_ins_staff_idx").on(t.staffId)],
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


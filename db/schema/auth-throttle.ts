import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { tstz } from "./_columns";

/**
 * One counter row per throttle key (`pair:<email>|<ip>`, `ip:<ip>`, `account:<email>`,
 * `second_factor:<staff id>`). Attempts are reserved on this row under a row lock before a
 * password or code is checked, so N parallel guesses cost N attempts (docs/decisions/0004).
 */
export const authThrottle = pgTable("auth_throttle", {
  key: text("key").primaryKey(),
  /** Attempts reserved in the current window (a success refunds or resets them). */
  attempts: integer("attempts").notNull().default(0),
  windowStartedAt: tstz("window_started_at").notNull(),
  lastAttemptAt: tstz("last_attempt_at").notNull(),
});

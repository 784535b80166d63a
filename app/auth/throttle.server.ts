import { and, count, desc, eq, gte, min, type SQL } from "drizzle-orm";
import { loginAttempts } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";

/** 5 failed sign-ins per account, and separately per IP, within 15 minutes → refuse until the oldest ages out. */
export const THROTTLE_MAX_FAILURES = 5;
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number; minutes: number };

/**
 * Pure window math: given the failure count and the oldest failure inside the window,
 * when may the next attempt be made? The block lifts when the oldest failure leaves the window.
 */
export function decide(failures: number, oldestFailureAt: Date | null, now: Date): ThrottleDecision {
  if (failures < THROTTLE_MAX_FAILURES || !oldestFailureAt) return { allowed: true };
  const retryAfterMs = Math.max(0, oldestFailureAt.getTime() + THROTTLE_WINDOW_MS - now.getTime());
  if (retryAfterMs === 0) return { allowed: true };
  return { allowed: false, retryAfterMs, minutes: Math.max(1, Math.ceil(retryAfterMs / 60_000)) };
}

export function throttleMessage(minutes: number): string {
  return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

async function windowStats(db: DbOrTx, where: SQL, since: Date) {
  const [row] = await db
    .select({ n: count(), oldest: min(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(where, eq(loginAttempts.success, false), gte(loginAttempts.at, since)));
  const oldest = row?.oldest ? new Date(row.oldest as unknown as string | Date) : null;
  return { failures: Number(row?.n ?? 0), oldest };
}

/**
 * Checks both the account and the IP; the stricter (later) block wins. A failure counts only
 * within the window, so the N in the message is computed from the oldest failure in it.
 * Only the last THROTTLE_MAX_FAILURES failures matter: with more, the block lasts until enough
 * of them age out that fewer than 5 remain.
 */
export async function checkThrottle(db: DbOrTx, email: string, ip: string, now = new Date()): Promise<ThrottleDecision> {
  const windowStart = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const account = eq(loginAttempts.email, email.toLowerCase());
  // A successful sign-in clears the account's count (the owner got in); it does not clear the
  // IP's, or an attacker could reset the IP counter by signing in to an account of their own.
  const [lastSuccess] = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(account, eq(loginAttempts.success, true), gte(loginAttempts.at, windowStart)))
    .orderBy(desc(loginAttempts.at))
    .limit(1);
  const checks: Array<{ where: SQL; since: Date }> = [
    { where: account, since: lastSuccess && lastSuccess.at > windowStart ? lastSuccess.at : windowStart },
    { where: eq(loginAttempts.ip, ip), since: windowStart },
  ];
  const decisions: ThrottleDecision[] = [];
  for (const { where, since } of checks) {
    const { failures, oldest } = await windowStats(db, where, since);
    if (failures < THROTTLE_MAX_FAILURES) {
      decisions.push({ allowed: true });
      continue;
    }
    // The block lifts when failures in the window drop below the max: when the
    // (failures - max + 1)-th oldest failure leaves it.
    const [pivot] = await db
      .select({ at: loginAttempts.at })
      .from(loginAttempts)
      .where(and(where, eq(loginAttempts.success, false), gte(loginAttempts.at, since)))
      .orderBy(loginAttempts.at)
      .offset(failures - THROTTLE_MAX_FAILURES)
      .limit(1);
    decisions.push(decide(THROTTLE_MAX_FAILURES, pivot?.at ?? oldest, now));
  }
  let worst: ThrottleDecision = { allowed: true };
  for (const d of decisions) {
    if (!d.allowed && (worst.allowed || d.retryAfterMs > worst.retryAfterMs)) worst = d;
  }
  return worst;
}

export async function recordAttempt(db: DbOrTx, email: string, ip: string, success: boolean, at = new Date()): Promise<void> {
  await db.insert(loginAttempts).values({ email: email.toLowerCase(), ip, success, at });
}

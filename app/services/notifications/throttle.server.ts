import { and, count, eq, gte, min } from "drizzle-orm";
import { loginAttempts } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";

/**
 * Failed webhook deliveries per sender address: a bad signature, a stale timestamp, a malformed or
 * oversized body, a pay-account notification naming an account GoPay does not know. Past the limit
 * a failing request is answered 429 and nothing of it is stored; a request that verifies is never
 * throttled, so forged traffic from a shared address cannot block GoPay's real notifications.
 *
 * Counted in the database so every app process sees the same count (the sign-in throttle's table,
 * login_attempts, under a `webhook` key: `ip` is prefixed, so sign-in's per-IP count never sees
 * these rows). A per-process map of blocked addresses is only a first line that saves the query.
 */
export const WEBHOOK_FAILURE_MAX = 20;
export const WEBHOOK_FAILURE_WINDOW_MS = 10 * 60 * 1000;
const KEY = "webhook:notifications";
const ipKey = (ip: string) => `webhook:${ip.slice(0, 100)}`;

const blockedUntil = new Map<string, number>();

export type FailureGate = { admit: true } | { admit: false; retryAfterMs: number };

/** Test hook: forget this process's first line (the database count stays). */
export function resetWebhookThrottleMemory(): void {
  blockedUntil.clear();
}

/**
 * Called for a failing request before anything of it is stored: admits it (and counts it) while the
 * address is under the limit, refuses it otherwise.
 */
export async function admitWebhookFailure(db: DbOrTx, ip: string, now = new Date()): Promise<FailureGate> {
  const until = blockedUntil.get(ip);
  if (until !== undefined) {
    if (until > now.getTime()) return { admit: false, retryAfterMs: until - now.getTime() };
    blockedUntil.delete(ip);
  }
  const since = new Date(now.getTime() - WEBHOOK_FAILURE_WINDOW_MS);
  const [row] = await db
    .select({ n: count(), oldest: min(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, ipKey(ip)), eq(loginAttempts.success, false), gte(loginAttempts.at, since)));
  const failures = Number(row?.n ?? 0);
  if (failures >= WEBHOOK_FAILURE_MAX) {
    const oldest = row?.oldest ? new Date(row.oldest as unknown as string | Date).getTime() : now.getTime();
    const retryAfterMs = Math.max(1_000, oldest + WEBHOOK_FAILURE_WINDOW_MS - now.getTime());
    if (blockedUntil.size > 10_000) blockedUntil.clear(); // bounded: many addresses → fall back to the DB
    blockedUntil.set(ip, now.getTime() + retryAfterMs);
    return { admit: false, retryAfterMs };
  }
  await recordWebhookFailure(db, ip, now);
  return { admit: true };
}

/** Counts one failure against the address (also for failures found after the answer was sent). */
export async function recordWebhookFailure(db: DbOrTx, ip: string, at = new Date()): Promise<void> {
  await db.insert(loginAttempts).values({ email: KEY, ip: ipKey(ip), success: false, at });
}

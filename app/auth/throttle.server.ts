import { inArray, sql } from "drizzle-orm";
import { authThrottle } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import type { Words } from "~/lib/words";

/**
 * Sign-in and second-factor throttling (docs/decisions/0004-sign-in-throttle.md).
 *
 * An attempt is *reserved* before the password (or code) is checked: one counter row per key,
 * locked with SELECT … FOR UPDATE inside a transaction, so N parallel guesses cost N attempts and
 * the (N+1)-th is refused before its password is looked at. A reserved attempt counts as a failure
 * until `recordSuccess` resets or refunds it, so there is no separate "record failure" step.
 *
 * Keys and what they protect:
 * - `pair`  (account × address): 5 attempts per 15-minute window, then refused until the window
 *   ends. Stops one address from guessing one account.
 * - `ip`    (address, any account): 30 per 15 minutes, then refused until the window ends. Stops
 *   password spraying from one address; a success refunds its own reservation, so an office
 *   behind one NAT signing in all morning does not trip it.
 * - `account` (from every address): never a lock — a progressive delay. The first 5 attempts are
 *   free; after that each attempt must wait 2 s, 4 s, 8 s … (capped at 60 s) since the previous
 *   one. The count is forgotten 15 minutes after the last attempt. Distributed guessing is slowed
 *   to about one guess a minute per account, and the owner waits at most a minute.
 * - `second_factor` (a staff member's TOTP / recovery codes): 5 per 15 minutes, then refused.
 *
 * Unknown emails go through exactly the same keys and answers, so the throttle tells nothing
 * about which accounts exist.
 */
export type ThrottleKind = "pair" | "ip" | "account" | "second_factor";

export interface ThrottlePolicy {
  /** block: refuse after `limit` attempts until the window ends; progressive: delay after `limit`. */
  mode: "block" | "progressive";
  limit: number;
  windowMs: number;
  /** What a success does to the counter: forget it, or give back only the attempt it reserved. */
  onSuccess: "reset" | "refund";
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const MIN = 60_000;
export const THROTTLE_POLICIES: Record<ThrottleKind, ThrottlePolicy> = {
  pair: { mode: "block", limit: 5, windowMs: 15 * MIN, onSuccess: "reset" },
  ip: { mode: "block", limit: 30, windowMs: 15 * MIN, onSuccess: "refund" },
  account: { mode: "progressive", limit: 5, windowMs: 15 * MIN, onSuccess: "reset", baseDelayMs: 2_000, maxDelayMs: 60_000 },
  second_factor: { mode: "block", limit: 5, windowMs: 15 * MIN, onSuccess: "reset" },
};

export interface ThrottleKey {
  kind: ThrottleKind;
  id: string;
}

export const keyString = (k: ThrottleKey) => `${k.kind}:${k.id}`;

/** The keys one sign-in attempt reserves: the (email, address) pair, the address, the account. */
export function signInKeys(email: string, ip: string): ThrottleKey[] {
  const e = email.trim().toLowerCase();
  return [
    { kind: "pair", id: `${e}|${ip}` },
    { kind: "ip", id: ip },
    { kind: "account", id: e },
  ];
}

export const secondFactorKey = (staffId: string): ThrottleKey => ({ kind: "second_factor", id: staffId });

export interface CounterState {
  attempts: number;
  windowStartedAt: Date;
  lastAttemptAt: Date;
}

export type Reservation = { allowed: true; next: CounterState } | { allowed: false; retryAfterMs: number };
export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** The delay a progressive key imposes before the next attempt, given the attempts already made. */
export function progressiveDelayMs(policy: ThrottlePolicy, attempts: number): number {
  if (attempts < policy.limit) return 0;
  const base = policy.baseDelayMs ?? 1_000;
  const max = policy.maxDelayMs ?? 60_000;
  // 2^n grows past max long before it overflows; clamp the exponent anyway.
  return Math.min(max, base * 2 ** Math.min(30, attempts - policy.limit));
}

/** Pure arithmetic: may one more attempt be made now, and what does the counter become? */
export function decideReservation(policy: ThrottlePolicy, state: CounterState | null, now: Date): Reservation {
  const t = now.getTime();
  const fresh: Reservation = { allowed: true, next: { attempts: 1, windowStartedAt: now, lastAttemptAt: now } };
  if (!state || state.attempts <= 0) return fresh;
  if (policy.mode === "block") {
    const endsAt = state.windowStartedAt.getTime() + policy.windowMs;
    if (t >= endsAt) return fresh;
    if (state.attempts >= policy.limit) return { allowed: false, retryAfterMs: endsAt - t };
    return { allowed: true, next: { ...state, attempts: state.attempts + 1, lastAttemptAt: now } };
  }
  // progressive: forgotten a window after the last attempt, so a quiet account starts clean.
  if (t - state.lastAttemptAt.getTime() >= policy.windowMs) return fresh;
  const nextAllowedAt = state.lastAttemptAt.getTime() + progressiveDelayMs(policy, state.attempts);
  if (t < nextAllowedAt) return { allowed: false, retryAfterMs: nextAllowedAt - t };
  return { allowed: true, next: { ...state, attempts: state.attempts + 1, lastAttemptAt: now } };
}

/** What a success leaves of a counter (null = delete it). */
export function afterSuccess(policy: ThrottlePolicy, state: CounterState): CounterState | null {
  if (policy.onSuccess === "reset") return null;
  return { ...state, attempts: Math.max(0, state.attempts - 1) };
}

/**
 * Reserves one attempt on every key, all or nothing: if any key refuses, nothing is counted (a
 * refused guesser does not extend their own block) and the longest wait is returned. Rows are
 * locked in key order, so concurrent reservations on overlapping keys cannot deadlock.
 */
export async function reserveAttempt(db: DbOrTx, keys: ThrottleKey | ThrottleKey[], now = new Date()): Promise<ThrottleDecision> {
  const list = [...new Map((Array.isArray(keys) ? keys : [keys]).map((k) => [keyString(k), k])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (list.length === 0) return { allowed: true };
  return db.transaction(async (tx) => {
    await tx
      .insert(authThrottle)
      .values(list.map(([key]) => ({ key, attempts: 0, windowStartedAt: now, lastAttemptAt: now })))
      .onConflictDoNothing();
    const rows = await tx
      .select()
      .from(authThrottle)
      .where(inArray(authThrottle.key, list.map(([key]) => key)))
      .orderBy(authThrottle.key)
      .for("update");
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const updates: Array<{ key: string; next: CounterState }> = [];
    let wait = 0;
    for (const [key, k] of list) {
      const row = byKey.get(key);
      const r = decideReservation(THROTTLE_POLICIES[k.kind], row ?? null, now);
      if (!r.allowed) wait = Math.max(wait, r.retryAfterMs);
      else updates.push({ key, next: r.next });
    }
    if (wait > 0) return { allowed: false, retryAfterMs: wait } as const;
    for (const { key, next } of updates) {
      await tx
        .update(authThrottle)
        .set({ attempts: next.attempts, windowStartedAt: next.windowStartedAt, lastAttemptAt: next.lastAttemptAt })
        .where(sql`${authThrottle.key} = ${key}`);
    }
    return { allowed: true } as const;
  });
}

/** The attempt succeeded: reset (pair, account, second factor) or refund (address) its reservation. */
export async function recordSuccess(db: DbOrTx, keys: ThrottleKey | ThrottleKey[]): Promise<void> {
  for (const k of Array.isArray(keys) ? keys : [keys]) {
    const key = keyString(k);
    if (THROTTLE_POLICIES[k.kind].onSuccess === "reset") {
      await db.delete(authThrottle).where(sql`${authThrottle.key} = ${key}`);
    } else {
      await db
        .update(authThrottle)
        .set({ attempts: sql`greatest(${authThrottle.attempts} - 1, 0)` })
        .where(sql`${authThrottle.key} = ${key}`);
    }
  }
}

/**
 * For callers that think in "record a failure": a reserved attempt already counts as one until
 * `recordSuccess`, so this does nothing. Kept so a caller can say what happened explicitly.
 */
export async function recordFailure(_db: DbOrTx, _keys: ThrottleKey | ThrottleKey[]): Promise<void> {}

/** The wait said in whole seconds (under a minute) or whole minutes, rounded up. */
export function throttleWait(retryAfterMs: number): { unit: "seconds" | "minutes"; count: number } {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  if (seconds < 60) return { unit: "seconds", count: seconds };
  return { unit: "minutes", count: Math.ceil(seconds / 60) };
}

export function throttleMessage(retryAfterMs: number): string {
  const { unit, count } = throttleWait(retryAfterMs);
  const noun = unit === "seconds" ? "second" : "minute";
  return `Too many failed sign-ins. Try again in ${count} ${noun}${count === 1 ? "" : "s"}.`;
}

export function throttleWords(retryAfterMs: number): Words {
  const { unit, count } = throttleWait(retryAfterMs);
  return { key: unit === "seconds" ? "auth:errors.throttledSeconds" : "auth:errors.throttled", params: { count } };
}

import { describe, expect, it } from "vitest";
import { THROTTLE_POLICIES, afterSuccess, decideReservation, progressiveDelayMs, signInKeys, throttleMessage, throttleWords, type CounterState } from "./throttle.server";

const now = new Date("2026-11-21T08:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const MIN = 60_000;
const state = (attempts: number, windowAgoMs: number, lastAgoMs = 0): CounterState => ({ attempts, windowStartedAt: ago(windowAgoMs), lastAttemptAt: ago(lastAgoMs) });

describe("throttle arithmetic", () => {
  const pair = THROTTLE_POLICIES.pair;
  const account = THROTTLE_POLICIES.account;

  it("block mode: the limit is reached on the 5th attempt; the 6th waits for the window to end", () => {
    expect(decideReservation(pair, null, now)).toEqual({ allowed: true, next: { attempts: 1, windowStartedAt: now, lastAttemptAt: now } });
    expect(decideReservation(pair, state(4, 3 * MIN), now)).toMatchObject({ allowed: true, next: { attempts: 5 } });
    expect(decideReservation(pair, state(5, 3 * MIN), now)).toEqual({ allowed: false, retryAfterMs: 12 * MIN });
    expect(decideReservation(pair, state(5, 15 * MIN - 1), now)).toEqual({ allowed: false, retryAfterMs: 1 });
    // The window is over: a fresh one starts with this attempt.
    expect(decideReservation(pair, state(9, 15 * MIN), now)).toMatchObject({ allowed: true, next: { attempts: 1, windowStartedAt: now } });
  });

  it("progressive mode: 5 free, then 2 s, 4 s, 8 s … capped at 60 s since the previous attempt", () => {
    expect([4, 5, 6, 7, 8, 9, 10, 11, 50, 5000].map((n) => progressiveDelayMs(account, n))).toEqual([0, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000]);
    expect(decideReservation(account, state(4, MIN, 0), now)).toMatchObject({ allowed: true, next: { attempts: 5 } });
    expect(decideReservation(account, state(5, MIN, 500), now)).toEqual({ allowed: false, retryAfterMs: 1500 });
    expect(decideReservation(account, state(5, MIN, 2000), now)).toMatchObject({ allowed: true, next: { attempts: 6, lastAttemptAt: now } });
    expect(decideReservation(account, state(40, 2 * 60 * MIN, 59_000), now)).toEqual({ allowed: false, retryAfterMs: 1000 });
    // Never a long lock: whatever the count, at most a minute.
    expect(decideReservation(account, state(1_000_000, 24 * 60 * MIN, 0), now)).toEqual({ allowed: false, retryAfterMs: 60_000 });
    // Forgotten 15 minutes after the last attempt.
    expect(decideReservation(account, state(40, 60 * MIN, 15 * MIN), now)).toMatchObject({ allowed: true, next: { attempts: 1 } });
  });

  it("a success resets the pair and account, and refunds one slot on the address", () => {
    expect(afterSuccess(pair, state(3, MIN))).toBeNull();
    expect(afterSuccess(account, state(7, MIN))).toBeNull();
    expect(afterSuccess(THROTTLE_POLICIES.ip, state(7, MIN))).toMatchObject({ attempts: 6 });
    expect(afterSuccess(THROTTLE_POLICIES.ip, state(0, MIN))).toMatchObject({ attempts: 0 });
  });

  it("keys normalise the email", () => {
    expect(signInKeys(" Ana@Loket.TEST ", "10.0.0.1").map((k) => `${k.kind}:${k.id}`)).toEqual(["pair:ana@loket.test|10.0.0.1", "ip:10.0.0.1", "account:ana@loket.test"]);
  });

  it("says seconds under a minute and whole minutes above, rounding up", () => {
    expect(throttleMessage(1)).toBe("Too many failed sign-ins. Try again in 1 second.");
    expect(throttleMessage(1500)).toBe("Too many failed sign-ins. Try again in 2 seconds.");
    expect(throttleMessage(60_000)).toBe("Too many failed sign-ins. Try again in 1 minute.");
    expect(throttleMessage(7 * MIN - 5)).toBe("Too many failed sign-ins. Try again in 7 minutes.");
    expect(throttleWords(30_000)).toEqual({ key: "auth:errors.throttledSeconds", params: { count: 30 } });
    expect(throttleWords(61_000)).toEqual({ key: "auth:errors.throttled", params: { count: 2 } });
  });
});

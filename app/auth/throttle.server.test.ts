import { describe, expect, it } from "vitest";
import { THROTTLE_WINDOW_MS, decide, throttleMessage } from "./throttle.server";

const now = new Date("2026-11-21T08:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe("throttle window math", () => {
  it("allows fewer than 5 failures", () => {
    expect(decide(4, minutesAgo(1), now)).toEqual({ allowed: true });
  });

  it("blocks at 5 until the oldest failure leaves the 15-minute window, rounding minutes up", () => {
    expect(decide(5, minutesAgo(0), now)).toEqual({ allowed: false, retryAfterMs: THROTTLE_WINDOW_MS, minutes: 15 });
    expect(decide(5, minutesAgo(14), now)).toMatchObject({ allowed: false, minutes: 1 });
    expect(decide(5, new Date(now.getTime() - 10 * 60_000 - 30_000), now)).toMatchObject({ allowed: false, minutes: 5 });
    expect(decide(5, minutesAgo(15), now)).toEqual({ allowed: true });
  });

  it("says minute or minutes", () => {
    expect(throttleMessage(1)).toBe("Too many failed sign-ins. Try again in 1 minute.");
    expect(throttleMessage(7)).toBe("Too many failed sign-ins. Try again in 7 minutes.");
  });
});

import { describe, expect, it } from "vitest";
import { refundableNow } from "./refundable";

const DAY = 86_400_000;
const paidAt = new Date("2026-01-01T03:00:00Z");
const order = (over: Partial<Parameters<typeof refundableNow>[0]> = {}) => ({
  status: "paid" as const,
  channel: "deeplink" as const,
  paidAmount: 100_000_00n,
  paidAt,
  ...over,
});

describe("refundableNow", () => {
  it("is paid minus succeeded, pending and unknown refunds; failed/rejected/awaiting do not count", () => {
    const r = refundableNow(
      order({ status: "partially_refunded" }),
      [
        { amount: 10_000_00n, status: "succeeded" },
        { amount: 5_000_00n, status: "pending" },
        { amount: 1_000_00n, status: "unknown" },
        { amount: 50_000_00n, status: "failed" },
        { amount: 50_000_00n, status: "rejected" },
      ],
      new Date(paidAt.getTime() + DAY),
    );
    expect(r.amount).toBe(84_000_00n);
    expect(r.reason).toBeNull();
  });

  it("deeplink: 45 days after paid_at, closed at the exact instant", () => {
    const until = new Date(paidAt.getTime() + 45 * DAY);
    expect(refundableNow(order(), [], new Date(until.getTime() - 1)).amount).toBe(100_000_00n);
    const closed = refundableNow(order(), [], until);
    expect(closed.amount).toBe(0n);
    expect(closed.until).toEqual(until);
    expect(closed.reason).toMatch(/45-day/);
  });

  it("tokenized and preauth: 180 days", () => {
    for (const channel of ["tokenized", "preauth"] as const) {
      const day100 = new Date(paidAt.getTime() + 100 * DAY);
      expect(refundableNow(order({ channel }), [], day100).amount).toBe(100_000_00n);
      expect(refundableNow(order({ channel }), [], new Date(paidAt.getTime() + 180 * DAY)).amount).toBe(0n);
    }
    expect(refundableNow(order(), [], new Date(paidAt.getTime() + 100 * DAY)).amount).toBe(0n);
  });

  it("zero when not paid or partially refunded, or when fully reserved", () => {
    for (const status of ["pending", "authorised", "refunded", "cancelled", "expired", "failed"] as const) {
      expect(refundableNow(order({ status }), [], paidAt).amount).toBe(0n);
    }
    expect(refundableNow(order({ paidAt: null }), [], paidAt).until).toBeNull();
    const full = refundableNow(order(), [{ amount: 100_000_00n, status: "pending" }], paidAt);
    expect(full.amount).toBe(0n);
    expect(full.reason).toMatch(/already refunded/);
  });
});

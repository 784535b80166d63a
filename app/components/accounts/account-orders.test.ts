import { describe, expect, it } from "vitest";
import { splitAccountOrders } from "./account-orders";

const order = (orderId: string, status: string, channel = "tokenized") => ({ orderId, status, channel, amount: 1_000_00n, createdAt: new Date(0) });

describe("an account's orders", () => {
  it("lists paid (refunded too) apart from unpaid, and says a released hold is released, not cancelled", () => {
    const { paid, unpaid } = splitAccountOrders([
      order("A", "paid"),
      order("B", "pending"),
      order("C", "cancelled", "preauth"),
      order("D", "partially_refunded"),
      order("E", "authorised", "preauth"),
      order("F", "refunded"),
      order("G", "cancelled"),
      order("H", "expired", "preauth"),
    ]);
    expect(paid.map((o) => [o.orderId, o.word])).toEqual([["A", "paid"], ["D", "partially_refunded"], ["F", "refunded"]]);
    expect(unpaid.map((o) => [o.orderId, o.word])).toEqual([["B", "pending"], ["C", "released"], ["E", "authorised"], ["G", "cancelled"], ["H", "expired"]]);
  });
});

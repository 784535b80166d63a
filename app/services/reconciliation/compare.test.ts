import { describe, expect, it } from "vitest";
import { compareOrder, type GopaySide, type LoketSide } from "./compare";

const loket = (over: Partial<LoketSide> = {}): LoketSide => ({
  orderId: "ORD-1",
  channel: "deeplink",
  status: "paid",
  amount: 100_000_00n,
  paidAmount: 100_000_00n,
  refundedAmount: 0n,
  hold: null,
  notifications: [{ id: "1", statusCode: "00", signatureValid: true, verification: "ok" }],
  unknownOperations: [],
  ...over,
});
const snap = (status: string, over: Partial<Extract<GopaySide, { found: true }>> = {}): GopaySide => ({
  found: true,
  api: "snap",
  status,
  amount: 100_000_00n,
  refunded: 0n,
  ...over,
});
const kinds = (l: LoketSide, g: GopaySide) => compareOrder(l, g).map((d) => d.kind);

describe("compareOrder: each kind of difference, in isolation", () => {
  it("agreeing sides with the notification received: nothing", () => {
    expect(kinds(loket(), snap("00"))).toEqual([]);
    expect(kinds(loket({ status: "pending", paidAmount: 0n, notifications: [] }), snap("03"))).toEqual([]);
  });
  it("paid at GoPay, pending here (its notification lost): paid_not_in_loket, no second kind", () => {
    const d = compareOrder(loket({ status: "pending", paidAmount: 0n, notifications: [] }), snap("00"));
    expect(d.map((x) => x.kind)).toEqual(["paid_not_in_loket"]);
    expect(d[0]!.details).toMatchObject({
      notificationReceived: false,
      gopayStatus: "00",
      loketStatus: "pending",
    });
  });
  it("expired at GoPay, pending here: status_behind", () => {
    expect(kinds(loket({ status: "pending", paidAmount: 0n, notifications: [] }), snap("08"))).toEqual([
      "status_behind",
    ]);
  });
  it("refunds: missing here, or booked here but not at GoPay", () => {
    expect(kinds(loket(), snap("04", { refunded: 20_000_00n }))).toEqual(["refund_missing_in_loket"]);
    expect(
      kinds(
        loket({
          status: "partially_refunded",
          refundedAmount: 20_000_00n,
          notifications: [{ id: "1", statusCode: "04", signatureValid: true, verification: "ok" }],
        }),
        snap("00"),
      ),
    ).toEqual(["refund_not_at_gopay"]);
  });
  it("amount mismatch", () => {
    expect(kinds(loket(), snap("00", { amount: 90_000_00n }))).toEqual(["amount_mismatch"]);
  });
  it("same state, no notification of it: notification_missing (Core settlement known from the charge's answer)", () => {
    const l = loket({ channel: "tokenized", notifications: [] });
    expect(
      kinds(l, { found: true, api: "core", status: "settlement", amount: 100_000_00n, refunded: 0n }),
    ).toEqual(["notification_missing"]);
  });
  it("a stored notification with a bad signature", () => {
    const l = loket({
      notifications: [
        ...loket().notifications,
        { id: "7", statusCode: "00", signatureValid: false, verification: "bad_signature" },
      ],
    });
    expect(compareOrder(l, snap("00"))).toEqual([
      expect.objectContaining({ kind: "notification_bad_signature", fingerprint: "7" }),
    ]);
  });
  it("hold released at GoPay, still authorised here", () => {
    const l = loket({
      channel: "preauth",
      status: "authorised",
      paidAmount: 0n,
      hold: { status: "authorised", expiresAt: new Date() },
      notifications: [],
    });
    expect(
      kinds(l, { found: true, api: "core", status: "cancel", amount: 100_000_00n, refunded: 0n }),
    ).toEqual(["hold_expired_active"]);
  });
  it("an operation whose outcome is unknown; an order GoPay does not know", () => {
    expect(kinds(loket({ unknownOperations: [{ id: "op-1", kind: "refund" }] }), snap("00"))).toEqual([
      "operation_unknown",
    ]);
    expect(kinds(loket({ status: "pending" }), { found: false, api: "snap" })).toEqual(["not_at_gopay"]);
  });
});

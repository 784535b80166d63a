import { describe, expect, it } from "vitest";
import { GopayError } from "~/gopay/errors";
import type { GopayClient } from "~/gopay/index.server";
import { callGopayRefund, isDefiniteRefusal } from "./send.server";

const err = (over: Partial<ConstructorParameters<typeof GopayError>[0]>) =>
  new GopayError({ kind: "server", api: "snap", operation: "snap.refund", message: "x", retryable: false, outcomeUnknown: false, ...over });

describe("isDefiniteRefusal: only a refusal about the refund itself proves no refund exists under the key", () => {
  it.each([
    ["SNAP exceeds amount", err({ kind: "not_permitted", responseCode: "4035802" }), true],
    ["SNAP not found", err({ kind: "not_found", responseCode: "4045801" }), true],
    ["Core 412", err({ api: "core", kind: "not_permitted", responseCode: "412" }), true],
    ["Core 414 invalid amount", err({ api: "core", kind: "invalid_request", responseCode: "414" }), true],
    ["timeout", err({ kind: "timeout", outcomeUnknown: true }), false],
    ["5xx", err({ kind: "server", responseCode: "5005801" }), false],
    ["bad signature / token", err({ kind: "auth", responseCode: "4015800" }), false],
    ["X-EXTERNAL-ID conflict", err({ kind: "conflict", responseCode: "4095800" }), false],
    ["Core 406 duplicate key", err({ api: "core", kind: "conflict", responseCode: "406" }), false],
    ["rate limited", err({ kind: "rate_limit" }), false],
    ["not a GoPay error", new Error("boom"), false],
  ])("%s → %s", (_name, e, expected) => {
    expect(isDefiniteRefusal(e)).toBe(expected);
  });
});

describe("callGopayRefund (Core)", () => {
  it("a 202 (the first request under this Idempotency-Key still in flight) is an unknown outcome, not a refund made", async () => {
    // why a stub: the sandbox does not model Core's 202 for a repeat while the first request is in flight.
    const client = { core: { refund: async () => ({ statusCode: "202", statusMessage: "in progress", refunds: [] }) } } as unknown as GopayClient;
    const order = { channel: "tokenized" as const, orderId: "ORD-1", gopayReference: "TX-1" };
    const refund = { partnerRefundNo: "RFabc", amount: 10_000_00n, reasonText: null, reasonCode: "customer_request" };
    await expect(callGopayRefund(client, order, refund)).rejects.toMatchObject({ outcomeUnknown: true, responseCode: "202" });
    const ok = { core: { refund: async () => ({ statusCode: "200", refunds: [] }) } } as unknown as GopayClient;
    await expect(callGopayRefund(ok, order, refund)).resolves.toMatchObject({ responseCode: "200" });
  });
});

import type { orders } from "~db/schema";
import type { GopayClient } from "~/gopay/index.server";
import { GopayError } from "~/gopay/errors";
import { readExternalId } from "~/services/refunds/keys.server";
import type { GopaySide } from "./compare";

type OrderRow = Pick<typeof orders.$inferSelect, "orderId" | "channel" | "gopayReference" | "externalId">;

/** jsonb has no bigint: GoPay's answer as stored (amounts as strings of sen). */
export function jsonSafe(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ) as unknown;
}

/**
 * Asks GoPay for one order's status as the order page's Resync does: SNAP status for a deeplink
 * order, Core status for tokenized and pre-auth ones. A 404 is "GoPay does not know it"; any other
 * error is thrown (the run records it and moves on; a later run checks again).
 */
export async function gopayStatusOf(
  client: GopayClient,
  order: OrderRow,
): Promise<{ side: GopaySide; raw: unknown }> {
  const api = order.channel === "deeplink" ? "snap" : "core";
  try {
    if (api === "snap") {
      const s = await client.snap.status({
        externalId: readExternalId(),
        originalReferenceNo: order.gopayReference ?? undefined,
        originalExternalId: order.externalId ?? undefined,
      });
      if (s.latestTransactionStatus === "07") return { side: { found: false, api }, raw: jsonSafe(s) };
      return {
        side: {
          found: true,
          api,
          status: s.latestTransactionStatus,
          amount: s.amount,
          refunded: s.totalRefunded,
        },
        raw: jsonSafe(s),
      };
    }
    const t = await client.core.status(order.orderId);
    const refunded =
      t.refunds.length > 0 ? t.refunds.reduce((a, r) => a + r.amount, 0n) : (t.refundAmount ?? 0n);
    return {
      side: { found: true, api, status: t.transactionStatus, amount: t.grossAmount, refunded },
      raw: jsonSafe(t),
    };
  } catch (err) {
    if (err instanceof GopayError && err.httpStatus === 404) {
      return {
        side: { found: false, api },
        raw: { httpStatus: 404, responseCode: err.responseCode ?? null, message: err.message },
      };
    }
    throw err;
  }
}

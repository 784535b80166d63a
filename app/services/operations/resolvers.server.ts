/**
 * Every operation kind and how its unknown outcome is settled: a complete table (a kind missing
 * here does not compile), registered for the resolve job. A resolver asks GoPay about the SAME key
 * (a status query, a GET, or a replay under the same Idempotency-Key), never sends with a new key,
 * and answers unknown until GoPay's answer is definite. Where no question can settle a kind, its
 * entry is a resolver that stays unknown and says why (a person reads it on the operation row).
 */
import { resolvePayAccountCreateOperation, resolveUnbindOperation } from "~/services/accounts/resolve.server";
import { resolveHoldOperation } from "~/services/holds/resolvers.server";
import { resolveCharge, resolvePaymentCreate } from "~/services/merchant-api/resolvers.server";
import { resolveCancelOperation } from "~/services/orders/actions/cancel-resolve.server";
import { resolveRefundOperation } from "~/services/refunds/resolve.server";
import type { OperationKind } from "./kinds";
import { registerResolver, type Resolver } from "./resolve.server";

export const RESOLVERS: { readonly [K in OperationKind]: Resolver } = {
  // SNAP status by originalExternalId; not found → never created → failed.
  "payment.create": (op, d) => resolvePaymentCreate(op, d.client),
  // Core GET /v2/{order_id}/status; 404 → never created → failed.
  charge: (op, d) => resolveCharge(op, d.client),
  // The payment's refund history (SNAP refundHistory / Core refunds[]) for this partnerRefundNo.
  refund: (op, d) => resolveRefundOperation(op, d.client, { database: d.database }),
  // Status query: cancelled → succeeded; still pending → unknown; another final state → failed.
  cancel: (op, d) => resolveCancelOperation(op, d),
  // Core status of the held transaction.
  "hold.capture": (op, d) => resolveHoldOperation(op, d.client),
  "hold.release": (op, d) => resolveHoldOperation(op, d.client),
  // Replay under the same Idempotency-Key inside GoPay's window; after it, unknown with the reason.
  "pay_account.create": (op, d) => resolvePayAccountCreateOperation(op, d),
  // GET /v2/pay/account/{id}: DISABLED → succeeded.
  "pay_account.unbind": (op, d) => resolveUnbindOperation(op, d),
};

for (const [kind, resolver] of Object.entries(RESOLVERS) as Array<[OperationKind, Resolver]>) registerResolver(kind, resolver);

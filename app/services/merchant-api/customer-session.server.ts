import type { ApiCaller } from "~/services/api-keys/api-keys.server";
import { db } from "~/db/client.server";
import { audit } from "~/services/audit.server";
import { publicCustomer } from "~/services/customers/customers.server";
import { CustomerSessionError, startCustomerSession } from "~/services/customers/session.server";
import { ApiError } from "./errors";
import type { ApiResult } from "./idempotency.server";
import type { CustomerSessionInput } from "./schemas";

/** POST /api/v1/customers/session: mini-app auth code → customer (the token stays encrypted in Loket). */
export async function customerSession(input: CustomerSessionInput, caller: ApiCaller): Promise<ApiResult> {
  try {
    const c = await startCustomerSession({ authCode: input.auth_code, merchantUserId: input.merchant_user_id });
    await audit(db(), { actor: { email: caller.label }, action: "customer.session", targetType: "customer", targetId: c.id, result: "ok" });
    return { status: 200, body: { customer: publicCustomer(c) } };
  } catch (err) {
    if (!(err instanceof CustomerSessionError)) throw err;
    await audit(db(), { actor: { email: caller.label }, action: "customer.session", targetType: "customer", targetId: input.merchant_user_id, result: "failed", detail: { message: err.message } });
    if (err.field) throw new ApiError(422, "auth_code_rejected", err.message, { auth_code: err.message });
    throw new ApiError(503, "gopay_unavailable", err.message);
  }
}

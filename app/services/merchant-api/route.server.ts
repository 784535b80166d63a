import type { z, ZodTypeAny } from "zod";
import { db } from "~/db/client.server";
import type { ApiCaller } from "~/services/api-keys/api-keys.server";
import { audit } from "~/services/audit.server";
import { ApiError, validationError } from "./errors";
import { apiJson, authenticateApiKey, errorResponse, readJsonBody } from "./http.server";
import { readIdempotencyKey, withIdempotency, type ApiResult } from "./idempotency.server";
import { operationKey } from "./keys";

/**
 * The merchant API's POST pipeline, so each resource route is one line: API key → JSON body →
 * Idempotency-Key → zod (a message per field, before the key is claimed) → the service, once per
 * key → audit (actor "api:<key name>") → JSON. No cookies and no Origin check: the key is the auth.
 */
export async function handleApiPost<S extends ZodTypeAny>(
  request: Request,
  endpoint: string,
  schema: S,
  service: (input: z.output<S>, caller: ApiCaller, operationKey: string) => Promise<ApiResult>,
): Promise<Response> {
  let caller: ApiCaller | undefined;
  let idemKey: string | undefined;
  try {
    if (request.method !== "POST") throw new ApiError(405, "method_not_allowed", "Use POST on this endpoint.");
    caller = await authenticateApiKey(request);
    const { json } = await readJsonBody(request);
    idemKey = readIdempotencyKey(request);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const key = operationKey(caller.keyId, idemKey, endpoint);
    const who = caller;
    const res = await withIdempotency(caller, idemKey, endpoint, json, () => service(parsed.data, who, key));
    await audit(db(), {
      actor: { email: caller.label },
      action: `api.${endpoint}`,
      idempotencyKey: idemKey,
      result: res.status < 300 ? (res.status === 202 ? "unknown" : "ok") : "failed",
      detail: { status: res.status, replayed: res.replayed },
    });
    return apiJson(res.body, res.status, res.replayed ? { "Idempotent-Replayed": "true" } : {});
  } catch (err) {
    if (err instanceof ApiError && caller) {
      await audit(db(), { actor: { email: caller.label }, action: `api.${endpoint}`, idempotencyKey: idemKey ?? null, result: "failed", detail: { status: err.status, code: err.code } });
    }
    return errorResponse(err);
  }
}

/** GET on a POST-only endpoint: a JSON 405, not an HTML page. */
export function apiMethodNotAllowed(): Response {
  return apiJson(new ApiError(405, "method_not_allowed", "Use POST on this endpoint.").toBody(), 405, { Allow: "POST" });
}

import { createHash } from "node:crypto";

/**
 * The GoPay idempotency key of an API request, derived from (API key, Idempotency-Key, kind):
 * a retry of the same request gets the same key — so it finds the same operation row and sends
 * the same X-EXTERNAL-ID — without storing a mapping. UUID-shaped (36 chars: SNAP's
 * originalExternalId limit; Core's Idempotency-Key allows 46).
 */
export function operationKey(apiKeyId: string, idempotencyKey: string, kind: string): string {
  const h = createHash("sha256").update(`${apiKeyId}\n${idempotencyKey}\n${kind}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

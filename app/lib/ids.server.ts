import { randomBytes, randomUUID } from "node:crypto";

/** An idempotency key for one intent (X-EXTERNAL-ID, partnerRefundNo, refund_key, Request-Id). */
export function newIdempotencyKey(): string {
  return randomUUID();
}

/** SNAP BI notifications and some partners want numeric X-EXTERNAL-IDs: 20 digits, time-ordered. */
export function newNumericExternalId(): string {
  const rand = BigInt(`0x${randomBytes(4).toString("hex")}`) % 1_000_000n;
  return `${Date.now()}${rand.toString().padStart(7, "0")}`;
}

/** URL-safe random token (sessions, API keys). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

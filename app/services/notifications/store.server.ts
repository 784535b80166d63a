import { notifications, type NotificationSource } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";

/** Headers never kept: none of GoPay's notification headers is secret, but a proxy may add these. */
const DROP = new Set(["authorization", "authorization-customer", "cookie", "proxy-authorization"]);

export function storableHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((v, k) => {
    if (!DROP.has(k.toLowerCase())) out[k.toLowerCase()] = v;
  });
  return out;
}

export type Verification = "ok" | "bad_signature" | "stale_timestamp" | "malformed" | "unverified" | "refetched";

export interface StoreInput {
  source: NotificationSource;
  headers: Record<string, string>;
  rawBody: string;
  signatureValid: boolean;
  verification: Verification;
  reference?: string | null;
  externalId?: string | null;
  statusCode?: string | null;
  dedupeKey?: string | null;
  /** Why verification failed, kept for forensics. */
  error?: string | null;
}

/** Inserts the raw notification; it is committed before anything is applied. */
export async function storeNotification(db: DbOrTx, input: StoreInput): Promise<bigint> {
  const [row] = await db
    .insert(notifications)
    .values({
      source: input.source,
      headers: input.headers,
      rawBody: input.rawBody,
      signatureValid: input.signatureValid,
      verification: input.verification,
      reference: input.reference ?? null,
      externalId: input.externalId ?? null,
      statusCode: input.statusCode ?? null,
      dedupeKey: input.dedupeKey ?? null,
      applyError: input.error ?? null,
    })
    .returning({ id: notifications.id });
  return row!.id;
}

/** Best-effort field read from a body that failed verification (forensics only, never applied). */
export function peek(rawBody: string, ...fields: string[]): string | undefined {
  try {
    const v = JSON.parse(rawBody) as Record<string, unknown> | null;
    if (!v || typeof v !== "object") return undefined;
    for (const f of fields) if (typeof v[f] === "string" && v[f]) return (v[f] as string).slice(0, 200);
  } catch {
    // not JSON: nothing to peek at
  }
  return undefined;
}

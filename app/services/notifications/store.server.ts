import { createHash } from "node:crypto";
import type { NotificationSource } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { jsonParam, rawQuery } from "./sql.server";

/** Headers never kept: none of GoPay's notification headers is secret, but a proxy may add these. */
const DROP = new Set(["authorization", "authorization-customer", "cookie", "proxy-authorization"]);

/** Bounds on what one request can make us store (headers are the sender's to choose). */
const MAX_HEADERS = 40;
const MAX_HEADER_VALUE = 512;
/** What is kept of a body that failed verification: enough to recognise it, not to store a megabyte. */
export const FAILED_BODY_PREFIX_BYTES = 2048;

export function storableHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  headers.forEach((v, k) => {
    if (DROP.has(k.toLowerCase()) || n >= MAX_HEADERS) return;
    n++;
    out[k.toLowerCase().slice(0, 100)] = v.length > MAX_HEADER_VALUE ? `${v.slice(0, MAX_HEADER_VALUE)}…[${v.length} chars]` : v;
  });
  return out;
}

/**
 * A body that failed verification, reduced to what an investigation needs: its size, its SHA-256
 * (to match it against a copy the sender or GoPay holds) and a bounded prefix. Never applied.
 */
export function forensicBody(rawBody: string): { prefix: string; evidence: { bodyBytes: number; bodySha256: string; truncated: boolean } } {
  const bytes = Buffer.from(rawBody, "utf8");
  const truncated = bytes.length > FAILED_BODY_PREFIX_BYTES;
  // NUL cannot be stored in a Postgres text column; it has no forensic value beyond the hash.
  const prefix = (truncated ? bytes.subarray(0, FAILED_BODY_PREFIX_BYTES).toString("utf8") : rawBody).replaceAll(String.fromCharCode(0), "\uFFFD");
  return { prefix, evidence: { bodyBytes: bytes.length, bodySha256: createHash("sha256").update(bytes).digest("hex"), truncated } };
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
  /** Kept as the row's result (a failed one: body size and hash). */
  result?: Record<string, unknown> | null;
}

const STORE_SQL =
  "insert into notifications (source, headers, raw_body, signature_valid, verification, reference, external_id, status_code, dedupe_key, apply_error, result) " +
  "values ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb) returning id::text as id";

/** Inserts the raw notification; it is committed before anything is applied. One fixed statement (sql.server.ts). */
export async function storeNotification(db: DbOrTx, input: StoreInput): Promise<bigint> {
  const [row] = await rawQuery(db)<{ id: string }>(STORE_SQL, [
    input.source,
    JSON.stringify(input.headers),
    input.rawBody,
    input.signatureValid,
    input.verification,
    input.reference ?? null,
    input.externalId ?? null,
    input.statusCode ?? null,
    input.dedupeKey ?? null,
    input.error?.slice(0, 500) ?? null,
    jsonParam(input.result),
  ]);
  return BigInt(row!.id);
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

import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { apiIdempotency } from "~db/schema";
import { db } from "~/db/client.server";
import type { ApiCaller } from "~/services/api-keys/api-keys.server";
import { ApiError } from "./errors";

/**
 * Idempotency-Key on every merchant API POST (Stripe's model):
 * - same key + same body → the stored response again (header `Idempotent-Replayed: true`);
 * - same key + a different body or endpoint → 409 `idempotency_conflict`;
 * - same key while the first request still runs → 409 `idempotency_in_progress`.
 * A 202 (GoPay's outcome unknown) is stored as `retry`: the same request may run again, and it
 * settles through the same operation row and GoPay key — never a new one.
 * Validation runs before this, so a request with bad fields never claims the key; a refusal the
 * service makes before anything executed (`refusal()`) releases the key the same way.
 */
export interface ApiResult {
  status: number;
  body: unknown;
}

const STALE_PENDING_MS = 2 * 60_000;

/** Key order and whitespace do not make a body different. */
export function bodyHash(json: unknown): string {
  return createHash("sha256").update(canonical(json)).digest("hex");
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

export function readIdempotencyKey(request: Request): string {
  const key = request.headers.get("idempotency-key")?.trim();
  if (!key) throw new ApiError(400, "idempotency_key_required", "Send an `Idempotency-Key` header (e.g. a UUID) with every POST; reuse it only to retry the same request.");
  if (key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) throw new ApiError(400, "idempotency_key_invalid", "The Idempotency-Key must be 1–255 visible ASCII characters.");
  return key;
}

export async function withIdempotency(
  caller: ApiCaller,
  key: string,
  endpoint: string,
  body: unknown,
  run: () => Promise<ApiResult>,
): Promise<ApiResult & { replayed: boolean }> {
  const hash = bodyHash(body);
  const claimed = await db().transaction(async (tx) => {
    const [inserted] = await tx
      .insert(apiIdempotency)
      .values({ apiKeyId: caller.keyId, idempotencyKey: key, endpoint, bodyHash: hash })
      .onConflictDoNothing({ target: [apiIdempotency.apiKeyId, apiIdempotency.idempotencyKey] })
      .returning();
    if (inserted) return { row: inserted, replay: false, fresh: true };
    const [row] = await tx
      .select()
      .from(apiIdempotency)
      .where(and(eq(apiIdempotency.apiKeyId, caller.keyId), eq(apiIdempotency.idempotencyKey, key)))
      .for("update");
    if (!row) throw new Error("idempotency row vanished");
    if (row.endpoint !== endpoint || row.bodyHash !== hash) {
      throw new ApiError(409, "idempotency_conflict", "This Idempotency-Key was already used with a different request; use a new key for a new request.");
    }
    if (row.state === "done") return { row, replay: true, fresh: false };
    if (row.state === "pending" && Date.now() - row.updatedAt.getTime() < STALE_PENDING_MS) {
      throw new ApiError(409, "idempotency_in_progress", "A request with this Idempotency-Key is still being processed; retry in a few seconds.");
    }
    // retry (unknown outcome) or a stale pending one (crash mid-request): run it again — the
    // service reuses the same operation row and GoPay key.
    const [taken] = await tx.update(apiIdempotency).set({ state: "pending", updatedAt: new Date() }).where(eq(apiIdempotency.id, row.id)).returning();
    return { row: taken!, replay: false, fresh: false };
  });
  if (claimed.replay) return { status: claimed.row.httpStatus ?? 200, body: claimed.row.response, replayed: true };

  let result: ApiResult;
  try {
    result = await run();
  } catch (err) {
    if (err instanceof ApiError && err.beforeExecution) {
      // Nothing ran: keep no result under the key (a re-run of an earlier attempt goes back to retry).
      if (claimed.fresh) await db().delete(apiIdempotency).where(eq(apiIdempotency.id, claimed.row.id));
      else await db().update(apiIdempotency).set({ state: "retry", updatedAt: new Date() }).where(eq(apiIdempotency.id, claimed.row.id));
      throw err;
    }
    if (!(err instanceof ApiError)) {
      await db().update(apiIdempotency).set({ state: "retry", updatedAt: new Date() }).where(eq(apiIdempotency.id, claimed.row.id));
      throw err;
    }
    result = { status: err.status, body: err.toBody() };
  }
  const stored = JSON.parse(JSON.stringify(result.body, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as object;
  await db()
    .update(apiIdempotency)
    .set({ state: result.status === 202 ? "retry" : "done", httpStatus: result.status, response: stored, updatedAt: new Date() })
    .where(eq(apiIdempotency.id, claimed.row.id));
  return { ...result, body: stored, replayed: false };
}

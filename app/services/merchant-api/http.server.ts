import { ApiError } from "./errors";
import { findActiveApiKey, type ApiCaller } from "~/services/api-keys/api-keys.server";

/** A JSON response; bigint (money in sen) is sent as a string, never as a float. */
export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

export function errorResponse(err: unknown): Response {
  if (err instanceof ApiError) {
    return apiJson(err.toBody(), err.status, err.status === 401 ? { "WWW-Authenticate": 'Bearer realm="loket"' } : {});
  }
  throw err;
}

/** Reads `Authorization: Bearer <key>`; a missing, unknown or revoked key is a 401 ApiError. */
export async function authenticateApiKey(request: Request): Promise<ApiCaller> {
  const header = request.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new ApiError(401, "unauthorized", "Send your API key as `Authorization: Bearer <key>`.");
  const caller = await findActiveApiKey(m[1]!);
  if (!caller) throw new ApiError(401, "unauthorized", "This API key is unknown or has been revoked.");
  return caller;
}

/** Parses the JSON body; anything else is a 400 the client can fix. Returns the raw text too (hashed for idempotency). */
export async function readJsonBody(request: Request): Promise<{ raw: string; json: unknown }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new ApiError(415, "unsupported_media_type", "Send the body as JSON with `Content-Type: application/json`.");
  const raw = await request.text();
  let json: unknown;
  try {
    json = JSON.parse(raw) as unknown;
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
  // Postgres cannot store U+0000 in text: refuse it here rather than fail at the database.
  if (hasNul(json)) {
    throw new ApiError(400, "invalid_json", "The body contains a NUL character (\\u0000), which Loket does not accept.");
  }
  return { raw, json };
}

function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === "string") return v.includes("\0");
  if (depth > 32 || !v || typeof v !== "object") return false;
  return Object.entries(v as Record<string, unknown>).some(([k, x]) => k.includes("\0") || hasNul(x, depth + 1));
}

export function methodNotAllowed(allow: string): Response {
  return apiJson(new ApiError(405, "method_not_allowed", `Use ${allow} on this endpoint.`).toBody(), 405, { Allow: allow });
}

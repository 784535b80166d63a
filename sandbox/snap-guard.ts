import { parseIsoWithZone, wibDay } from "./clock";
import { CHANNEL_ID_RE, TIMESTAMP_WINDOW_MS, snapCode } from "./contract";
import { type Ctx } from "./context";
import { type ApiRequest, header, json, parseObject } from "./http";
import { constantTimeEqual, sha256Hex, transactionalSignature } from "./signing";
import { type StoredResponse } from "./state";

export function snapError(http: number, svc: string, kase: string, message: string, extra: Record<string, unknown> = {}): StoredResponse {
  return json(http, { responseCode: snapCode(http, svc, kase), responseMessage: message, ...extra });
}

/**
 * Accepts X-TIMESTAMP within ±5 min (section 7) of the sandbox clock or of the real clock: a test
 * that advanced the virtual clock must not lock out a client that stamps real time.
 */
export function timestampOk(ctx: Ctx, ts: string): boolean {
  const t = parseIsoWithZone(ts);
  if (t === undefined) return false;
  return Math.abs(t - ctx.clock.now()) <= TIMESTAMP_WINDOW_MS || Math.abs(t - Date.now()) <= TIMESTAMP_WINDOW_MS;
}

/**
 * The checks every transactional SNAP call goes through, in order: mandatory headers, formats,
 * timestamp window, B2B token, HMAC over the raw bytes, JSON, then X-EXTERNAL-ID replay/conflict.
 * Only a call that reaches the business handler has its response stored under its external id.
 */
export async function snapTransactional(
  ctx: Ctx,
  req: ApiRequest,
  svc: string,
  handler: (body: Record<string, unknown>) => StoredResponse | Promise<StoredResponse>,
): Promise<StoredResponse> {
  const auth = header(req, "authorization");
  if (!auth || !/^Bearer\s+\S+$/i.test(auth)) return snapError(401, svc, "01", "Invalid Token (B2B)");
  for (const h of ["X-TIMESTAMP", "X-SIGNATURE", "X-PARTNER-ID", "X-EXTERNAL-ID", "CHANNEL-ID"]) {
    if (!header(req, h)) return snapError(400, svc, "02", `Invalid Mandatory Field ${h}`);
  }
  const ts = header(req, "x-timestamp")!;
  if (!CHANNEL_ID_RE.test(header(req, "channel-id")!)) return snapError(400, svc, "01", "Invalid Field Format CHANNEL-ID");
  const externalId = header(req, "x-external-id")!;
  if (externalId.length > 36) return snapError(400, svc, "01", "Invalid Field Format X-EXTERNAL-ID");
  if (!timestampOk(ctx, ts)) return snapError(401, svc, "00", "Unauthorized. Invalid timestamp");
  const token = auth.replace(/^Bearer\s+/i, "");
  const known = ctx.state.accessTokens[token];
  if (!known || known.expiresAt <= ctx.clock.now()) return snapError(401, svc, "01", "Invalid Token (B2B)");
  const partnerId = header(req, "x-partner-id")!;
  if (partnerId !== ctx.config.partnerId) return snapError(401, svc, "00", "Unauthorized. Unknown partner");
  const expected = transactionalSignature(ctx.config.clientSecret, req.method, req.path, token, req.raw, ts);
  if (!constantTimeEqual(expected, header(req, "x-signature")!)) return snapError(401, svc, "00", "Unauthorized. Signature");
  const body = parseObject(req.raw);
  if (!body) return snapError(400, svc, "00", "Bad Request. Body is not a JSON object");

  const key = `${partnerId}|${wibDay(ctx.clock.now())}|${externalId}`;
  const bodyHash = sha256Hex(req.raw);
  const seen = ctx.state.externalIds[key];
  if (seen) {
    if (seen.bodyHash === bodyHash) return seen.response;
    return snapError(409, svc, "00", "Conflict. X-EXTERNAL-ID already used today with a different request");
  }
  const response = await handler(body);
  ctx.state.externalIds[key] = { bodyHash, response };
  ctx.touch();
  return response;
}

import { createHash, createHmac, createSign, createVerify, timingSafeEqual } from "node:crypto";

/**
 * The sandbox's own signature code, written from the contract independently of app/gopay so a
 * bug on one side is not mirrored on the other.
 */

export function sha256Hex(raw: Buffer | string): string {
  return createHash("sha256").update(raw).digest("hex");
}

export function sha512Hex(s: string): string {
  return createHash("sha512").update(s, "utf8").digest("hex");
}

/** Access token: SHA256withRSA over `clientId|timestamp`, base64 (contract 1.5). */
export function verifyTokenSignature(publicKeyPem: string, clientId: string, timestamp: string, sigB64: string): boolean {
  try {
    const v = createVerify("RSA-SHA256");
    v.update(`${clientId}|${timestamp}`, "utf8");
    return v.verify(publicKeyPem, Buffer.from(sigB64, "base64"));
  } catch {
    return false;
  }
}

/** Transactional: base64 HMAC-SHA512(secret, METHOD:path:token:hex(sha256(raw body)):timestamp) (contract 1.6). */
export function transactionalSignature(
  secret: string,
  method: string,
  path: string,
  token: string,
  rawBody: Buffer | string,
  timestamp: string,
): string {
  return hmacOverBodyHash(secret, method, path, token, sha256Hex(rawBody), timestamp);
}

/** The HMAC step alone, given the hex body hash (so the documented test vector can check it). */
export function hmacOverBodyHash(secret: string, method: string, path: string, token: string, bodyHashHex: string, timestamp: string): string {
  const stringToSign = `${method.toUpperCase()}:${path}:${token}:${bodyHashHex.toLowerCase()}:${timestamp}`;
  return createHmac("sha512", Buffer.from(secret, "utf8")).update(stringToSign, "utf8").digest("base64");
}

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Notify: SHA256withRSA over `POST:/v1.0/debit/notify:hex(sha256(body)):timestamp`, base64 (contract 1.11). */
export function signNotification(privateKeyPem: string, path: string, rawBody: string, timestamp: string): string {
  const s = createSign("RSA-SHA256");
  s.update(`POST:${path}:${sha256Hex(rawBody)}:${timestamp}`, "utf8");
  return s.sign(privateKeyPem, "base64");
}

/** Core payment notification signature_key (contract 2.4). */
export function coreSignatureKey(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
  return sha512Hex(orderId + statusCode + grossAmount + serverKey);
}

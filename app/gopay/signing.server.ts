import { createHash, createHmac, createSign, createVerify, timingSafeEqual, type KeyObject } from "node:crypto";
import { toWibIso } from "~/lib/time";

/**
 * Pure signature functions for GoPay (contract §1.5, §1.6, §1.11, §2.4). Each takes exactly the
 * strings that go over the wire: the caller serialises a body once and passes those bytes here.
 */

type Key = string | KeyObject;

/** X-TIMESTAMP: `YYYY-MM-DDTHH:mm:ss+07:00` (contract §7). */
export function xTimestamp(at: Date = new Date()): string {
  return toWibIso(at);
}

/** lowercase hex SHA-256 of the UTF-8 body; the empty body hashes as "" (contract §7). */
export function sha256Hex(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}

/** SNAP access-token string to sign: `clientId|timestamp`. */
export function accessTokenStringToSign(clientId: string, timestamp: string): string {
  return `${clientId}|${timestamp}`;
}

/** SNAP access-token X-SIGNATURE: base64 SHA256withRSA (PKCS#1 v1.5) with the merchant private key. */
export function signAccessToken(clientId: string, timestamp: string, privateKey: Key): string {
  return createSign("RSA-SHA256").update(accessTokenStringToSign(clientId, timestamp), "utf8").sign(privateKey, "base64");
}

/** Verifies an access-token signature with the merchant public key (used by tests and the sandbox). */
export function verifyAccessTokenSignature(clientId: string, timestamp: string, signature: string, publicKey: Key): boolean {
  return rsaVerify(accessTokenStringToSign(clientId, timestamp), signature, publicKey);
}

export interface TransactionSignInput {
  method: string;
  /** Relative path from the version, e.g. `/v1.0/debit/payment-host-to-host` (no host, no query). */
  path: string;
  accessToken: string;
  /** Exactly the body bytes sent. */
  body: string;
  timestamp: string;
}

/** `METHOD:path:token:lowerhex(sha256(body)):timestamp` (contract §1.6). */
export function transactionStringToSign(i: TransactionSignInput): string {
  return `${i.method.toUpperCase()}:${i.path}:${i.accessToken}:${sha256Hex(i.body)}:${i.timestamp}`;
}

/** HMAC-SHA512 over a string to sign, keyed by the client secret, base64. */
export function hmacSha512Base64(clientSecret: string, stringToSign: string): string {
  return createHmac("sha512", Buffer.from(clientSecret, "utf8")).update(stringToSign, "utf8").digest("base64");
}

/** SNAP transactional X-SIGNATURE (contract §1.6). */
export function signTransaction(i: TransactionSignInput, clientSecret: string): string {
  return hmacSha512Base64(clientSecret, transactionStringToSign(i));
}

/** SNAP notify string to sign: `POST:path:lowerhex(sha256(body)):timestamp` (no token; §1.11). */
export function notifyStringToSign(path: string, body: string, timestamp: string): string {
  return `POST:${path}:${sha256Hex(body)}:${timestamp}`;
}

/** Signs a SNAP notification as Midtrans would (the sandbox and tests use it). */
export function signNotify(path: string, body: string, timestamp: string, privateKey: Key): string {
  return createSign("RSA-SHA256").update(notifyStringToSign(path, body, timestamp), "utf8").sign(privateKey, "base64");
}

/** Verifies a SNAP notification signature with the Midtrans public key. */
export function verifyNotifySignature(path: string, body: string, timestamp: string, signature: string, publicKey: Key): boolean {
  return rsaVerify(notifyStringToSign(path, body, timestamp), signature, publicKey);
}

/** Core API notification `signature_key = hex(sha512(order_id + status_code + gross_amount + server_key))`. */
export function coreSignatureKey(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
  return createHash("sha512").update(`${orderId}${statusCode}${grossAmount}${serverKey}`, "utf8").digest("hex");
}

/** Constant-time check of a Core API notification's signature_key. */
export function verifyCoreSignatureKey(
  orderId: string,
  statusCode: string,
  grossAmount: string,
  serverKey: string,
  signatureKey: string,
): boolean {
  const expected = Buffer.from(coreSignatureKey(orderId, statusCode, grossAmount, serverKey), "utf8");
  const given = Buffer.from(signatureKey.toLowerCase(), "utf8");
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing secret (the length is public).
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function rsaVerify(stringToSign: string, signatureB64: string, publicKey: Key): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureB64)) return false;
  try {
    return createVerify("RSA-SHA256").update(stringToSign, "utf8").verify(publicKey, signatureB64, "base64");
  } catch {
    // A malformed key or signature is a failed verification, not a crash in a webhook handler.
    return false;
  }
}

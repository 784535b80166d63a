import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "~/env.server";

/**
 * AES-256-GCM for secrets at rest (customers' mini-app auth tokens). The key is derived from
 * DATA_ENCRYPTION_KEY (sha256, so any 32+ char secret works). Output: "v1.<iv>.<tag>.<ciphertext>",
 * base64url parts; the version prefix lets a later key rotation tell old rows apart.
 */
function key(secret?: string): Buffer {
  const s = secret ?? env().DATA_ENCRYPTION_KEY;
  if (!s) throw new Error("DATA_ENCRYPTION_KEY is not set: cannot store customer tokens");
  return createHash("sha256").update(s, "utf8").digest();
}

export function encryptSecret(plain: string, secret?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, secret?: string): string {
  const [v, iv, tag, ct] = sealed.split(".");
  if (v !== "v1" || !iv || !tag || ct === undefined) throw new Error("not an encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", key(secret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}

import { createHash, createPublicKey, createVerify, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseIsoWithZone } from "./clock";
import { hmacOverBodyHash, signNotification, transactionalSignature, verifyTokenSignature } from "./signing";
import { rsaSign } from "./test-client";

describe("sandbox signing", () => {
  it("reproduces the documented HMAC-SHA512 test vector (contract 1.6)", () => {
    const sig = hmacOverBodyHash(
      "fdppqbF5wq7vVegyvsV1CROMv646nJ7A",
      "post",
      "/v1.0/debit/payment-host-to-host",
      "gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a",
      "56fa5f4999ad8014de49d7898c1d1d53472569db8999de3c1b752a0dd181e98c",
      "2020-01-01T00:00:00+07:00",
    );
    expect(sig).toBe("FSlidRHe4ow9qppNifGVQNcdv67lBjgCiP0BHylh+IKXo4fs2rHaGsFNUY0N8t0rPlZs4iAHAOCDklnCccwuJw==");
    // Over a raw body: one changed byte changes the signature.
    const ts = "2020-01-01T00:00:00+07:00";
    const a = transactionalSignature("s", "POST", "/p", "t", '{"a":1}', ts);
    expect(a).toBe(hmacOverBodyHash("s", "POST", "/p", "t", createHash("sha256").update('{"a":1}').digest("hex"), ts));
    expect(transactionalSignature("s", "POST", "/p", "t", '{"a":2}', ts)).not.toBe(a);
  });

  it("verifies token signatures and refuses another key", () => {
    const k1 = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
    const k2 = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
    const ts = "2026-11-21T10:00:00+07:00";
    expect(verifyTokenSignature(k1.publicKey, "cid", ts, rsaSign(k1.privateKey, `cid|${ts}`))).toBe(true);
    expect(verifyTokenSignature(k1.publicKey, "cid", ts, rsaSign(k2.privateKey, `cid|${ts}`))).toBe(false);
    expect(verifyTokenSignature(k1.publicKey, "cid", ts, "not base64 at all")).toBe(false);
    const sig = signNotification(k1.privateKey, "/v1.0/debit/notify", "{}", ts);
    const v = createVerify("RSA-SHA256").update(`POST:/v1.0/debit/notify:${createHash("sha256").update("{}").digest("hex")}:${ts}`);
    expect(v.verify(createPublicKey(k1.publicKey), Buffer.from(sig, "base64"))).toBe(true);
  });

  it("accepts ISO-8601 with offset or Z, with or without ms; refuses zone-less", () => {
    const t = Date.parse("2026-11-21T03:00:00Z");
    expect(parseIsoWithZone("2026-11-21T10:00:00+07:00")).toBe(t);
    expect(parseIsoWithZone("2026-11-21T03:00:00Z")).toBe(t);
    expect(parseIsoWithZone("2026-11-21T03:00:00.000Z")).toBe(t);
    expect(parseIsoWithZone("2026-11-21T10:00:00.123456+0700")).toBe(t + 123);
    expect(parseIsoWithZone("2026-11-21T10:00:00")).toBeUndefined();
    expect(parseIsoWithZone("yesterday")).toBeUndefined();
  });
});

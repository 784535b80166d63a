import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DOCS_SAMPLE_PRIVATE_KEY } from "./testing/docs-sample-key";
import {
  coreSignatureKey,
  hmacSha512Base64,
  sha256Hex,
  signAccessToken,
  signNotify,
  signTransaction,
  transactionStringToSign,
  verifyAccessTokenSignature,
  verifyCoreSignatureKey,
  verifyNotifySignature,
  xTimestamp,
} from "./signing.server";

// Contract §1.5: the docs' sample key and output, verified with `openssl dgst -sha256 -sign`.
const DOCS_TOKEN_SIGNATURE =
  "iv5YorKVVFOFS59l0HChDvPe+HeoE/jY5CfVgCg5i16nj5/DVnKg49ilkv8PyeU7y38apHhgO+cUrvkfUs5BhDD69yLn7xp8hzN9RcR0UDy5+nCrQ3GGCVSzZJvlEXN+TB0j4Q6pMsjrq4+YRoyDa4mTlsjJTU9aGjLRFBYgY4MyMQ5x11JyLnoFwbS8TJ5e/q4mUozrp49VyHe7OQSFnJNwvMSFrDyAIxoOK0IZQIlY29PaDIFcWoR+RJAY42H2FryjJcPpNfeercbkj9jsBLV3wmEKiNoN6lgFFLk5QicDnAAQzL45s92EYeCqDNuTTJOydaJbUqEo1d/ZPVNBtQ==";
const DOCS_TOKEN_SIGNATURE_HEX_PREFIX = "8afe58a2b2955453854b9f65d070a10ef3def877";

// Contract §1.6 HMAC-SHA512 vector.
const HMAC_SECRET = "fdppqbF5wq7vVegyvsV1CROMv646nJ7A";
const HMAC_STRING =
  "POST:/v1.0/debit/payment-host-to-host:gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a:56fa5f4999ad8014de49d7898c1d1d53472569db8999de3c1b752a0dd181e98c:2020-01-01T00:00:00+07:00";
const HMAC_SIGNATURE = "FSlidRHe4ow9qppNifGVQNcdv67lBjgCiP0BHylh+IKXo4fs2rHaGsFNUY0N8t0rPlZs4iAHAOCDklnCccwuJw==";

describe("X-TIMESTAMP", () => {
  it("is WIB with +07:00 and seconds precision", () => {
    expect(xTimestamp(new Date("2023-07-31T00:10:00.987Z"))).toBe("2023-07-31T07:10:00+07:00");
    expect(xTimestamp(new Date("2023-12-31T20:00:00Z"))).toBe("2024-01-01T03:00:00+07:00");
  });
});

describe("access-token signature (SHA256withRSA)", () => {
  it("matches the docs' vector byte for byte", () => {
    const sig = signAccessToken("G1234325-SNAP", "2023-07-31T07:10:00+07:00", DOCS_SAMPLE_PRIVATE_KEY);
    expect(sig).toBe(DOCS_TOKEN_SIGNATURE);
    expect(Buffer.from(sig, "base64").toString("hex").startsWith(DOCS_TOKEN_SIGNATURE_HEX_PREFIX)).toBe(true);
  });

  it("verifies with the public key and rejects another timestamp or client", () => {
    const pub = createPublicKey(DOCS_SAMPLE_PRIVATE_KEY);
    expect(verifyAccessTokenSignature("G1234325-SNAP", "2023-07-31T07:10:00+07:00", DOCS_TOKEN_SIGNATURE, pub)).toBe(true);
    expect(verifyAccessTokenSignature("G1234325-SNAP", "2023-07-31T07:10:01+07:00", DOCS_TOKEN_SIGNATURE, pub)).toBe(false);
    expect(verifyAccessTokenSignature("G1234326-SNAP", "2023-07-31T07:10:00+07:00", DOCS_TOKEN_SIGNATURE, pub)).toBe(false);
    expect(verifyAccessTokenSignature("G1234325-SNAP", "2023-07-31T07:10:00+07:00", "not base64!", pub)).toBe(false);
  });
});

describe("transactional signature (HMAC-SHA512)", () => {
  it("matches the docs' vector byte for byte", () => {
    expect(hmacSha512Base64(HMAC_SECRET, HMAC_STRING)).toBe(HMAC_SIGNATURE);
    expect(Buffer.from(HMAC_SIGNATURE, "base64").toString("hex").startsWith("1529627511de")).toBe(true);
  });

  it("builds METHOD:path:token:lowerhex(sha256(body)):timestamp over the exact body bytes", () => {
    const body = '{"partnerReferenceNo":"ORD-1","note":"spaces stay: a b"}';
    const s = transactionStringToSign({ method: "post", path: "/v1.0/debit/status", accessToken: "tok", body, timestamp: "2020-01-01T00:00:00+07:00" });
    expect(s).toBe(`POST:/v1.0/debit/status:tok:${sha256Hex(body)}:2020-01-01T00:00:00+07:00`);
    expect(sha256Hex(body)).toMatch(/^[0-9a-f]{64}$/);
    expect(signTransaction({ method: "post", path: "/v1.0/debit/status", accessToken: "tok", body, timestamp: "2020-01-01T00:00:00+07:00" }, HMAC_SECRET)).toBe(
      hmacSha512Base64(HMAC_SECRET, s),
    );
  });

  it("hashes the empty body as sha256 of nothing", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("changes when one byte of the body changes", () => {
    const base = { method: "POST", path: "/v1.0/debit/refund", accessToken: "t", timestamp: "2020-01-01T00:00:00+07:00" };
    expect(signTransaction({ ...base, body: '{"a":1}' }, HMAC_SECRET)).not.toBe(signTransaction({ ...base, body: '{"a": 1}' }, HMAC_SECRET));
  });
});

describe("SNAP notification signature", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const body = '{"originalReferenceNo":"A1","latestTransactionStatus":"00"}';
  const ts = "2024-03-19T14:30:00+07:00";

  it("round-trips over POST:/v1.0/debit/notify:hex(sha256(body)):timestamp", () => {
    const sig = signNotify("/v1.0/debit/notify", body, ts, privateKey);
    expect(verifyNotifySignature("/v1.0/debit/notify", body, ts, sig, publicKey)).toBe(true);
  });

  it("fails for a changed body, timestamp, path or key", () => {
    const sig = signNotify("/v1.0/debit/notify", body, ts, privateKey);
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    expect(verifyNotifySignature("/v1.0/debit/notify", body.replace("00", "06"), ts, sig, publicKey)).toBe(false);
    expect(verifyNotifySignature("/v1.0/debit/notify", body, "2024-03-19T14:30:01+07:00", sig, publicKey)).toBe(false);
    expect(verifyNotifySignature("/x/v1.0/debit/notify", body, ts, sig, publicKey)).toBe(false);
    expect(verifyNotifySignature("/v1.0/debit/notify", body, ts, sig, other)).toBe(false);
  });
});

describe("Core API signature_key", () => {
  // Expected value computed independently: printf '<concatenation>' | openssl dgst -sha512
  const expected =
    "2039411adbd144f5c3d61afbd96b72b5d159b631d8ef816d8a6e0a57d9a2e4837f0f417a25b2d76aca202639e9d0c020139308dc3dc5fd55e26693f07cf8c306";
  const args = ["Postman-1578568851", "200", "100000.00", "askvnoibnosifnboseofinbofinfgbiufglnbfg"] as const;

  it("is hex sha512(order_id + status_code + gross_amount + server_key)", () => {
    expect(coreSignatureKey(...args)).toBe(expected);
  });

  it("verifies the right key and refuses any other, including a different length", () => {
    expect(verifyCoreSignatureKey(...args, expected)).toBe(true);
    expect(verifyCoreSignatureKey(...args, expected.toUpperCase())).toBe(true);
    expect(verifyCoreSignatureKey(...args, `${expected.slice(0, -1)}7`)).toBe(false);
    expect(verifyCoreSignatureKey(...args, expected.slice(0, 10))).toBe(false);
    expect(verifyCoreSignatureKey(args[0], args[1], "100000", args[3], expected)).toBe(false);
    expect(verifyCoreSignatureKey(args[0], args[1], args[2], "wrong-key", expected)).toBe(false);
  });
});

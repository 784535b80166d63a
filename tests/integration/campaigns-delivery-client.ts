import { generateKeyPairSync } from "node:crypto";
import { createGopayClient, type GopayClient } from "../../app/gopay/index.server";

/** The campaign delivery tests' GoPay client and secrets (no test-runner imports: child worker processes use it too). */
export const MINIAPP = { clientId: "cd-miniapp", clientSecret: "cd-miniapp-secret" };
export const ENCRYPTION_KEY = "campaign-delivery-tests-encryption-key-0123456789";

export function makeClient(baseUrl: string, timeoutMs = 2_000): GopayClient {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  return createGopayClient({
    snap: {
      baseUrl,
      clientId: "x",
      clientSecret: "y",
      partnerId: "P",
      channelId: "12345",
      merchantId: "M",
      privateKeyPem: privateKey,
    },
    core: { baseUrl, serverKey: "k" },
    miniApp: { baseUrl, ...MINIAPP },
    timeoutMs,
    // why none: the campaign engine owns retries (same Request-Id, next batch); the client's own would hide them.
    maxRetries: 0,
  });
}

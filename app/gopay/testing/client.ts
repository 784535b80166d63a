import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Logger } from "pino";
import { createGopayClient, type GopayClient, type GopayConfig } from "../index.server";

export const TEST_SECRET = "test-client-secret-0123456789";
export const TEST_SERVER_KEY = "SB-Mid-server-TESTKEY";
export const TEST_MINIAPP_SECRET = "miniapp-secret-xyz";

const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
export const TEST_PRIVATE_KEY: KeyObject = keys.privateKey;
export const TEST_PUBLIC_KEY: KeyObject = keys.publicKey;

/** A client pointed at `url` for every API, with short timeouts and fast backoff for tests. */
export function testClient(url: string, over: Partial<GopayConfig> & { logger?: Logger; tokenCache?: boolean } = {}): GopayClient {
  return createGopayClient({
    snap: {
      baseUrl: url,
      clientId: "test-client",
      clientSecret: TEST_SECRET,
      partnerId: "PARTNER1",
      channelId: "12345",
      merchantId: "M-TEST",
      privateKeyPem: TEST_PRIVATE_KEY,
      tokenCache: over.tokenCache,
    },
    core: { baseUrl: url, serverKey: TEST_SERVER_KEY },
    miniApp: { baseUrl: url, clientId: "mini", clientSecret: TEST_MINIAPP_SECRET },
    timeoutMs: 1_000,
    retryBaseDelayMs: 20,
    ...over,
  });
}

import { readFileSync } from "node:fs";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Logger } from "pino";
import { env } from "~/env.server";
import { logger } from "~/lib/logger.server";
import { createCoreClient, type CoreClient, type CoreConfig } from "./core-api.server";
import { createHttpSender } from "./http.server";
import { createMiniAppClient, type MiniAppClient, type MiniAppConfig } from "./mini-app.server";
import { createSnapClient, type SnapClient, type SnapConfig } from "./snap-bi.server";

/**
 * The GoPay client: the only code that talks to GoPay. Server-only, no database access.
 * Amounts in and out are bigint minor units; conversion happens inside, at the wire.
 */

export interface GopayConfig {
  snap: Omit<SnapConfig, "now">;
  core: CoreConfig;
  miniApp: MiniAppConfig;
  /** Per-attempt timeout (GOPAY_TIMEOUT_MS, default 10 s). */
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  logger?: Logger;
  /** Clock for X-TIMESTAMP and token expiry (tests). */
  now?: () => Date;
}

export interface GopayClient {
  snap: SnapClient;
  core: CoreClient;
  miniApp: MiniAppClient;
}

/** Builds a client from explicit config (tests, benchmarks, the sandbox's own checks). */
export function createGopayClient(config: GopayConfig): GopayClient {
  const http = createHttpSender({
    timeoutMs: config.timeoutMs ?? 10_000,
    maxRetries: config.maxRetries,
    retryBaseDelayMs: config.retryBaseDelayMs,
    logger: (config.logger ?? logger()).child({ component: "gopay" }),
  });
  return {
    snap: createSnapClient({ ...config.snap, now: config.now }, http),
    core: createCoreClient(config.core, http),
    miniApp: createMiniAppClient(config.miniApp, http),
  };
}

let singleton: GopayClient | undefined;

/** The process's GoPay client, built once from env(). */
export function gopay(): GopayClient {
  singleton ??= createGopayClient(configFromEnv());
  return singleton;
}

/** Tests that change env between runs drop the singleton. */
export function resetGopayClient(): void {
  singleton = undefined;
}

/** Midtrans' public key for SNAP notifications (GOPAY_NOTIFY_PUBLIC_KEY_FILE); undefined when unset. */
export function notifyPublicKeyPem(): string | undefined {
  const file = env().GOPAY_NOTIFY_PUBLIC_KEY_FILE;
  return file ? readFileSync(file, "utf8") : undefined;
}

export function configFromEnv(): GopayConfig {
  const e = env();
  return {
    snap: {
      baseUrl: e.GOPAY_SNAP_BASE_URL,
      clientId: e.GOPAY_CLIENT_ID,
      clientSecret: e.GOPAY_CLIENT_SECRET,
      partnerId: e.GOPAY_PARTNER_ID,
      channelId: e.GOPAY_CHANNEL_ID,
      merchantId: e.GOPAY_MERCHANT_ID,
      privateKeyPem: e.GOPAY_PRIVATE_KEY_FILE ? readFileSync(e.GOPAY_PRIVATE_KEY_FILE, "utf8") : ephemeralKey(),
    },
    core: { baseUrl: e.GOPAY_CORE_BASE_URL, serverKey: e.MIDTRANS_SERVER_KEY },
    miniApp: { baseUrl: e.GOPAY_MINIAPP_BASE_URL, clientId: e.GOPAY_MINIAPP_CLIENT_ID, clientSecret: e.GOPAY_MINIAPP_CLIENT_SECRET },
    timeoutMs: e.GOPAY_TIMEOUT_MS,
  };
}

// Without a key file (unit tests, a fresh checkout) SNAP token calls are signed with a throwaway
// key: GoPay (or the sandbox) will refuse them with 401, which is the honest outcome.
function ephemeralKey(): KeyObject {
  logger().warn("GOPAY_PRIVATE_KEY_FILE is not set: SNAP access-token requests will be refused");
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
}

export { GopayError, isGopayError } from "./errors";
export type { GopayErrorKind, GopayApi } from "./errors";
export type * from "./snap-bi.server";
export type * from "./core-api.server";
export type * from "./mini-app.server";
export { SNAP_STATUS } from "./snap-bi.server";

import { generateKeyPairSync, randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { coinPayouts, customers } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { resetEnvCache } from "~/env.server";
import { createGopayClient, resetGopayClient, type GopayClient } from "~/gopay/index.server";
import { encryptSecret } from "~/lib/crypto.server";
import { mintCoinRequestId } from "~/services/coins/pay.server";
import { startSandbox, type Sandbox } from "../../sandbox/server";
import { sandboxControl } from "../support/sandbox-control";
import { ensureTestEncryptionKey } from "./auth-helpers";

/**
 * Shared by the coins-* tests: a real sandbox in-process, a real GoPay client pointed at it (mini-app
 * credentials the sandbox accepts, so the wallet-balance stand-in answers), customers that exist at
 * both (the sandbox's seeded users, their tokens sealed into our customers table) and payout rows.
 */
const MINIAPP = { miniappClientId: "coins-miniapp", miniappClientSecret: "coins-miniapp-secret" };

export function useCoinsSandbox(
  opts: {
    timeoutMs?: number;
    /** point the app's own GoPay client (env) at this sandbox, for route tests */ installEnv?: boolean;
  } = {},
) {
  let sb: Sandbox | undefined;
  let client: GopayClient | undefined;
  beforeAll(async () => {
    ensureTestEncryptionKey();
    const merchant = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    sb = await startSandbox({ port: 0, ...MINIAPP, merchantPublicKeyPem: merchant.publicKey });
    client = createGopayClient({
      snap: {
        baseUrl: sb.url,
        clientId: "c",
        clientSecret: "s",
        partnerId: "P",
        channelId: "1",
        merchantId: "M",
        privateKeyPem: merchant.privateKey,
      },
      core: { baseUrl: sb.url, serverKey: "SB-Mid-server-coins" },
      miniApp: {
        baseUrl: sb.url,
        clientId: MINIAPP.miniappClientId,
        clientSecret: MINIAPP.miniappClientSecret,
      },
      // why short and no retries: a dropped answer must come back as "unknown" at once.
      timeoutMs: opts.timeoutMs ?? 5_000,
      maxRetries: 0,
    });
    if (opts.installEnv) {
      process.env.GOPAY_MINIAPP_BASE_URL = sb.url;
      process.env.GOPAY_MINIAPP_CLIENT_ID = MINIAPP.miniappClientId;
      process.env.GOPAY_MINIAPP_CLIENT_SECRET = MINIAPP.miniappClientSecret;
      resetEnvCache();
      resetGopayClient();
    }
  });
  afterAll(async () => {
    if (opts.installEnv) resetGopayClient();
    await sb?.close();
  });
  return {
    get sb() {
      if (!sb) throw new Error("sandbox not started");
      return sb;
    },
    get client() {
      if (!client) throw new Error("sandbox not started");
      return client;
    },
  };
}

export const coinsControl = <T = unknown>(sb: Sandbox, path: string, body?: unknown, method?: string) =>
  sandboxControl<T>(sb.url, path, body, method);

type SandboxUser = { id: string; name: string; phone: string; authToken: string; gopayAccountId: string };
export type Cashback = { paymentId: string; customerId: string; rupiah: number; description: string };

/** One of the sandbox's seeded users (cust-01 … cust-20) as a customer row of ours, its token sealed. */
export async function sandboxCustomer(
  db: DbOrTx,
  sb: Sandbox,
  sandboxId: string,
  over: { token?: boolean; merchantUserId?: string } = {},
) {
  const users = await coinsControl<SandboxUser[]>(sb, "/customers");
  const u = users.find((x) => x.id === sandboxId);
  if (!u) throw new Error(`no sandbox user ${sandboxId}`);
  const [row] = await db
    .insert(customers)
    .values({
      merchantUserId: over.merchantUserId ?? `MU-${sandboxId}-${randomUUID().slice(0, 8)}`,
      name: u.name,
      searchName: u.name.toLowerCase(),
      phone: u.phone,
      gopayAccountId: u.gopayAccountId,
      authTokenEnc: over.token === false ? null : encryptSecret(u.authToken),
    })
    .returning();
  return { ...row!, sandboxId };
}

export async function insertPayout(
  db: DbOrTx,
  over: Partial<typeof coinPayouts.$inferInsert> & { customerId: string },
) {
  const [row] = await db
    .insert(coinPayouts)
    .values({
      amount: 10_000_00n,
      description: "Thank you",
      reasonCode: "goodwill",
      requestId: mintCoinRequestId(),
      status: "queued",
      ...over,
    })
    .returning();
  return row!;
}

/** The sandbox's cashback ledger (what GoPay actually paid). */
export async function sandboxCashbacks(sb: Sandbox, sandboxCustomerId?: string): Promise<Cashback[]> {
  const m = await coinsControl<{ cashbacks: Cashback[]; coinWalletRupiah: number }>(sb, "/miniapp");
  return sandboxCustomerId ? m.cashbacks.filter((c) => c.customerId === sandboxCustomerId) : m.cashbacks;
}

export async function sandboxWallet(sb: Sandbox): Promise<number> {
  return (await coinsControl<{ coinWalletRupiah: number }>(sb, "/miniapp")).coinWalletRupiah;
}

/** The Request-Ids the sandbox received for cashbacks (op log). */
export async function cashbackRequestIds(sb: Sandbox): Promise<string[]> {
  const log = await coinsControl<{ headers: Record<string, string> }[]>(sb, "/requests?op=miniapp.cashback");
  return log.map((r) => r.headers["request-id"] ?? "");
}

import { randomInt, randomUUID } from "node:crypto";
import { resetEnvCache } from "../../app/env.server";
import type { DbOrTx } from "../../app/db/client.server";
import { gopay, resetGopayClient, type GopayClient } from "../../app/gopay/index.server";
import { applyHoldPaymentState } from "../../app/services/holds/apply.server";
import { orders } from "../../db/schema";
import { startSandbox, type Sandbox } from "../../sandbox/server";
import { sandboxControl } from "../support/sandbox-control";

/**
 * Real parts for hold/account tests: an in-process sandbox on a free port, and the app's own
 * GoPay client (gopay(), so jobs and resolvers use it too) pointed at it through the environment.
 */
export const SERVER_KEY = "SB-Mid-server-holds-it";

export interface TestGopay {
  sb: Sandbox;
  client: GopayClient;
  control(path: string, body?: unknown, method?: string): Promise<unknown>;
  requests(op: string): Promise<{ method: string; path: string; op: string; status: number }[]>;
  close(): Promise<void>;
}

export async function startTestGopay(opts: { coreNotifyUrl?: string } = {}): Promise<TestGopay> {
  const sb = await startSandbox({ port: 0, serverKey: SERVER_KEY, coreNotifyUrl: opts.coreNotifyUrl });
  process.env.GOPAY_CORE_BASE_URL = sb.url;
  process.env.MIDTRANS_SERVER_KEY = SERVER_KEY;
  resetEnvCache();
  resetGopayClient();
  const control = (path: string, body?: unknown, method?: string) => sandboxControl(sb.url, path, body, method);
  return {
    sb,
    client: gopay(),
    control,
    requests: async (op) => (await control(`/requests?op=${encodeURIComponent(op)}`)) as { method: string; path: string; op: string; status: number }[],
    close: async () => {
      resetGopayClient();
      await sb.close();
    },
  };
}

/** A pay account linked at the sandbox (create + the customer completes linking). */
export async function linkedAccount(g: TestGopay): Promise<{ accountId: string; tokens: Record<string, string> }> {
  const phone = `8${randomInt(100_000_000, 999_999_999)}`;
  const created = await g.client.core.createPayAccount({ phoneNumber: phone, countryCode: "62" });
  const accountId = created.accountId!;
  await g.control(`/pay-accounts/${accountId}/complete`, {});
  const acc = await g.client.core.getPayAccount(accountId);
  return { accountId, tokens: Object.fromEntries(acc.paymentOptions.map((o) => [o.name, o.token ?? ""])) };
}

/** A real pre-auth charge at the sandbox, and the matching order + hold rows (as INGEST would write them). */
export async function heldOrder(
  database: DbOrTx,
  g: TestGopay,
  account: { accountId: string; tokens: Record<string, string> },
  opts: { amount?: bigint; expiryMinutes?: number; option?: string } = {},
) {
  const amount = opts.amount ?? 1_000_00n;
  const orderId = `HOLD-${randomUUID().slice(0, 18)}`;
  const option = opts.option ?? "PAY_LATER";
  const tx = await g.client.core.charge({
    idempotencyKey: randomUUID(),
    orderId,
    amount,
    accountId: account.accountId,
    paymentOptionToken: account.tokens[option]!,
    preAuth: true,
    customExpiry: { expiryDuration: opts.expiryMinutes ?? 60, unit: "minute" },
  });
  if (tx.transactionStatus !== "authorize") throw new Error(`charge answered ${tx.transactionStatus}`);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + (opts.expiryMinutes ?? 60) * 60_000);
  const [order] = await database
    .insert(orders)
    .values({
      orderId,
      gopayReference: tx.transactionId,
      channel: "preauth",
      status: "authorised",
      amount,
      paymentOption: option as "PAY_LATER",
      expiresAt,
    })
    .returning();
  const { hold } = await applyHoldPaymentState(database, order!, "authorize", null, { expiresAt, now });
  return { order: order!, hold: hold! };
}

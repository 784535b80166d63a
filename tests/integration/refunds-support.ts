import { generateKeyPairSync, randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { orders, roleLimits, type Role } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { createGopayClient, type GopayClient } from "~/gopay/index.server";
import { startSandbox, type Sandbox } from "../../sandbox/server";
import { sandboxControl } from "../support/sandbox-control";

/**
 * Shared setup for the refund/approval/cancel integration tests: a real sandbox in-process on a
 * free port, a real GoPay client pointed at it, and orders that exist at BOTH the sandbox
 * (created with payment host-to-host, paid with the sandbox's control API) and our database.
 */
const creds = { clientId: "rf-client", clientSecret: "rf-client-secret-0123456789", partnerId: "RFPARTNER", serverKey: "SB-Mid-server-rf" };

export function useSandbox(opts: { timeoutMs?: number } = {}): {
  readonly sb: Sandbox;
  readonly client: GopayClient;
  /** The same credentials with a generous timeout: for a test's own set-up and its reading of GoPay's truth. */
  readonly patient: GopayClient;
} {
  let sb: Sandbox | undefined;
  let client: GopayClient | undefined;
  let patient: GopayClient | undefined;
  beforeAll(async () => {
    const merchant = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    sb = await startSandbox({ port: 0, ...creds, merchantPublicKeyPem: merchant.publicKey });
    const make = (timeoutMs: number) =>
      createGopayClient({
        snap: { baseUrl: sb!.url, clientId: creds.clientId, clientSecret: creds.clientSecret, partnerId: creds.partnerId, channelId: "12345", merchantId: "M-RF", privateKeyPem: merchant.privateKey },
        core: { baseUrl: sb!.url, serverKey: creds.serverKey },
        miniApp: { baseUrl: sb!.url, clientId: "x", clientSecret: "y" },
        timeoutMs,
        maxRetries: 0,
      });
    // why short: the drop-after fault test needs the client to give up quickly and call it unknown.
    client = make(opts.timeoutMs ?? 3_000);
    // why separate: a test's own reading of GoPay's state must not time out on a loaded machine
    // (the 300 ms client of the property test did, and failed the run without any money bug).
    patient = make(30_000);
  });
  afterAll(async () => {
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
    get patient() {
      if (!patient) throw new Error("sandbox not started");
      return patient;
    },
  };
}

export async function control(sb: Sandbox, path: string, body?: unknown, method?: string): Promise<unknown> {
  return sandboxControl(sb.url, path, body, method);
}

/** How many refund requests reached the sandbox's business logic for this order (by path filter). */
export async function sandboxRefundCalls(sb: Sandbox, op: "snap.refund" | "core.refund" = "snap.refund"): Promise<number> {
  const log = (await control(sb, `/requests?op=${op}`)) as unknown;
  const list = Array.isArray(log) ? log : ((log as { requests?: unknown[] }).requests ?? []);
  return list.length;
}

/** A deeplink order at the sandbox (paid unless `paid: false`) and its matching row in our DB. */
export async function sandboxOrder(
  db: DbOrTx,
  client: GopayClient,
  sb: Sandbox,
  opts: { amount?: bigint; paid?: boolean; paidAt?: Date } = {},
) {
  const amount = opts.amount ?? 500_000_00n;
  const orderId = `ORD-RF-${randomUUID().slice(0, 8)}`;
  const externalId = randomUUID().replace(/-/g, "");
  const res = await client.snap.payment({ externalId, partnerReferenceNo: orderId, amount, returnUrl: "https://loket.test/back" });
  const paid = opts.paid ?? true;
  if (paid) await control(sb, `/snap/payments/${res.referenceNo}/pay`, { payOption: "GOPAY_WALLET" });
  const [row] = await db
    .insert(orders)
    .values({
      orderId,
      gopayReference: res.referenceNo ?? null,
      externalId,
      channel: "deeplink",
      paymentOption: "GOPAY_WALLET",
      status: paid ? "paid" : "pending",
      amount,
      paidAmount: paid ? amount : 0n,
      paidAt: paid ? (opts.paidAt ?? new Date()) : null,
      customerName: "Siti Rahma",
      customerPhone: "6281234567890",
    })
    .returning();
  return row!;
}

export async function setLimit(db: DbOrTx, role: Role, limit: bigint | null) {
  await db.insert(roleLimits).values({ role, refundLimit: limit }).onConflictDoUpdate({ target: roleLimits.role, set: { refundLimit: limit } });
}

/** The refunds the sandbox holds for a payment (its own state, read through the status API). */
export async function sandboxRefunds(client: GopayClient, order: { gopayReference: string | null }) {
  const s = await client.snap.status({ externalId: randomUUID().replace(/-/g, ""), originalReferenceNo: order.gopayReference ?? undefined });
  return s.refunds;
}

/** A tokenized (Core API) order: a pay account linked and charged at the sandbox (settlement), and its row in our DB. */
export async function sandboxCoreOrder(db: DbOrTx, client: GopayClient, sb: Sandbox, opts: { amount?: bigint } = {}) {
  const amount = opts.amount ?? 100_000_00n;
  const phone = `8${randomInt(100_000_000, 999_999_999)}`;
  const created = await client.core.createPayAccount({ phoneNumber: phone, countryCode: "62" });
  await control(sb, `/pay-accounts/${created.accountId}/complete`, {});
  const acc = await client.core.getPayAccount(created.accountId!);
  const token = acc.paymentOptions.find((o) => o.name === "GOPAY_WALLET")?.token ?? "";
  const orderId = `ORD-RFC-${randomUUID().slice(0, 8)}`;
  const tx = await client.core.charge({ idempotencyKey: randomUUID(), orderId, amount, accountId: created.accountId!, paymentOptionToken: token });
  if (tx.transactionStatus !== "settlement") throw new Error(`charge answered ${tx.transactionStatus}`);
  const [row] = await db
    .insert(orders)
    .values({
      orderId,
      gopayReference: tx.transactionId,
      channel: "tokenized",
      paymentOption: "GOPAY_WALLET",
      status: "paid",
      amount,
      paidAmount: amount,
      paidAt: new Date(),
      customerName: "Budi Santoso",
      customerPhone: `62${phone}`,
    })
    .returning();
  return row!;
}

/** What GoPay (the sandbox) has refunded on an order, whichever API it was paid through. */
export async function gopayRefunded(client: GopayClient, order: { channel: string; orderId: string; gopayReference: string | null }) {
  if (order.channel === "deeplink") {
    const list = await sandboxRefunds(client, order);
    return { count: list.length, total: list.filter((r) => r.status !== "06").reduce((a, r) => a + r.amount, 0n) };
  }
  const t = await client.core.status(order.orderId);
  return { count: t.refunds.length, total: t.refunds.reduce((a, r) => a + r.amount, 0n) };
}

import { generateKeyPairSync, randomInt, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { orders } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { resetEnvCache } from "~/env.server";
import { createGopayClient, type GopayClient } from "~/gopay/index.server";
import { action as snapAction } from "~/routes/v1[.]0.debit.notify";
import { action as coreAction } from "~/routes/webhooks.gopay";
import { startSandbox, type Sandbox } from "../../sandbox/server";
import { sandboxControl } from "../support/sandbox-control";

/**
 * Reconciliation's world: a real sandbox whose signed notifications travel over real HTTP to a
 * small server that hands the exact bytes to Loket's two webhook route actions (SNAP notify and
 * Core), and a real GoPay client. Orders exist at both sides; what Loket knows of them it learnt
 * from those notifications (or, for a Core charge, from the charge's answer).
 */
const creds = {
  clientId: "rc-client",
  clientSecret: "rc-client-secret-0123456789",
  partnerId: "RCPARTNER",
  serverKey: "SB-Mid-server-rc",
};

export function useReconWorld() {
  let sb: Sandbox | undefined;
  let app: Server | undefined;
  let client: GopayClient | undefined;
  beforeAll(async () => {
    const merchant = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    app = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const rawBody = Buffer.concat(chunks);
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: rawBody });
        const action = req.url?.startsWith("/webhooks/gopay") ? coreAction : snapAction;
        action({ request, context: { rawBody, cspNonce: "", clientIp: "127.0.0.1" }, params: {} } as never)
          .then(async (r: Response) => {
            res.writeHead(r.status, Object.fromEntries(r.headers));
            res.end(Buffer.from(await r.arrayBuffer()));
          })
          .catch((e: Error) => {
            res.writeHead(500);
            res.end(e.message);
          });
      });
    });
    await new Promise<void>((r) => app!.listen(0, "127.0.0.1", r));
    const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    sb = await startSandbox({
      port: 0,
      ...creds,
      merchantPublicKeyPem: merchant.publicKey,
      notifyUrl: `${appUrl}/v1.0/debit/notify`,
      coreNotifyUrl: `${appUrl}/webhooks/gopay`,
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), "loket-rc-")), "notify.pub.pem");
    writeFileSync(file, sb.keys.notifyPublicKeyPem);
    process.env.GOPAY_NOTIFY_PUBLIC_KEY_FILE = file;
    process.env.MIDTRANS_SERVER_KEY = creds.serverKey;
    process.env.JOBS_ENABLED = "false";
    resetEnvCache();
    client = createGopayClient({
      snap: {
        baseUrl: sb.url,
        ...creds,
        channelId: "12345",
        merchantId: "M-RC",
        privateKeyPem: merchant.privateKey,
      },
      core: { baseUrl: sb.url, serverKey: creds.serverKey },
      miniApp: { baseUrl: sb.url, clientId: "x", clientSecret: "y" },
      timeoutMs: 15_000,
      maxRetries: 0,
    });
  });
  afterAll(async () => {
    await sb?.close();
    await new Promise((r) => (app ? app.close(r) : r(undefined)));
  });
  return {
    get sb() {
      return sb!;
    },
    get client() {
      return client!;
    },
    control: (p: string, body?: unknown, method?: string) => sandboxControl(sb!.url, p, body, method),
  };
}

export async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type World = ReturnType<typeof useReconWorld>;

/** A deeplink (SNAP) order: Loket's row first (pending), then the payment at the sandbox; `pay` has the customer pay. */
export async function snapOrder(db: DbOrTx, w: World, opts: { amount?: bigint } = {}) {
  const amount = opts.amount ?? 150_000_00n;
  const orderId = `RC-S-${randomUUID().slice(0, 8)}`;
  const externalId = randomUUID().replace(/-/g, "");
  const [row] = await db
    .insert(orders)
    .values({
      orderId,
      externalId,
      channel: "deeplink",
      status: "pending",
      amount,
      customerName: "Siti Rahma",
      customerPhone: "6281234567890",
    })
    .returning();
  const res = await w.client.snap.payment({
    externalId,
    partnerReferenceNo: orderId,
    amount,
    returnUrl: "https://loket.test/back",
  });
  await db
    .update(orders)
    .set({ gopayReference: res.referenceNo ?? null })
    .where(eq(orders.id, row!.id));
  return { id: row!.id, orderId, referenceNo: res.referenceNo! };
}

/** A tokenized (Core) order: a linked pay account charged at the sandbox (settlement); Loket books the charge's answer, as its charge service does. */
export async function coreOrder(db: DbOrTx, w: World, opts: { amount?: bigint } = {}) {
  const amount = opts.amount ?? 100_000_00n;
  const phone = `8${randomInt(100_000_000, 999_999_999)}`;
  const created = await w.client.core.createPayAccount({ phoneNumber: phone, countryCode: "62" });
  await w.control(`/pay-accounts/${created.accountId}/complete`, {});
  const acc = await w.client.core.getPayAccount(created.accountId!);
  const token = acc.paymentOptions.find((o) => o.name === "GOPAY_WALLET")?.token ?? "";
  const orderId = `RC-C-${randomUUID().slice(0, 8)}`;
  const [row] = await db
    .insert(orders)
    .values({
      orderId,
      channel: "tokenized",
      status: "pending",
      amount,
      customerName: "Budi Santoso",
      customerPhone: `62${phone}`,
    })
    .returning();
  const tx = await w.client.core.charge({
    idempotencyKey: randomUUID(),
    orderId,
    amount,
    accountId: created.accountId!,
    paymentOptionToken: token,
  });
  if (tx.transactionStatus !== "settlement") throw new Error(`charge answered ${tx.transactionStatus}`);
  await db
    .update(orders)
    .set({
      gopayReference: tx.transactionId,
      status: "paid",
      statusRank: 30,
      gopayStatus: "settlement",
      paidAmount: amount,
      paidAt: new Date(),
      paymentOption: "GOPAY_WALLET",
    })
    .where(eq(orders.id, row!.id));
  return { id: row!.id, orderId };
}

/** GoPay status calls the sandbox answered (its request log). */
export async function statusCalls(w: World): Promise<number> {
  const snap = await w.control("/requests?op=snap.status");
  const core = await w.control("/requests?op=core.status");
  return (snap as unknown[]).length + (core as unknown[]).length;
}

import { generateKeyPairSync, randomUUID } from "node:crypto";
import { writeFileSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { notifications, orderEvents, orders } from "../../db/schema";
import { resetEnvCache } from "../../app/env.server";
import { createGopayClient, type GopayClient } from "../../app/gopay/index.server";
import { action } from "../../app/routes/v1[.]0.debit.notify";
import { startSandbox, type Sandbox } from "../../sandbox/server";
import { useTestDb } from "../support/db";
import { insertOrder } from "../support/factories";

/**
 * End to end with the real sandbox: a payment created through the GoPay client, paid with the
 * sandbox control API; the sandbox's signed notification travels over real HTTP to a small
 * server that hands the exact bytes to the route action, and the order becomes paid. With the
 * sandbox told to send every notification twice, the order still has one history row.
 */
const t = useTestDb();
const creds = { clientId: "nt-client", clientSecret: "nt-client-secret-0123456789", partnerId: "NTPARTNER", serverKey: "SB-Mid-server-nt" };
const merchant = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});
let sb: Sandbox;
let app: Server;
let gp: GopayClient;

beforeAll(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: rawBody });
      action({ request, context: { rawBody, cspNonce: "", clientIp: "127.0.0.1" }, params: {} })
        .then(async (r) => {
          res.writeHead(r.status, Object.fromEntries(r.headers));
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch((e: Error) => {
          res.writeHead(500);
          res.end(e.message);
        });
    });
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  sb = await startSandbox({ port: 0, ...creds, merchantPublicKeyPem: merchant.publicKey, notifyUrl: `${appUrl}/v1.0/debit/notify` });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "loket-nt-")), "notify.pub.pem");
  writeFileSync(file, sb.keys.notifyPublicKeyPem);
  process.env.GOPAY_NOTIFY_PUBLIC_KEY_FILE = file;
  process.env.JOBS_ENABLED = "false";
  resetEnvCache();
  gp = createGopayClient({
    snap: { baseUrl: sb.url, ...creds, channelId: "12345", merchantId: "M-NT", privateKeyPem: merchant.privateKey },
    core: { baseUrl: sb.url, serverKey: creds.serverKey },
    miniApp: { baseUrl: sb.url, clientId: "x", clientSecret: "y" },
    timeoutMs: 5_000,
  });
});

afterAll(async () => {
  await sb?.close();
  await new Promise((r) => app?.close(r));
});

async function control(p: string, body: unknown = {}) {
  const res = await fetch(`${sb.url}/_sandbox${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${p}: ${res.status} ${await res.text()}`);
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it("a sandbox payment paid by the customer makes the order paid through the signed notification (duplicates included)", { timeout: 30_000 }, async () => {
  const orderId = `NT-${randomUUID().slice(0, 8)}`;
  const o = await insertOrder(t.db, { orderId, status: "pending", gopayReference: null, paymentOption: null, paidAt: null, amount: 75_000_00n });
  const res = await gp.snap.payment({ externalId: String(Date.now()), partnerReferenceNo: orderId, amount: 75_000_00n, returnUrl: "https://loket.test/back" });
  await until("the 03 notification", async () => {
    const rows = await t.db.select().from(notifications).where(eq(notifications.reference, orderId));
    return rows.some((r) => r.statusCode === "03" && r.appliedAt) ? true : undefined;
  });

  await control("/faults", { op: "notify.snap", mode: "duplicate-notify", count: 1 });
  await control(`/snap/payments/${res.referenceNo}/pay`, { payOption: "PAY_LATER" });
  const paid = await until("the order to be paid", async () => {
    const [row] = await t.db.select().from(orders).where(eq(orders.id, o.id));
    return row?.status === "paid" ? row : undefined;
  });
  expect(paid).toMatchObject({ paidAmount: 75_000_00n, paymentOption: "PAY_LATER", gopayReference: res.referenceNo, gopayStatus: "00" });
  const stored = await until("the duplicate to be stored", async () => {
    const rows = await t.db.select().from(notifications).where(eq(notifications.reference, orderId)).orderBy(asc(notifications.id));
    return rows.filter((r) => r.statusCode === "00" && r.appliedAt).length === 2 ? rows : undefined;
  });
  expect(stored.every((r) => r.signatureValid && r.verification === "ok")).toBe(true);
  expect(stored.filter((r) => r.statusCode === "00").map((r) => r.isDuplicate).sort()).toEqual([false, true]);
  const events = await t.db.select().from(orderEvents).where(eq(orderEvents.orderId, o.id));
  expect(events.filter((e) => e.kind === "status.changed")).toHaveLength(1);
});

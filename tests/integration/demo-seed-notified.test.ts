/* eslint-disable @typescript-eslint/no-explicit-any -- the sandbox's control API answers loose JSON */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, count, eq, isNotNull, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { resetEnvCache } from "../../app/env.server";
import { resetGopayClient } from "../../app/gopay/index.server";
import { seedDemoData } from "../../app/services/demo-data/seed.server";
import { ingestCoreNotification, ingestSnapNotification } from "../../app/services/notifications/ingest.server";
import { ensureDemoStaff } from "../../app/services/staff/demo-staff.server";
import { holds, notifications, orders, ORDER_STATUSES, payAccounts } from "../../db/schema";
import { startSandbox, type Sandbox } from "../../sandbox/server";
import { useTestDb } from "../support/db";

/**
 * The seed while the app IS listening (the embedded demo's case): the sandbox's signed
 * notifications travel over HTTP to a small server that hands the raw bytes to the real ingest
 * services, concurrently with the seed's own convergence. Both are forward-only and idempotent,
 * so Loket ends in the same states as without an app, and the notifications that arrive after
 * the seed move nothing.
 */
const t = useTestDb();
let sb: Sandbox;
let app: Server;
let lines: string[];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  app = createServer((req, res) => {
    void readBody(req).then(async (rawBody) => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      // why: no job queue in this test; a failed apply stays on the row (the sweep's job in the app)
      const opts = { onFailure: () => undefined };
      try {
        const r = req.url?.startsWith("/v1.0/debit/notify")
          ? await ingestSnapNotification({ rawBody, headers }, opts)
          : await ingestCoreNotification({ rawBody, headers }, opts);
        res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
        res.end(JSON.stringify(r.body));
      } catch (e) {
        res.writeHead(500);
        res.end((e as Error).message);
      }
    });
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const merchant = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  sb = await startSandbox({
    port: 0,
    merchantPublicKeyPem: merchant.publicKey,
    notifyUrl: `${appUrl}/v1.0/debit/notify`,
    coreNotifyUrl: `${appUrl}/webhooks/gopay`,
    sweepIntervalMs: 200,
  });
  const dir = mkdtempSync(path.join(tmpdir(), "loket-seed-notified-"));
  writeFileSync(path.join(dir, "merchant.pem"), merchant.privateKey);
  writeFileSync(path.join(dir, "notify.pub.pem"), sb.keys.notifyPublicKeyPem);
  Object.assign(process.env, {
    GOPAY_SNAP_BASE_URL: sb.url,
    GOPAY_CORE_BASE_URL: sb.url,
    GOPAY_MINIAPP_BASE_URL: sb.url,
    GOPAY_PRIVATE_KEY_FILE: path.join(dir, "merchant.pem"),
    GOPAY_NOTIFY_PUBLIC_KEY_FILE: path.join(dir, "notify.pub.pem"),
    GOPAY_TIMEOUT_MS: "3000",
    DATA_ENCRYPTION_KEY: "test-data-encryption-key-0123456789abcdef",
    JOBS_ENABLED: "false",
  });
  resetEnvCache();
  resetGopayClient();
  await ensureDemoStaff(t.db, "demo-password-for-tests");
  const started = Date.now();
  lines = await seedDemoData(t.db);
  console.log(`demo seed with notifications took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 120_000);

afterAll(async () => {
  resetGopayClient();
  await sb?.close();
  await new Promise((r) => app?.close(r));
});

/** The representative sample (through the sandbox); the bulk history is written directly. */
const SAMPLE = like(orders.orderId, "DEMO-%");

async function snapshot() {
  const os = await t.db.select({ id: orders.orderId, s: orders.status, r: orders.refundedAmount }).from(orders).where(SAMPLE).orderBy(orders.orderId);
  const hs = await t.db.select({ id: holds.orderId, s: holds.status }).from(holds).innerJoin(orders, eq(orders.id, holds.orderId)).where(SAMPLE).orderBy(holds.orderId);
  const as = await t.db.select({ id: payAccounts.accountId, s: payAccounts.status }).from(payAccounts).where(like(payAccounts.phone, "628120000%")).orderBy(payAccounts.accountId);
  return { orders: os.map((o) => `${o.id}:${o.s}:${o.r}`), holds: hs.map((h) => `${h.id}:${h.s}`), accounts: as.map((a) => `${a.id}:${a.s}`) };
}

it("ends in every state, with notifications applied alongside, and later ones move nothing", async () => {
  expect(lines.filter((l) => l.startsWith("  !"))).toEqual([]);
  const [applied] = await t.db.select({ n: count() }).from(notifications).where(isNotNull(notifications.appliedAt));
  expect(applied!.n).toBeGreaterThan(20); // the app really was listening during the seed

  const after = await snapshot();
  // Let the sandbox finish delivering (its outbox), then nothing may have moved.
  const deadline = Date.now() + 15_000;
  for (;;) {
    // (a kept-alive socket may have been closed by the sandbox while the history was written: ask again)
    const outbox = (await fetch(`${sb.url}/_sandbox/notifications`)
      .catch(() => fetch(`${sb.url}/_sandbox/notifications`))
      .then((r) => r.json())) as any[];
    if (outbox.every((n) => n.state !== "pending" && n.state !== "held")) {
      expect(outbox.filter((n) => n.state === "failed")).toEqual([]);
      break;
    }
    if (Date.now() > deadline) throw new Error(`outbox not drained: ${outbox.filter((n) => n.state === "pending").length} pending`);
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(await snapshot()).toEqual(after);

  const statuses = new Set((await t.db.select({ s: orders.status }).from(orders).where(SAMPLE)).map((r) => r.s));
  expect(statuses).toEqual(new Set(ORDER_STATUSES));
  const pairs = await t.db.select({ h: holds.status, o: orders.status }).from(holds).innerJoin(orders, eq(orders.id, holds.orderId)).where(SAMPLE);
  expect(new Set(pairs.map((p) => `${p.h}/${p.o}`))).toEqual(new Set(["authorised/authorised", "captured/paid", "released/cancelled", "expired/expired"]));
  const accs = await t.db.select({ s: payAccounts.status }).from(payAccounts).where(like(payAccounts.phone, "628120000%"));
  expect(accs.map((a) => a.s).sort()).toEqual(["DISABLED", "DISABLED", "ENABLED", "ENABLED", "EXPIRED", "PENDING"]);
});

it("dates GoPay's notifications of the back-dated sample a moment after what they report, not days later", async () => {
  // The payment notifications (the customers' moves) arrived while the seed ran and were moved
  // back with their orders; a notification is never before its order nor long after its outcome.
  const rows = await t.db
    .select({ orderId: orders.orderId, at: notifications.receivedAt, created: orders.createdAt, paid: orders.paidAt, status: notifications.statusCode, channel: orders.channel })
    .from(notifications)
    .innerJoin(orders, eq(orders.orderId, notifications.reference))
    .where(SAMPLE);
  expect(rows.length).toBeGreaterThan(10);
  for (const r of rows) expect(r.at.getTime(), `${r.orderId} ${r.status}`).toBeGreaterThanOrEqual(r.created.getTime());
  // A SNAP "paid" notification reports the payment: within a minute of it.
  const paidNotes = rows.filter((r) => r.channel === "deeplink" && r.status === "00" && r.paid);
  expect(paidNotes.length).toBeGreaterThan(5);
  for (const r of paidNotes) expect(Math.abs(r.at.getTime() - r.paid!.getTime()), r.orderId).toBeLessThan(60_000);
  // and the same holds for the history, written directly
  const [far] = await t.db
    .select({ n: count() })
    .from(notifications)
    .innerJoin(orders, eq(orders.orderId, notifications.reference))
    .where(and(like(orders.orderId, "INV-%"), sql`${notifications.receivedAt} > coalesce(${orders.paidAt}, ${orders.closedAt}) + interval '1 minute'`));
  expect(far!.n).toBe(0);
});

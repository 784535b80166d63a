import { and, eq, inArray, sql } from "drizzle-orm";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, orderEvents, orders } from "~db/schema";
import { createApp } from "../../server/app";
import { WEBHOOK_APPLY_CONCURRENCY, webhookApplyQueue } from "../../app/services/notifications/apply-queue.server";
import { signNotify, xTimestamp } from "../../app/gopay/signing.server";
import { useTestDb } from "../support/db";
import { insertOrder } from "../support/factories";
import { serverBuild } from "./http-server";
import { coreBody, installKeys, snapBody } from "./notifications-support";

/**
 * GoPay's webhooks are answered by plain Express handlers (server/webhooks.ts) ahead of Remix.
 * Every answer must be the one the Remix routes give: the same front started both ways
 * (`webhooksInExpress: false` = through Remix's routes), the same requests, compared.
 */
const t = useTestDb();
let keys: ReturnType<typeof installKeys>;
let express: { url: string; server: Server };
let remix: { url: string; server: Server };

async function start(webhooksInExpress: boolean, build: Awaited<ReturnType<typeof serverBuild>>) {
  const server = createServer(createApp({ build, mode: "production", webhooksInExpress }));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

beforeAll(async () => {
  keys = installKeys();
  const build = await serverBuild();
  express = await start(true, build);
  remix = await start(false, build);
});
afterAll(async () => {
  for (const s of [express, remix]) {
    s?.server.closeAllConnections();
    await new Promise((r) => s?.server.close(r));
  }
});

const KEPT_HEADERS = [
  "content-type",
  "cache-control",
  "retry-after",
  "content-security-policy",
  "x-frame-options",
  "x-content-type-options",
  "vary",
];

async function both(path: string, init: () => RequestInit) {
  const out = [];
  for (const base of [express.url, remix.url]) {
    const res = await fetch(`${base}${path}`, init());
    const headers = Object.fromEntries(
      KEPT_HEADERS.map((h) => [
        h,
        h === "content-security-policy"
          ? res.headers.get(h)?.replace(/nonce-[^']+/, "nonce-*")
          : res.headers.get(h),
      ]),
    );
    out.push({
      status: res.status,
      body: await res.text(),
      headers,
      timestamped: res.headers.has("x-timestamp"),
    });
  }
  return { express: out[0]!, remix: out[1]! };
}

function signed(body: string) {
  const ts = xTimestamp();
  return {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-TIMESTAMP": ts,
      "X-SIGNATURE": signNotify("/v1.0/debit/notify", body, ts, keys.privateKey),
      "X-PARTNER-ID": "P",
      "X-EXTERNAL-ID": String(Date.now()),
    },
    body,
  };
}

describe("webhooks served by Express answer exactly as the Remix routes", () => {
  it.each([
    ["GET", "/v1.0/debit/notify"],
    ["HEAD", "/v1.0/debit/notify"],
    ["PUT", "/v1.0/debit/notify"],
    ["GET", "/webhooks/gopay"],
    ["DELETE", "/webhooks/gopay"],
    ["GET", "/WEBHOOKS/gopay/"],
  ])("%s %s → 405 with the route's body", async (method, path) => {
    const r = await both(path, () => ({ method }));
    expect(r.express.status).toBe(405);
    expect(r.express).toEqual(r.remix);
  });

  it("refusals: a bad SNAP signature (401), a stale timestamp (401), a Core body that is not a notification (400)", async () => {
    await insertOrder(t.db, { orderId: "WH-REFUSE", status: "pending", amount: 15_000_000n });
    const body = snapBody({ orderId: "WH-REFUSE", status: "00" });
    const bad = await both("/v1.0/debit/notify", () => ({
      ...signed(body),
      headers: { ...signed(body).headers, "X-SIGNATURE": "AAAA" },
    }));
    expect(bad.express.status).toBe(401);
    expect(bad.express).toEqual(bad.remix);
    const stale = await both("/v1.0/debit/notify", () => {
      const ts = xTimestamp(new Date(Date.now() - 3_600_000));
      return {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-TIMESTAMP": ts,
          "X-SIGNATURE": signNotify("/v1.0/debit/notify", body, ts, keys.privateKey),
        },
        body,
      };
    });
    expect(stale.express.status).toBe(401);
    expect(stale.express).toEqual(stale.remix);
    const core = await both("/webhooks/gopay", () => ({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    }));
    expect(core.express.status).toBe(400);
    expect(core.express).toEqual(core.remix);
    const forged = await both("/webhooks/gopay", () => ({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: coreBody({ orderId: "WH-REFUSE", status: "settlement", badSignature: true }),
    }));
    expect(forged.express.status).toBe(401);
    expect(forged.express).toEqual(forged.remix);
    const order = await t.db.query.orders.findFirst({ where: eq(orders.orderId, "WH-REFUSE") });
    expect(order!.status).toBe("pending");
  });

  it("a signed SNAP notification through Express is stored and applied once; the same through Remix is its duplicate", async () => {
    const o = await insertOrder(t.db, { orderId: "WH-PAID", status: "pending", amount: 15_000_000n });
    const body = snapBody({ orderId: "WH-PAID", status: "00", payOption: "GOPAY_WALLET" });
    const r = await both("/v1.0/debit/notify", () => signed(body));
    expect(r.express.status).toBe(200);
    expect(JSON.parse(r.express.body)).toEqual({
      responseCode: "2005600",
      responseMessage: "Request has been processed successfully",
    });
    expect(r.express).toEqual(r.remix);
    expect(r.express.timestamped && r.remix.timestamped).toBe(true);
    const stored = await t.db.select().from(notifications).where(eq(notifications.reference, "WH-PAID"));
    expect(stored).toHaveLength(2);
    expect(stored.every((n) => n.appliedAt && n.rawBody === body && n.signatureValid)).toBe(true);
    expect(stored.filter((n) => n.isDuplicate)).toHaveLength(1);
    const order = await t.db.query.orders.findFirst({ where: eq(orders.id, o.id) });
    expect(order!.status).toBe("paid");
    expect(
      await t.db
        .select()
        .from(orderEvents)
        .where(and(eq(orderEvents.orderId, o.id), eq(orderEvents.kind, "status.changed"))),
    ).toHaveLength(1);
  });
});

describe("under a burst, a notification is answered once stored and applied by the queue (apply-queue.server.ts)", () => {
  it("with every apply slot taken, a signed notification gets its 200 while unapplied; the queue then applies it", async () => {
    const o = await insertOrder(t.db, { orderId: "WH-QUEUED", status: "pending", amount: 15_000_000n });
    const q = webhookApplyQueue();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // Other notifications applying right now: every slot busy.
    const busy = Array.from({ length: WEBHOOK_APPLY_CONCURRENCY }, () => q.offer(() => held));
    try {
      const res = await fetch(`${express.url}/v1.0/debit/notify`, signed(snapBody({ orderId: "WH-QUEUED", status: "00" })));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ responseCode: "2005600", responseMessage: "Request has been processed successfully" });
      const [stored] = await t.db.select().from(notifications).where(eq(notifications.reference, "WH-QUEUED"));
      expect(stored!.signatureValid).toBe(true);
      expect(stored!.appliedAt).toBeNull();
      expect(q.waiting).toBe(1);
      expect((await t.db.query.orders.findFirst({ where: eq(orders.id, o.id) }))!.status).toBe("pending");
    } finally {
      release();
      await Promise.all(busy);
    }
    await q.drain();
    const [applied] = await t.db.select().from(notifications).where(eq(notifications.reference, "WH-QUEUED"));
    expect(applied!.appliedAt).not.toBeNull();
    expect((await t.db.query.orders.findFirst({ where: eq(orders.id, o.id) }))!.status).toBe("paid");
  });

  it("40 orders' notifications, each sent twice, all at once: every one answered 200, each order paid once with one history row", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `WH-BURST-${i}`);
    for (const id of ids) await insertOrder(t.db, { orderId: id, status: "pending", amount: 15_000_000n });
    const bodies = ids.flatMap((id) => [snapBody({ orderId: id, status: "00" }), snapBody({ orderId: id, status: "00" })]);
    const answers = await Promise.all(bodies.map((b) => fetch(`${express.url}/v1.0/debit/notify`, signed(b)).then((r) => r.status)));
    expect(answers.every((s) => s === 200)).toBe(true);
    await webhookApplyQueue().drain();
    const rows = await t.db.select().from(notifications).where(sql`${notifications.reference} like 'WH-BURST-%'`);
    expect(rows).toHaveLength(80);
    expect(rows.every((n) => n.appliedAt !== null)).toBe(true);
    expect(rows.filter((n) => n.isDuplicate)).toHaveLength(40);
    const paid = await t.db.select().from(orders).where(and(sql`${orders.orderId} like 'WH-BURST-%'`, eq(orders.status, "paid")));
    expect(paid).toHaveLength(40);
    const events = await t.db
      .select()
      .from(orderEvents)
      .where(and(inArray(orderEvents.orderId, paid.map((p) => p.id)), eq(orderEvents.kind, "status.changed")));
    expect(events).toHaveLength(40);
  });
});


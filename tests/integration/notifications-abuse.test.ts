import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, payAccounts } from "../../db/schema";
import { action as coreAction } from "../../app/routes/webhooks.gopay";
import { action as snapAction } from "../../app/routes/v1[.]0.debit.notify";
import { ingestCoreNotification } from "../../app/services/notifications/ingest.server";
import { applyPendingNotifications } from "../../app/services/notifications/sweep.server";
import { resetWebhookThrottleMemory, WEBHOOK_FAILURE_MAX } from "../../app/services/notifications/throttle.server";
import { syncPayAccountFromGopay } from "../../app/services/accounts/sync.server";
import { useTestDb } from "../support/db";
import { linkedAccount, SERVER_KEY, startTestGopay, type TestGopay } from "./holds-helpers";
import { coreBody, installKeys, snapBody, snapRequest } from "./notifications-support";

/**
 * Hole 3 of "Money you can trust": an unauthenticated caller could make Loket store ~1 MB per
 * request and make it call GoPay once per forged pay-account notification. Real database, the
 * route actions, the real sandbox for pay accounts.
 */
const t = useTestDb();
let keys: ReturnType<typeof installKeys>;
let g: TestGopay;

beforeAll(async () => {
  keys = installKeys();
  g = await startTestGopay();
});
afterAll(async () => {
  await g?.close();
});

type Args = Parameters<typeof coreAction>[0];
async function postCoreFrom(ip: string, body: string) {
  const request = new Request("http://loket.test/webhooks/gopay", { method: "POST", headers: { "Content-Type": "application/json", "X-Probe": "p" }, body });
  const res = await coreAction({ request, context: { clientIp: ip, rawBody: Buffer.from(body) }, params: {} } as unknown as Args);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}
async function postSnapFrom(ip: string, request: Request) {
  const res = await snapAction({ request, context: { clientIp: ip }, params: {} } as unknown as Args);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const storedCount = async () => Number((await t.db.select({ n: sql<number>`count(*)` }).from(notifications))[0]!.n);

describe("what a failed notification leaves behind", () => {
  it("a 1 MB body (400, too large) and a 50 KB one with a bad signature (401) are each kept as headers, a 2 KB prefix, size, hash and reason", async () => {
    const genuine = JSON.parse(coreBody({ orderId: "ORD-BIG-1", status: "settlement", serverKey: SERVER_KEY })) as Record<string, unknown>;
    for (const [size, status, verification, reason] of [
      [1024 * 1024, 400, "malformed", /larger than 64 KB/],
      [50 * 1024, 401, "bad_signature", /signature/],
    ] as const) {
      const body = JSON.stringify({ ...genuine, signature_key: "f".repeat(128), padding: "x".repeat(size) });
      const res = await postCoreFrom("198.51.100.1", body);
      expect(res.status).toBe(status);
      const [row] = await t.db.select().from(notifications).where(eq(notifications.id, BigInt(await lastId())));
      expect(Buffer.byteLength(row!.rawBody, "utf8")).toBeLessThanOrEqual(2048);
      expect(body.startsWith(row!.rawBody.slice(0, 100))).toBe(true);
      expect(row!.result).toMatchObject({ bodyBytes: Buffer.byteLength(body), bodySha256: createHash("sha256").update(body).digest("hex"), truncated: true });
      expect(row!.verification).toBe(verification);
      expect(row!.applyError).toMatch(reason);
      expect(row!.headers).toMatchObject({ "x-probe": "p" });
      expect(row!.reference).toBe("ORD-BIG-1");
    }
  });

  it("an unverifiable pay-account notification padded to 60 KB is kept as the fields Loket reads, with size and hash", async () => {
    const body = JSON.stringify({ account_id: "acc-padded-1", account_status: "DISABLED", status_code: "204", junk: "y".repeat(60 * 1024) });
    await ingestCoreNotification({ rawBody: body, headers: new Headers(), clientIp: "198.51.100.2" }, { apply: false });
    const [row] = await t.db.select().from(notifications).where(eq(notifications.reference, "acc-padded-1"));
    expect(row!.rawBody.length).toBeLessThan(500);
    expect(JSON.parse(row!.rawBody)).toEqual({ account_id: "acc-padded-1", account_status: "DISABLED", status_code: "204" });
    expect(row!.result).toMatchObject({ bodyBytes: Buffer.byteLength(body), truncated: true });
  });
});

async function lastId(): Promise<string> {
  const [r] = await t.db.select({ id: sql<string>`max(${notifications.id})::text` }).from(notifications);
  return r!.id;
}

describe("failures are throttled per address, across processes", () => {
  it(`after ${WEBHOOK_FAILURE_MAX} failures in the window an address gets 429 and nothing more is stored; other addresses and valid notifications are unaffected`, async () => {
    const ip = "203.0.113.7";
    const forged = coreBody({ orderId: "ORD-THR-1", status: "settlement", serverKey: SERVER_KEY, badSignature: true });
    for (let i = 0; i < WEBHOOK_FAILURE_MAX; i++) expect((await postCoreFrom(ip, forged)).status).toBe(401);
    const before = await storedCount();
    const blocked = await postCoreFrom(ip, forged);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toMatch(/^\d+$/);
    // Another app process has no memory of this address: the database count still refuses it.
    resetWebhookThrottleMemory();
    expect((await postCoreFrom(ip, forged)).status).toBe(429);
    const snapForged = await postSnapFrom(ip, snapRequest(snapBody({ orderId: "ORD-THR-2", status: "00" }), keys.privateKey, { signature: "AAAA" }));
    expect(snapForged).toMatchObject({ status: 429, body: { responseCode: "4295600" } });
    expect(await storedCount()).toBe(before);
    // Another address still gets the contract's answer, and is stored.
    expect((await postCoreFrom("203.0.113.8", forged)).status).toBe(401);
    expect(await storedCount()).toBe(before + 1);
    // A notification that verifies is never throttled (forged traffic cannot block GoPay).
    const valid = await postSnapFrom(ip, snapRequest(snapBody({ orderId: "ORD-THR-3", status: "00" }), keys.privateKey));
    expect(valid).toMatchObject({ status: 200, body: { responseCode: "2005600" } });
  });
});

describe("forged pay-account notifications", () => {
  it("10 at once for one account make one GET; the ones that arrived during it are answered by one more GET after the window", async () => {
    const { accountId } = await linkedAccount(g);
    await syncPayAccountFromGopay(accountId);
    const gets = async () => (await g.requests("core.payAccount.get")).filter((r) => r.path.includes(accountId)).length;
    const before = await gets();
    const forged = JSON.stringify({ account_id: accountId, account_status: "DISABLED", status_code: "204", status_message: "forged" });
    const windowMs = 1_500;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => ingestCoreNotification({ rawBody: forged, headers: new Headers(), clientIp: "192.0.2.9" }, { payAccountWindowMs: windowMs })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await gets()).toBe(before + 1);
    await new Promise((r) => setTimeout(r, windowMs + 100));
    await applyPendingNotifications({ minAgeMs: 0, payAccountWindowMs: windowMs });
    const rows = await t.db.select().from(notifications).where(and(eq(notifications.reference, accountId), eq(notifications.source, "core_pay_account")));
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.appliedAt !== null)).toBe(true);
    expect(await gets()).toBeLessThanOrEqual(before + 2);
    // GoPay's GET decided: the forged DISABLED changed nothing.
    const [acc] = await t.db.select().from(payAccounts).where(eq(payAccounts.accountId, accountId));
    expect(acc!.status).toBe("ENABLED");
  });

  it("a pay-account notification for an account GoPay does not know is settled by one GET and counts against the sender", async () => {
    const body = JSON.stringify({ account_id: "acc-nobody-404", account_status: "DISABLED", status_code: "204" });
    const r = await ingestCoreNotification({ rawBody: body, headers: new Headers(), clientIp: "192.0.2.77" });
    expect(r.status).toBe(200);
    const [row] = await t.db.select().from(notifications).where(eq(notifications.reference, "acc-nobody-404"));
    expect(row!.appliedAt).not.toBeNull();
    expect(row!.result).toMatchObject({ action: "unknown_account" });
    // The sweep does not ask GoPay again about it.
    const gets = (await g.requests("core.payAccount.get")).filter((q) => q.path.includes("acc-nobody-404")).length;
    await applyPendingNotifications({ minAgeMs: 0 });
    expect((await g.requests("core.payAccount.get")).filter((q) => q.path.includes("acc-nobody-404")).length).toBe(gets);
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON answers loosely */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiIdempotency, operations, orders, payAccounts } from "~db/schema";
import { useTestDb } from "../support/db";
import { startHttpApp, type HttpApp } from "./http-server";
import { makeApiKey, startApiHarness, type ApiHarness } from "./merchant-api-helpers";

/**
 * The merchant API through the real Express server and the real sandbox: answers that were 500s
 * (or wrong 2xx) and must be the right 4xx.
 */
const t = useTestDb();
let h: ApiHarness;
let app: HttpApp;
let key: string;
let keyId: string;

beforeAll(async () => {
  h = await startApiHarness();
  app = await startHttpApp();
  const made = await makeApiKey(t.db, "hardening");
  key = made.key;
  keyId = made.row.id;
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

const oid = () => `ORD-${randomUUID().slice(0, 12)}`;
async function post(path: string, body: unknown, idem: string = randomUUID()): Promise<{ status: number; body: any }> {
  const res = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": idem },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe("one order_id, many concurrent creates with different Idempotency-Keys", () => {
  it("payments: exactly one 201, the others 409 order_exists, none 500", async () => {
    const order_id = oid();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post("/api/v1/payments", { order_id, amount: "25000" })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.code).toBe("order_exists");
    expect(await t.db.select().from(orders).where(eq(orders.orderId, order_id))).toHaveLength(1);
    // The refused ones left no operation behind (their transaction rolled back).
    expect(await t.db.select().from(operations).where(eq(operations.targetId, order_id))).toHaveLength(1);
  });
});

describe("fields that crashed the validator", () => {
  it("an item quantity of 1.5 is a 422 at the field, not a 500", async () => {
    const res = await post("/api/v1/payments", { order_id: oid(), amount: "150", items: [{ name: "Kopi", price: "100", quantity: 1.5 }] });
    expect(res.status).toBe(422);
    expect(res.body.error.fields["items.0.quantity"]).toMatch(/whole number/);
  });
});

describe("redirect_url: only https (http only for a loopback host, for the local sandbox)", () => {
  const bad = ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "http://shop.example/return", "ftp://shop.example/x", "https://user:pass@shop.example/"];
  for (const url of bad) {
    it(`payments refuse ${url.slice(0, 30)}`, async () => {
      const res = await post("/api/v1/payments", { order_id: oid(), amount: "1000", redirect_url: url });
      expect(res.status).toBe(422);
      expect(res.body.error.fields.redirect_url).toBeTruthy();
    });
  }
  it("pay accounts refuse javascript: too", async () => {
    const res = await post("/api/v1/pay-accounts", { merchant_user_id: "mu-js", phone: "081234567890", redirect_url: "javascript:alert(1)" });
    expect(res.status).toBe(422);
    expect(res.body.error.fields.redirect_url).toBeTruthy();
  });
  it("https and loopback http are accepted", async () => {
    for (const url of ["https://shop.example/return?x=1", "http://localhost:5173/back", "http://127.0.0.1:8080/back"]) {
      const res = await post("/api/v1/payments", { order_id: oid(), amount: "1000", redirect_url: url });
      expect(res.status, url).toBe(201);
    }
  });
});

describe("a keyed refusal made before anything executed is not replayed", () => {
  it("422 account_not_chargeable, then the account is enabled: the same key is evaluated afresh and charges", async () => {
    const phone = `0812${Math.floor(Math.random() * 1e8).toString().padStart(8, "0")}`;
    const linked = await post("/api/v1/pay-accounts", { merchant_user_id: "mu-refusal", phone });
    expect(linked.status).toBe(201);
    const accountId = linked.body.account_id as string;

    const idem = randomUUID();
    const order_id = oid();
    const body = { order_id, account_id: accountId, amount: "10000" };
    const first = await post("/api/v1/charges", body, idem);
    expect(first.status).toBe(422);
    expect(first.body.error.code).toBe("account_not_chargeable");
    // Nothing stored under the key for a request that never ran.
    expect(await t.db.select().from(apiIdempotency).where(and(eq(apiIdempotency.apiKeyId, keyId), eq(apiIdempotency.idempotencyKey, idem)))).toEqual([]);

    await h.control(`/pay-accounts/${accountId}/complete`, {});
    await t.db.update(payAccounts).set({ status: "ENABLED" }).where(eq(payAccounts.accountId, accountId));
    const again = await post("/api/v1/charges", body, idem);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ order_id, status: "paid" });

    // From here on the key has a result, and it is replayed.
    const replay = await fetch(`${app.url}/api/v1/charges`, { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": idem }, body: JSON.stringify(body) });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
  });

  it("a 409 order_exists is not stored either: the same key is evaluated afresh", async () => {
    const order_id = oid();
    expect((await post("/api/v1/payments", { order_id, amount: "1000" })).status).toBe(201);
    const idem = randomUUID();
    const refused = await post("/api/v1/payments", { order_id, amount: "1000" }, idem);
    expect(refused.status).toBe(409);
    expect(await t.db.select().from(apiIdempotency).where(and(eq(apiIdempotency.apiKeyId, keyId), eq(apiIdempotency.idempotencyKey, idem)))).toEqual([]);
  });
});

describe("amounts are whole rupiah, as in the back office (docs/decisions/0002)", () => {
  const sen = ["150000.50", "150000.5", "150000.00", "150000."];
  for (const amount of sen) {
    it(`payments refuse amount ${amount} at the field, and nothing is created`, async () => {
      const order_id = oid();
      const res = await post("/api/v1/payments", { order_id, amount });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.fields.amount).toMatch(/whole/i);
      expect(await t.db.select().from(orders).where(eq(orders.orderId, order_id))).toEqual([]);
    });
  }
  it("an item price with sen is refused at items.N.price", async () => {
    const res = await post("/api/v1/payments", { order_id: oid(), amount: "201", items: [{ name: "Kopi", price: "100.50", quantity: 2 }] });
    expect(res.status).toBe(422);
    expect(res.body.error.fields["items.0.price"]).toMatch(/whole/i);
  });
  it("charges refuse sen at the field too (also .00)", async () => {
    for (const amount of ["10000.50", "10000.00"]) {
      const res = await post("/api/v1/charges", { order_id: oid(), account_id: "acc-any", amount });
      expect(res.status, amount).toBe(422);
      expect(res.body.error.fields.amount, amount).toMatch(/whole/i);
    }
  });
  it("above GoPay's ceiling (Rp 99.999.999.999) is refused at the field, even with many digits", async () => {
    for (const amount of ["100000000000", "9".repeat(40), `${"9".repeat(19)}.50`]) {
      const res = await post("/api/v1/payments", { order_id: oid(), amount });
      expect(res.status, amount).toBe(422);
      expect(res.body.error.fields.amount, amount).toMatch(/99999999999|99\.999\.999\.999/);
    }
  });
  it("zero is refused at the field", async () => {
    const res = await post("/api/v1/payments", { order_id: oid(), amount: "000" });
    expect(res.status).toBe(422);
    expect(res.body.error.fields.amount).toMatch(/at least Rp 1/);
  });
  it("whole rupiah are accepted and stored as minor units", async () => {
    const order_id = oid();
    const res = await post("/api/v1/payments", { order_id, amount: "150000", items: [{ name: "Kopi", price: "75000", quantity: 2 }] });
    expect(res.status).toBe(201);
    const [row] = await t.db.select().from(orders).where(eq(orders.orderId, order_id));
    expect(row!.amount).toBe(15_000_000n);
  });
});

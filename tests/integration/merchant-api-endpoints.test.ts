/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON answers loosely */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as payments from "../../app/routes/api.v1.payments";
import * as session from "../../app/routes/api.v1.customers.session";
import * as payAccountsRoute from "../../app/routes/api.v1.pay-accounts";
import * as charges from "../../app/routes/api.v1.charges";
import { revokeApiKey } from "../../app/services/api-keys/api-keys.server";
import { decryptSecret } from "../../app/lib/crypto.server";
import { auditLog, customers, holds, orders, payAccounts } from "../../db/schema";
import { useTestDb } from "../support/db";
import { callApi, makeApiKey, startApiHarness, type ApiHarness } from "./merchant-api-helpers";

const t = useTestDb();
let h: ApiHarness;
let key: string;

beforeAll(async () => {
  h = await startApiHarness();
  key = (await makeApiKey(t.db, "shop")).key;
});
afterAll(async () => h?.close());

const pay = (body: unknown, opts: { idem?: string | null; key?: string } = {}) => callApi(payments, "/api/v1/payments", body, { key, ...opts });
const oid = () => `ORD-${randomUUID().slice(0, 12)}`;

describe("API key auth", () => {
  it("401 without a key, with an unknown key, and with a revoked key", async () => {
    expect((await pay({ order_id: oid(), amount: "1000" }, { key: "" })).status).toBe(401);
    const unknown = await pay({ order_id: oid(), amount: "1000" }, { key: "lk_live_nope" });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe("unauthorized");
    const other = await makeApiKey(t.db, "old");
    await revokeApiKey(t.db, { id: other.row.id, actor: { email: "it" } });
    const revoked = await pay({ order_id: oid(), amount: "1000" }, { key: other.key });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/revoked/);
  });
});

describe("POST /api/v1/payments", () => {
  it("creates a deeplink payment at GoPay and stores the order", async () => {
    const order_id = oid();
    const res = await pay({ order_id, amount: "150000", customer: { merchant_user_id: "u-1", name: "Sari Dewi", phone: "0812-1111-2222" }, valid_minutes: 30 });
    expect(res.status).toBe(201);
    expect(res.body.order_id).toBe(order_id);
    expect(res.body.amount).toBe("15000000");
    expect(res.body.reference_no).toBeTruthy();
    expect(res.body.web_redirect_url).toMatch(/^http/);
    const query = new URL(res.body.web_redirect_url).search.slice(1);
    expect(res.body.deeplink).toBe(`gopay://merchanttransfer?${query}`);
    const [row] = await t.db.select().from(orders).where(eq(orders.orderId, order_id));
    expect(row).toMatchObject({ channel: "deeplink", status: "pending", amount: 15000000n, customerPhone: "6281211112222", popId: expect.any(String) });
    expect(row!.expiresAt!.toISOString()).toBe(res.body.expires_at);
    // The sandbox got X-EXTERNAL-ID = the operation key and our PoP id.
    const sbPay = ((await h.control("/snap/payments")) as any[]).find((p) => p.partnerReferenceNo === order_id);
    expect(sbPay).toBeTruthy();
    const [audited] = await t.db.select().from(auditLog).where(eq(auditLog.action, "api.payments"));
    expect(audited!.actorEmail).toBe("api:shop");
  });

  it("answers a message per invalid field and writes nothing", async () => {
    const res = await pay({ order_id: "bad id!", amount: 1000, customer: { phone: "12", email: "nope" }, valid_minutes: 0, redirect_url: "x" });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("validation_failed");
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["amount", "customer.email", "customer.phone", "order_id", "redirect_url", "valid_minutes"]);
    expect(res.body.error.fields.amount).toMatch(/string of rupiah/);
    const missing = await pay({});
    expect(missing.body.error.fields).toMatchObject({ order_id: expect.any(String), amount: expect.any(String) });
  });

  it("requires an Idempotency-Key and JSON", async () => {
    expect((await pay({ order_id: oid(), amount: "1000" }, { idem: null })).body.error.code).toBe("idempotency_key_required");
    const notJson = await callApi(payments, "/api/v1/payments", "order_id=1", { key, contentType: "application/x-www-form-urlencoded" });
    expect(notJson.status).toBe(415);
  });

  it("replays the same response for the same key + body, 409 for a different body, one payment at GoPay", async () => {
    const idem = randomUUID();
    const order_id = oid();
    const first = await pay({ order_id, amount: "20000" }, { idem });
    const again = await pay({ amount: "20000", order_id }, { idem }); // key order does not matter
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const conflict = await pay({ order_id, amount: "20001" }, { idem });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe("idempotency_conflict");
    const atGopay = ((await h.control("/snap/payments")) as any[]).filter((p) => p.partnerReferenceNo === order_id);
    expect(atGopay).toHaveLength(1);
    // A new key for an existing order_id is a clear 409, not a second payment.
    const dup = await pay({ order_id, amount: "20000" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("order_exists");
  });
});

describe("POST /api/v1/customers/session", () => {
  it("exchanges an auth code, stores the token encrypted and returns the customer without it", async () => {
    const custs = (await h.control("/customers")) as any[];
    const c = custs[0];
    const { auth_code } = await h.control("/miniapp/auth-codes", { customerId: c.id });
    const res = await callApi(session, "/api/v1/customers/session", { auth_code, merchant_user_id: "mu-42" }, { key });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(/token/i);
    expect(res.body.customer.merchant_user_id).toBe("mu-42");
    expect(res.body.customer.phone).toMatch(/^62\d+$/);
    const [row] = await t.db.select().from(customers).where(eq(customers.merchantUserId, "mu-42"));
    expect(row!.authTokenEnc).toMatch(/^v1\./);
    expect(decryptSecret(row!.authTokenEnc!)).toBe(c.authToken);
    // The code is single use: a second exchange is a field error.
    const again = await callApi(session, "/api/v1/customers/session", { auth_code, merchant_user_id: "mu-42" }, { key });
    expect(again.status).toBe(422);
    expect(again.body.error.fields.auth_code).toMatch(/auth code/);
  });

  it("validates fields", async () => {
    const res = await callApi(session, "/api/v1/customers/session", { auth_code: "" }, { key });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["auth_code", "merchant_user_id"]);
  });
});

describe("pay accounts and charges", () => {
  it("links an account, refuses it while pending, charges and holds once enabled", async () => {
    const phone = `0812${Math.floor(Math.random() * 1e8).toString().padStart(8, "0")}`;
    const created = await callApi(payAccountsRoute, "/api/v1/pay-accounts", { merchant_user_id: "mu-pa", phone }, { key });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "PENDING", account_id: expect.any(String), activation_url: expect.stringMatching(/^http/) });
    const accountId = created.body.account_id as string;

    const pending = await callApi(charges, "/api/v1/charges", { order_id: oid(), account_id: accountId, amount: "10000" }, { key });
    expect(pending.status).toBe(422);
    expect(pending.body.error.fields.account_id).toMatch(/waiting for the customer/);

    await h.control(`/pay-accounts/${accountId}/complete`, {});
    await t.db.update(payAccounts).set({ status: "ENABLED" }).where(eq(payAccounts.accountId, accountId)); // as INGEST's sync would

    const order_id = oid();
    const paid = await callApi(charges, "/api/v1/charges", { order_id, account_id: accountId, amount: "10000" }, { key });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ order_id, status: "paid", channel: "tokenized", amount: "1000000", transaction_id: expect.any(String) });

    const hold_id = oid();
    const held = await callApi(charges, "/api/v1/charges", { order_id: hold_id, account_id: accountId, amount: "5000", pre_auth: true, expiry_minutes: 30 }, { key });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ status: "authorised", channel: "preauth", hold: { status: "authorised" } });
    const [o] = await t.db.select().from(orders).where(eq(orders.orderId, hold_id));
    const [hold] = await t.db.select().from(holds).where(eq(holds.orderId, o!.id));
    expect(hold!.status).toBe("authorised");
    expect(Math.abs(hold!.expiresAt.getTime() - Date.now() - 30 * 60_000)).toBeLessThan(60_000);

    // The customer unbinds in the GoPay app: Loket still says ENABLED, GoPay does not → refused, row synced.
    await h.control(`/pay-accounts/${accountId}/unbind`, {});
    const refused = await callApi(charges, "/api/v1/charges", { order_id: oid(), account_id: accountId, amount: "10000" }, { key });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("account_not_chargeable");
    const [acc] = await t.db.select().from(payAccounts).where(eq(payAccounts.accountId, accountId));
    expect(acc!.status).toBe("DISABLED");
  });

  it("refuses a phone GoPay does not know, at the field", async () => {
    const res = await callApi(payAccountsRoute, "/api/v1/pay-accounts", { merchant_user_id: "mu-x", phone: "0123450001" }, { key });
    expect(res.status).toBe(422);
    expect(res.body.error.fields.phone).toBeTruthy();
  });

  it("validates charge fields", async () => {
    const res = await callApi(charges, "/api/v1/charges", { order_id: "", account_id: "", amount: "10.50", expiry_minutes: 5 }, { key });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["account_id", "amount", "expiry_minutes", "order_id"]);
  });
});

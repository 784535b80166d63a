import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as charges from "../../app/routes/api.v1.charges";
import * as payAccountsRoute from "../../app/routes/api.v1.pay-accounts";
import * as payments from "../../app/routes/api.v1.payments";
import { customers, orders, payAccounts } from "../../db/schema";
import { useTestDb } from "../support/db";
import { callApi, makeApiKey, startApiHarness, type ApiHarness } from "./merchant-api-helpers";

/** New rows are linked to their customer when the merchant API creates them (no backfill needed). */
const t = useTestDb();
let h: ApiHarness;
let key: string;

beforeAll(async () => {
  h = await startApiHarness();
  key = (await makeApiKey(t.db, "shop")).key;
});
afterAll(async () => h?.close());

const oid = () => `ORD-${randomUUID().slice(0, 12)}`;
const orderOf = async (orderId: string) => (await t.db.select().from(orders).where(eq(orders.orderId, orderId)))[0]!;

describe("linking at creation through the merchant API", () => {
  it("payments, pay accounts and pre-auth charges of one person land on one customer", async () => {
    const phone = `0812${Math.floor(Math.random() * 1e8).toString().padStart(8, "0")}`;
    const first = oid();
    const paid = await callApi(payments, "/api/v1/payments", { order_id: first, amount: "20000", customer: { merchant_user_id: "mu-link", name: "Putri Ayu", email: "putri@example.com", phone } }, { key });
    expect(paid.status).toBe(201);
    const o1 = await orderOf(first);
    expect(o1.customerMatchedBy).toBe("merchant_user_id");
    const [c] = await t.db.select().from(customers).where(eq(customers.merchantUserId, "mu-link"));
    expect(o1.customerId).toBe(c!.id);
    expect(c!.searchName).toBe("putri ayu");

    // The same phone without a merchant user id: the same person, found by phone.
    const second = oid();
    expect((await callApi(payments, "/api/v1/payments", { order_id: second, amount: "15000", customer: { phone: phone.replace(/^0/, "+62 ") } }, { key })).status).toBe(201);
    expect(await orderOf(second)).toMatchObject({ customerId: c!.id, customerMatchedBy: "phone" });

    // Their GoPay account, linked with another number: joined by the merchant user id.
    const otherPhone = `0857${Math.floor(Math.random() * 1e8).toString().padStart(8, "0")}`;
    const created = await callApi(payAccountsRoute, "/api/v1/pay-accounts", { merchant_user_id: "mu-link", phone: otherPhone }, { key });
    expect(created.status).toBe(201);
    const accountId = created.body.account_id as string;
    const [acc] = await t.db.select().from(payAccounts).where(eq(payAccounts.accountId, accountId));
    expect(acc).toMatchObject({ customerId: c!.id, customerMatchedBy: "merchant_user_id" });

    // A pre-auth hold on it: the customer through the account, with the customer's name and email.
    await h.control(`/pay-accounts/${accountId}/complete`, {});
    await t.db.update(payAccounts).set({ status: "ENABLED" }).where(eq(payAccounts.accountId, accountId));
    const holdId = oid();
    const held = await callApi(charges, "/api/v1/charges", { order_id: holdId, account_id: accountId, amount: "5000", pre_auth: true }, { key });
    expect(held.status).toBe(201);
    expect(await orderOf(holdId)).toMatchObject({ channel: "preauth", customerId: c!.id, customerMatchedBy: "account", customerName: "Putri Ayu", customerEmail: "putri@example.com" });
  });

  it("a payment from someone unknown makes a guest customer that later payments join", async () => {
    const phone = `0813${Math.floor(Math.random() * 1e8).toString().padStart(8, "0")}`;
    const a = oid();
    const b = oid();
    expect((await callApi(payments, "/api/v1/payments", { order_id: a, amount: "10000", customer: { phone, name: "Guest Person" } }, { key })).status).toBe(201);
    expect((await callApi(payments, "/api/v1/payments", { order_id: b, amount: "10000", customer: { phone } }, { key })).status).toBe(201);
    const [oa, ob] = [await orderOf(a), await orderOf(b)];
    expect(oa.customerMatchedBy).toBe("created");
    expect(ob).toMatchObject({ customerId: oa.customerId, customerMatchedBy: "phone" });
    const [guest] = await t.db.select().from(customers).where(eq(customers.id, oa.customerId!));
    expect(guest).toMatchObject({ merchantUserId: null, name: "Guest Person", phone: `62${phone.slice(1)}` });
  });
});

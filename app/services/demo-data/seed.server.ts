import { eq } from "drizzle-orm";
import { apiKeys, payAccounts, staff } from "~db/schema";
import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import { newIdempotencyKey } from "~/lib/ids.server";
import { createApiKey, findActiveApiKey, type ApiCaller } from "~/services/api-keys/api-keys.server";
import { startCustomerSession } from "~/services/customers/session.server";
import { createCharge } from "~/services/merchant-api/charges.server";
import { createPayAccount } from "~/services/merchant-api/pay-accounts.server";
import { createPayment } from "~/services/merchant-api/payments.server";

/**
 * Demo data, driven through the merchant API's services against the running sandbox (not raw
 * inserts), so every order, hold, account and customer exists in Loket AND at the sandbox. The
 * sandbox's customer controls then play the customers (pay, decline, expire, link, unbind).
 * Status changes reach Loket as notifications (the app must be listening: `npm start`).
 * Runs once: the API key "demo-seed" is the marker.
 */
const MARKER = "demo-seed";

async function waitForSandbox(base: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${base}/_sandbox/state`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`sandbox at ${base} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function seedDemoData(database: Db): Promise<string[]> {
  const [done] = await database.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.name, MARKER)).limit(1);
  if (done) return ["Demo data: already seeded."];
  const base = env().GOPAY_SNAP_BASE_URL;
  await waitForSandbox(base);
  const control = async (p: string, body: unknown = {}) => {
    const res = await fetch(`${base}/_sandbox${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`sandbox ${p}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ auth_code: string }>;
  };
  const [admin] = await database.select().from(staff).where(eq(staff.role, "admin")).limit(1);
  if (!admin) return ["Demo data not seeded: create the demo staff first."];
  const { key } = await createApiKey(database, { name: MARKER, actor: { id: admin.id, email: admin.email } });
  const caller = (await findActiveApiKey(key, database)) as ApiCaller;
  const counts: Record<string, number> = {};
  const bump = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  const stamp = Date.now().toString(36).toUpperCase();

  // Customers: mini-app sessions for the sandbox's seeded users (fixed auth code AC-<id>).
  const sbCustomers = (await (await fetch(`${base}/_sandbox/customers`)).json()) as { id: string; phone: string }[];
  for (const [i, c] of sbCustomers.slice(0, 6).entries()) {
    const { auth_code } = await control("/miniapp/auth-codes", { customerId: c.id });
    await startCustomerSession({ authCode: auth_code, merchantUserId: `demo-user-${i + 1}` }, { database });
    bump("customers");
  }

  // Deeplink payments, then the customer's move at the sandbox.
  const plan: Array<"pending" | "paid" | "failed" | "expired"> = [
    ...Array<"paid">(10).fill("paid"),
    ...Array<"pending">(5).fill("pending"),
    ...Array<"failed">(3).fill("failed"),
    ...Array<"expired">(3).fill("expired"),
  ];
  for (const [i, fate] of plan.entries()) {
    const orderId = `DEMO-${stamp}-${String(i + 1).padStart(3, "0")}`;
    const amount = BigInt(25_000 + ((i * 37_500) % 900_000)) * 100n;
    const res = await createPayment(
      { order_id: orderId, amount, customer: { merchant_user_id: `demo-user-${(i % 6) + 1}` }, valid_minutes: 60 },
      caller,
      newIdempotencyKey(),
    );
    if (res.status !== 201) continue;
    if (fate === "paid") await control(`/snap/payments/${orderId}/pay`, { payOption: ["GOPAY_WALLET", "PAY_LATER", "GOPAY_SAVINGS"][i % 3] });
    if (fate === "failed") await control(`/snap/payments/${orderId}/decline`);
    if (fate === "expired") await control(`/snap/payments/${orderId}/expire`);
    bump(`payments ${fate}`);
  }

  // Pay accounts: enabled (charged and held), pending, disabled by the customer.
  const phones = ["081290000101", "081290000102", "081290000103", "081290000104", "081290000105"];
  const accounts: string[] = [];
  for (const [i, phone] of phones.entries()) {
    const res = await createPayAccount({ merchant_user_id: `demo-user-${i + 1}`, phone: `62${phone.slice(1)}` }, caller, newIdempotencyKey());
    if (res.status !== 201) continue;
    accounts.push((res.body as { account_id: string }).account_id);
  }
  const [enabledA, enabledB, pendingAcc, customerUnbind] = accounts;
  for (const a of [enabledA, enabledB, customerUnbind]) {
    if (!a) continue;
    await control(`/pay-accounts/${a}/complete`);
    // Loket learns ENABLED from the pay-account notification; set it now so the charges below do not race it.
    await database.update(payAccounts).set({ status: "ENABLED" }).where(eq(payAccounts.accountId, a));
  }
  if (pendingAcc) bump("pay accounts pending");
  for (const [i, a] of [enabledA, enabledB].entries()) {
    if (!a) continue;
    bump("pay accounts enabled");
    for (let n = 0; n < 2; n++) {
      const orderId = `DEMO-${stamp}-TK${i}${n}`;
      await createCharge({ order_id: orderId, account_id: a, amount: BigInt(15_000 + n * 5_000) * 100n }, caller, newIdempotencyKey());
      bump("charges");
      const holdId = `DEMO-${stamp}-HD${i}${n}`;
      await createCharge({ order_id: holdId, account_id: a, amount: BigInt(20_000 + n * 10_000) * 100n, pre_auth: true, expiry_minutes: 60 * 24 }, caller, newIdempotencyKey());
      bump("holds authorised");
    }
  }
  if (customerUnbind) {
    await control(`/pay-accounts/${customerUnbind}/unbind`);
    bump("pay accounts disabled by the customer");
  }

  return [
    `Demo data seeded through the merchant API (key "${MARKER}"):`,
    ...Object.entries(counts).map(([k, v]) => `  ${String(v).padStart(3)} ${k}`),
  ];
}

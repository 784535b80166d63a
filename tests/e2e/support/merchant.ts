/**
 * HOLDS-2's e2e helpers: real holds and accounts, made the way a merchant and a customer make them.
 * The merchant calls Loket's JSON API (/api/v1) with an API key an admin creates on
 * /settings/api-keys; the customer is played through the sandbox's control API. Nothing here
 * writes to the database: Loket and the sandbox must agree because they really talked.
 */
import { randomUUID } from "node:crypto";
import { expect, type Browser } from "@playwright/test";
import { E2E_BASE_URL, E2E_SANDBOX_PORT } from "./constants";
import { signInAs } from "./fixtures";
import { sandboxControl } from "../../support/sandbox-control";

export const SANDBOX_URL = `http://127.0.0.1:${E2E_SANDBOX_PORT}`;

/** POST (or GET without body) to the sandbox's control API; throws with the sandbox's sentence. */
export async function sandbox(path: string, body?: unknown, method?: string): Promise<unknown> {
  return sandboxControl(SANDBOX_URL, path, body, method);
}

/**
 * The fixtures' sign-in (password, then a code computed from the seeded second-factor secret;
 * a worker's session is reused), so specs that import it from here sign in as every other spec.
 */
export { signInAs };

/** An admin creates an API key in the browser, as a merchant's admin would; returns the secret shown once. */
export async function createMerchantKey(browser: Browser, name: string): Promise<string> {
  const ctx = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    const page = await ctx.newPage();
    await signInAs(page, "admin");
    await page.goto("/settings/api-keys");
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())?.trim();
    if (!key) throw new Error("no API key shown");
    return key;
  } finally {
    await ctx.close();
  }
}

/**
 * A customer opens the merchant's mini-app: an auth code at GoPay (the sandbox), exchanged through
 * Loket's merchant API, which links the customer's mini-app token (what coin payouts need).
 */
export async function openMiniAppSession(apiKey: string, c: { sandboxId: string; merchantUserId: string }): Promise<void> {
  const { auth_code } = (await sandbox("/miniapp/auth-codes", { customerId: c.sandboxId })) as { auth_code: string };
  const res = await fetch(`${E2E_BASE_URL}/api/v1/customers/session`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "idempotency-key": randomUUID() },
    body: JSON.stringify({ auth_code, merchant_user_id: c.merchantUserId }),
  });
  expect(res.status, await res.text()).toBeLessThan(300);
}

export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`.toUpperCase();
export const randomPhone = () => `0812${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

type ApiAnswer = { status: number; body: Record<string, unknown> & { error?: { code?: string; fields?: Record<string, string> } } };

export class Merchant {
  constructor(private readonly key: string) {}

  async post(path: string, body: unknown, idempotencyKey = randomUUID()): Promise<ApiAnswer> {
    const res = await fetch(`${E2E_BASE_URL}/api/v1/${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.key}`, "content-type": "application/json", "idempotency-key": idempotencyKey },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as ApiAnswer["body"] };
  }

  /** Links a new customer's GoPay (API), the customer completes linking (sandbox); resolves once Loket knows it is ENABLED. */
  async linkedAccount(merchantUserId = uniqueId("mu")): Promise<{ accountId: string; phone: string }> {
    const phone = randomPhone();
    const created = await this.post("pay-accounts", { merchant_user_id: merchantUserId, phone });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const accountId = created.body.account_id as string;
    await sandbox(`/pay-accounts/${accountId}/complete`, {});
    return { accountId, phone };
  }

  /**
   * A pre-auth charge (a hold) on the account. Retried while Loket still has the account as
   * PENDING: the linking notification is on its way over HTTP.
   */
  async hold(accountId: string, opts: { amountRupiah: number; expiryMinutes?: number; orderId?: string }): Promise<{ orderId: string }> {
    const orderId = opts.orderId ?? uniqueId("E2E-HOLD");
    const body = { order_id: orderId, account_id: accountId, amount: String(opts.amountRupiah), pre_auth: true, expiry_minutes: opts.expiryMinutes ?? 60 };
    let last: ApiAnswer | undefined;
    // One intent, one Idempotency-Key — except after a 422 "still linking": the API keeps keyed
    // answers, so that key would replay the 422; nothing was created, so a fresh key is safe.
    // After any other answer (e.g. 202, GoPay's answer lost) the same key settles it.
    let key = randomUUID();
    try {
      await expect
        .poll(
          async () => {
            last = await this.post("charges", body, key);
            if (last.status === 422) key = randomUUID();
            return last.status;
          },
          { timeout: 30_000, intervals: [250, 500, 1000] },
        )
        .toBe(201);
    } catch (err) {
      throw new Error(`charge ${orderId} never answered 201; last answer ${last?.status} ${JSON.stringify(last?.body)}`, { cause: err });
    }
    expect(last!.body.status, JSON.stringify(last!.body)).toBe("authorised");
    return { orderId };
  }
}

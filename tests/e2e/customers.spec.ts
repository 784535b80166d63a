import type { Browser, Page } from "@playwright/test";
import { E2E_BASE_URL } from "./support/constants";
import { expect, signInAs, test } from "./support/fixtures";
import { Merchant, uniqueId } from "./support/merchant";

/**
 * One person across everything, in a real browser: a customer created by the merchant API (a
 * deeplink payment with a name), their linked GoPay account and a pre-auth hold on it. From the
 * order to the customer, to their account and back; the search by a name fragment (other case,
 * no accents); the case view fits at 1366 px. Screenshots go to /tmp/shots/.
 */
let merchant: Merchant;
let holdOrderId: string;
let accountId: string;
// Letters only, unique per run: the fragment finds exactly this person.
const tag = Array.from({ length: 6 }, () => "bcdfghjklmnpqrstvwxz"[Math.floor(Math.random() * 20)]).join("");
const name = `Ratna Sëtyaningrum ${tag[0]!.toUpperCase()}${tag.slice(1)}`;

/** An admin creates an API key in the browser (with the second factor the fixtures' sign-in handles). */
async function createKey(browser: Browser): Promise<string> {
  const ctx = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    const page = await ctx.newPage();
    await signInAs(page, "admin");
    await page.goto("/settings/api-keys");
    await page.getByLabel("Name").fill(`e2e customers ${Date.now()}`);
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())?.trim();
    if (!key) throw new Error("no API key shown");
    return key;
  } finally {
    await ctx.close();
  }
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  merchant = new Merchant(await createKey(browser));
  const merchantUserId = uniqueId("mu-cust");
  const paid = await merchant.post("payments", { order_id: uniqueId("E2E-CUST"), amount: "25000", customer: { merchant_user_id: merchantUserId, name, email: `${tag}@example.com` } });
  expect(paid.status, JSON.stringify(paid.body)).toBe(201);
  ({ accountId } = await merchant.linkedAccount(merchantUserId));
  ({ orderId: holdOrderId } = await merchant.hold(accountId, { amountRupiah: 75_000 }));
});

async function noHorizontalOverflow(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`).toBeLessThanOrEqual(clientWidth);
}

test("from a pre-auth order to its customer, to their account and back", async ({ page }) => {
  test.setTimeout(60_000);
  await signInAs(page, "support");
  await page.goto(`/orders/${encodeURIComponent(holdOrderId)}`);
  // The hold carries no name of its own: the page shows its customer's.
  await expect(page.getByText(name).first()).toBeVisible();
  const customerLink = page.getByTestId("order-customer").getByRole("link", { name });
  await customerLink.click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  const customerUrl = page.url();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  // A tab of a customer's page says whose it is (was "Customer · Loket" for every customer).
  await expect(page).toHaveTitle(`${name} · Customer · Loket`);
  await expect(page.getByRole("link", { name: holdOrderId }).first()).toBeVisible();
  await expect(page.getByTestId("customer-money")).toContainText("Orders");

  await page.getByRole("link", { name: accountId }).first().click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${accountId}$`));
  await page.getByTestId("account-customer-link").click();
  await expect(page).toHaveURL(customerUrl);

  // And from the customer back to the order.
  await page.getByRole("link", { name: holdOrderId }).first().click();
  await expect(page).toHaveURL(new RegExp(`/orders/${encodeURIComponent(holdOrderId)}$`));
});

test("finds the customer by a name fragment in another case, without accents", async ({ page }) => {
  await signInAs(page, "support");
  await page.goto("/customers");
  await expect(page.getByRole("link", { name: "Customers" }).first()).toBeVisible();
  await page.getByRole("searchbox", { name: "Search" }).fill(`SETYANINGRUM ${tag.slice(0, 4).toUpperCase()}`);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("customer-totals")).toHaveText("1 customer");
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: "/tmp/shots/customers-search-1366.png", fullPage: true });
  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
});

test("the case view fits at 1366 px and at 1920 px", async ({ page }) => {
  await signInAs(page, "support");
  await page.goto("/customers");
  await page.getByRole("searchbox", { name: "Search" }).fill(tag);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("row").filter({ hasText: name }).getByRole("link").first().click();
  await expect(page.getByTestId("customer-timeline")).toBeVisible();
  for (const [width, height] of [[1366, 900], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    await noHorizontalOverflow(page);
    await page.screenshot({ path: `/tmp/shots/customer-case-${width}.png`, fullPage: true });
  }
  await page.goto("/customers");
  await page.setViewportSize({ width: 1366, height: 900 });
  await noHorizontalOverflow(page);
  await page.screenshot({ path: "/tmp/shots/customers-list-1366.png", fullPage: true });
});

import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { E2E_BASE_URL } from "./support/constants";
import { confirmItsMe, expect, signInAs, test } from "./support/fixtures";
import { createMerchantKey, openMiniAppSession, sandbox } from "./support/merchant";

/**
 * /coins/new when GoPay refuses the payout (its risk engine, 4060 at the sandbox): the toast says
 * in the page's language what happened and what finance can do, GoPay's code only as a detail at
 * the end — never GoPay's raw "4060: Transaction is suspected as fraud …" line.
 */
test.describe.configure({ mode: "serial" });

const run = randomUUID().slice(0, 6);
// A sandbox user no other spec pays (coins-single: 12, 13; campaigns, reminders, zones: 14–20).
const who = { sandboxId: "cust-11", merchantUserId: `e2e-coins-refused-${run}` };

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  const apiKey = await createMerchantKey(browser, `e2e coins refused ${run}`);
  await openMiniAppSession(apiKey, who);
  await sandbox("/coins/wallet", { rupiah: 10_000_000 });
  // The same limits as coins-single.spec.ts (either may run first): a budget, so only GoPay refuses.
  const ctx = await browser.newContext({ baseURL: E2E_BASE_URL });
  const admin = await ctx.newPage();
  try {
    await signInAs(admin, "admin");
    await admin.goto("/settings/coins");
    await confirmItsMe(admin, "admin");
    const form = admin.getByTestId("coin-settings-form");
    await form.getByLabel("Monthly budget").fill("10.000.000");
    await form.getByLabel("Per customer per month").fill("1.000.000");
    await form.getByLabel("Per payout ceiling").fill("500.000");
    await form.getByLabel("Approval threshold").fill("100.000");
    await form.getByRole("button", { name: "Save limits" }).click();
    await expect(admin.getByTestId("toast").filter({ hasText: "Coin limits saved" })).toBeVisible();
  } finally {
    await ctx.close();
  }
});

/** Pays `amount` to the customer from /coins/new, by the page's structure (it may be in either language). */
async function payRefused(page: Page, description: string) {
  await page.goto("/coins/new");
  await page.getByTestId("customer-search").fill(who.merchantUserId);
  await page.getByTestId("customer-search").press("Enter");
  await page.getByTestId("customer-results").getByRole("link").first().click();
  await expect(page.getByTestId("single-payout-form")).toBeVisible();
  await page.getByTestId("coin-amount").fill("20.000");
  await page.getByTestId("coin-description").fill(description);
  await page.getByTestId("coin-reason").selectOption("goodwill");
  await page.getByTestId("review-payout").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.locator('button[type="submit"]').click();
  const toast = page.getByTestId("toast");
  await expect(toast).toBeVisible();
  return toast;
}

test("GoPay refuses the payout: the toast says what happened and what to do, in English and in Bahasa Indonesia", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await sandbox("/coins/fraud", { customerId: who.sandboxId });
  try {
    await signInAs(page, "finance");
    const en = await payRefused(page, `Goodwill ${run} en`);
    await expect(en).toHaveAttribute("data-type", "error");
    await expect(en).toContainText("GoPay refused the payout");
    await expect(en).toContainText(
      "GoPay's fraud checks turned down coins for this customer, so nothing was paid.",
    );
    await expect(en).toContainText(
      "make it up to them another way, or ask GoPay about their account. (GoPay code 4060)",
    );
    await expect(en).not.toContainText("4060:");
    await expect(en).not.toContainText("suspected as fraud");
    await expect(page).toHaveURL(/\/coins$/);
    await page.screenshot({ path: "/tmp/shots/coins-refused-en.png", fullPage: true });

    // The same page asked for in Bahasa Indonesia (the browser's language).
    await page.setExtraHTTPHeaders({ "Accept-Language": "id-ID,id;q=0.9" });
    const id = await payRefused(page, `Goodwill ${run} id`);
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
    await expect(id).toContainText("GoPay menolak pembayaran");
    await expect(id).toContainText(
      "Pemeriksaan penipuan GoPay menolak koin untuk pelanggan ini, jadi tidak ada yang dibayar.",
    );
    await expect(id).toContainText("(Kode GoPay 4060)");
    await expect(id).not.toContainText("4060:");
    await expect(id).not.toContainText("suspected as fraud");
    // The list says why too, in Indonesian; GoPay's own line stays on hover.
    const row = page.getByRole("row").filter({ hasText: `Goodwill ${run} id` });
    await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "failed");
    await expect(row.locator('[data-code="4060"]')).toHaveText(
      "Pemeriksaan penipuan GoPay menolak koin untuk pelanggan ini.",
    );
    await expect(row.locator('[data-code="4060"]')).toHaveAttribute(
      "title",
      /^4060: Transaction is suspected as fraud/,
    );
    await page.screenshot({ path: "/tmp/shots/coins-refused-id.png", fullPage: true });
  } finally {
    await sandbox("/coins/fraud", { customerId: who.sandboxId, on: false });
  }
  // GoPay paid nothing.
  const ledger = (await sandbox("/miniapp")) as { cashbacks: { customerId: string }[] };
  expect(ledger.cashbacks.filter((c) => c.customerId === who.sandboxId)).toHaveLength(0);
});

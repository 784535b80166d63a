import { randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { E2E_BASE_URL } from "./support/constants";
import { confirmItsMe, expect, signInAs, test } from "./support/fixtures";
import { createMerchantKey, sandbox } from "./support/merchant";

/**
 * Bulk GoPay Coins: finance uploads a CSV with mistakes, sees them by line, fixes the file and
 * uploads it again, submits it for approval; they cannot approve it themselves; a second person
 * (admin — the e2e world has one finance sign-in) approves on /approvals; the batch page's progress
 * bar finishes as the job pays; the results CSV matches GoPay's (the sandbox's) ledger.
 */
test.describe.configure({ mode: "serial" });

const run = randomUUID().slice(0, 6);
const people = ["cust-14", "cust-15", "cust-16"].map((sandboxId, i) => ({
  sandboxId,
  merchantUserId: `e2e-bulk-${run}-${i}`,
}));
const description = `Bonus bulk ${run}`;

let apiKey: string;

async function miniAppCustomer(c: { sandboxId: string; merchantUserId: string }): Promise<void> {
  const { auth_code } = (await sandbox("/miniapp/auth-codes", { customerId: c.sandboxId })) as {
    auth_code: string;
  };
  const res = await fetch(`${E2E_BASE_URL}/api/v1/customers/session`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${apiKey}`,
      "content-type": "application/json",
      "idempotency-key": randomUUID(),
    },
    body: JSON.stringify({ auth_code, merchant_user_id: c.merchantUserId }),
  });
  expect(res.status, await res.text()).toBeLessThan(300);
}

async function signedIn(browser: Browser, role: "admin" | "finance"): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: E2E_BASE_URL });
  const page = await ctx.newPage();
  await signInAs(page, role);
  return page;
}

async function upload(page: Page, csv: string) {
  await page
    .getByTestId("bulk-file")
    .setInputFiles({ name: `payouts-${run}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByTestId("bulk-result").or(page.getByTestId("bulk-file-error"))).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  apiKey = await createMerchantKey(browser, `e2e coins bulk ${run}`);
  await sandbox("/coins/wallet", { rupiah: 10_000_000 });
  for (const p of people) await miniAppCustomer(p);
});

test("an admin sets a monthly budget for coins", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "admin");
  await page.goto("/settings/coins");
  await confirmItsMe(page, "admin");
  const form = page.getByTestId("coin-settings-form");
  await form.getByLabel("Monthly budget").fill("10.000.000");
  await form.getByLabel("Per customer per month").fill("1.000.000");
  await form.getByLabel("Per payout ceiling").fill("500.000");
  await form.getByLabel("Approval threshold").fill("100.000");
  await form.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Coin limits saved" })).toBeVisible();
});

test("finance uploads a CSV with errors, fixes it, submits; admin approves; the batch is paid and its results match GoPay", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, "finance");
  await page.goto("/coins/bulk");
  const [a, b, c] = people;
  // Line 3: nobody; line 4: sen; line 5: the same customer as line 2.
  await upload(
    page,
    `customer,amount,description\n${a!.merchantUserId},10.000,${description}\nno-such-customer-${run},5.000,${description}\n${b!.merchantUserId},"1,5",${description}\n${a!.merchantUserId},2.000,${description}\n`,
  );
  const errors = page.getByTestId("bulk-errors");
  await expect(errors.locator("tr[data-line='3']")).toContainText(`No customer “no-such-customer-${run}”`);
  await expect(errors.locator("tr[data-line='4']")).toContainText("Rupiah are whole");
  await expect(errors.locator("tr[data-line='5']")).toContainText("The same customer as line 2");
  await expect(page.getByTestId("bulk-submit")).toHaveCount(0);
  await page.screenshot({ path: "/tmp/shots/coins-bulk-errors.png", fullPage: true });

  // Fixed and uploaded again.
  await upload(
    page,
    `customer,amount,description\n${a!.merchantUserId},10.000,${description}\n${b!.merchantUserId},15.000,${description}\n${c!.merchantUserId},Rp 20.000,${description}\n`,
  );
  await expect(page.getByTestId("bulk-errors")).toHaveCount(0);
  await expect(page.getByTestId("bulk-rows")).toHaveText("3");
  await expect(page.getByTestId("bulk-total")).toContainText("Rp 45.000");
  await page.getByTestId("bulk-submit").click();
  await expect(page.getByTestId("toast").filter({ hasText: "Batch submitted for approval" })).toBeVisible();
  await expect(page).toHaveURL(/\/coins\/batches\/[0-9a-f-]{36}$/);
  const batchUrl = new URL(page.url()).pathname;
  await expect(page.locator("[data-status='pending_approval']").first()).toBeVisible();

  // The submitter sees their request on /approvals but cannot approve it.
  await page.goto("/approvals");
  const mine = page.getByTestId("approval-row").filter({ hasText: `payouts-${run}.csv` });
  await expect(mine).toContainText("3 payouts, Rp 45.000 in all");
  await expect(mine.getByRole("button", { name: "Approve" })).toHaveCount(0);

  // A second person approves.
  const admin = await signedIn(browser, "admin");
  await admin.goto("/approvals");
  const row = admin.getByTestId("approval-row").filter({ hasText: `payouts-${run}.csv` });
  await row.getByRole("button", { name: "Approve" }).click();
  const dialog = admin.getByRole("dialog");
  await expect(dialog).toContainText("Pay 3 customers Rp 45.000 in GoPay Coins");
  await dialog.getByRole("button", { name: /Approve/ }).click();
  await expect(admin.getByTestId("toast").filter({ hasText: "Batch approved" })).toBeVisible();

  // The progress bar fills as the job pays (the page polls in the background).
  await page.goto(batchUrl);
  await expect(page.getByTestId("batch-progress")).toHaveAttribute("data-done", "3", { timeout: 60_000 });
  await expect(page.getByTestId("batch-completed")).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: "/tmp/shots/coins-bulk-batch.png", fullPage: true });

  // Results CSV = GoPay's ledger.
  const res = await page.request.get(`${batchUrl}/results.csv`);
  expect(res.status()).toBe(200);
  const results = parse(await res.text(), { columns: true }) as Record<string, string>[];
  expect(results.map((r) => [r.line, r.status, r.amount])).toEqual([
    ["2", "paid", "10000"],
    ["3", "paid", "15000"],
    ["4", "paid", "20000"],
  ]);
  const ledger = (
    (await sandbox("/miniapp")) as {
      cashbacks: { paymentId: string; customerId: string; rupiah: number; description: string }[];
    }
  ).cashbacks.filter((x) => x.description === description);
  expect(ledger).toHaveLength(3);
  for (const r of results) {
    const entry = ledger.find((l) => l.paymentId === r.gopay_payment_id);
    expect(entry, `ledger entry for line ${r.line}`).toBeTruthy();
    expect(String(entry!.rupiah)).toBe(r.amount);
  }
  expect(new Set(ledger.map((l) => l.customerId))).toEqual(new Set(people.map((p) => p.sandboxId)));
  await admin.context().close();
});

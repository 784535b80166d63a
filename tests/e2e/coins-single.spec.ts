import { randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { E2E_BASE_URL } from "./support/constants";
import { confirmItsMe, expect, signInAs, test } from "./support/fixtures";
import { createMerchantKey, openMiniAppSession, sandbox } from "./support/merchant";

/**
 * GoPay Coins to one customer: an admin sets the limits (re-authenticated), finance pays below the
 * approval threshold and sees it paid; above it the payout waits on /approvals, the requester cannot
 * approve it, an admin approves and it is paid. The customers are real mini-app users (the sandbox's
 * auth code exchanged through Loket's merchant API); GoPay's side is read from the sandbox's ledger.
 */
test.describe.configure({ mode: "serial" });

type Cashback = { customerId: string; rupiah: number; description: string };
/** GoPay's ledger for this customer and description (other specs may pay the same sandbox user). */
const cashbacks = async (sandboxCustomer: string, description: string) =>
  ((await sandbox("/miniapp")) as { cashbacks: Cashback[] }).cashbacks.filter(
    (c) => c.customerId === sandboxCustomer && c.description === description,
  );

let apiKey: string;
const run = randomUUID().slice(0, 6);
const small = { sandboxId: "cust-12", merchantUserId: `e2e-coins-${run}-a` };
const big = { sandboxId: "cust-13", merchantUserId: `e2e-coins-${run}-b` };

/** The customer opens the mini-app (support/merchant.ts). */
const miniAppCustomer = (c: { sandboxId: string; merchantUserId: string }) => openMiniAppSession(apiKey, c);

async function signedIn(browser: Browser, role: "admin" | "finance"): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: E2E_BASE_URL });
  const page = await ctx.newPage();
  await signInAs(page, role);
  return page;
}

/** /coins/new: find the customer by merchant user id, fill the form, open the confirm dialog. */
async function fillPayout(page: Page, merchantUserId: string, amount: string, description: string) {
  await page.goto("/coins/new");
  await page.getByTestId("customer-search").fill(merchantUserId);
  await page.getByRole("button", { name: "Search" }).click();
  await page
    .getByTestId("customer-results")
    .getByRole("link", { name: /^Choose / })
    .first()
    .click();
  await expect(page.getByTestId("single-payout-form")).toBeVisible();
  await page.getByTestId("coin-amount").fill(amount);
  await page.getByTestId("coin-description").fill(description);
  await expect(page.getByTestId("description-counter")).toContainText(`${description.length} / 256`);
  await page.getByTestId("coin-reason").selectOption("service_recovery");
  await page.getByTestId("review-payout").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  return dialog;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  apiKey = await createMerchantKey(browser, `e2e coins ${run}`);
  await sandbox("/coins/wallet", { rupiah: 10_000_000 });
  await miniAppCustomer(small);
  await miniAppCustomer(big);
});

test("an admin sets the coin limits (re-authenticated); every field by the rupiah parser", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signInAs(page, "admin");
  await page.goto("/settings/coins");
  await confirmItsMe(page, "admin");
  const form = page.getByTestId("coin-settings-form");
  await form.getByLabel("Monthly budget").fill("10.000.000");
  await form.getByLabel("Per customer per month").fill("1.000.000");
  await form.getByLabel("Per payout ceiling").fill("1,5");
  await form.getByLabel("Approval threshold").fill("100.000");
  await form.getByRole("button", { name: "Save limits" }).click();
  // Sen refused at the field, nothing saved.
  await expect(form.getByLabel("Per payout ceiling")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Per payout ceiling").fill("500.000");
  await form.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Coin limits saved" })).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/coins-settings.png", fullPage: true });
});

test("finance pays a customer below the threshold and sees it paid", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "finance");
  // Other specs may have paid coins this month already: the budget moves by this payout, from where it was.
  await page.goto("/coins");
  const paidBefore = rupiahIn(await page.getByTestId("budget-summary").innerText());
  // Unique per run, so a retry finds its own payout only.
  const why = `Maaf atas keterlambatan pesanan Anda (${Date.now().toString(36)})`;
  const dialog = await fillPayout(page, small.merchantUserId, "25.000", why);
  // The dialog repeats who, how much and why.
  await expect(dialog.getByTestId("confirm-summary")).toContainText("Pay Rp 25.000 in GoPay Coins to");
  await expect(dialog.getByTestId("confirm-summary")).toContainText("Service recovery");
  await expect(dialog.getByTestId("confirm-summary")).toContainText(why);
  await page.screenshot({ path: "/tmp/shots/coins-new-confirm.png", fullPage: true });
  await dialog.getByRole("button", { name: "Pay Rp 25.000" }).dblclick();
  await expect(page.getByTestId("toast").filter({ hasText: "Paid Rp 25.000 in GoPay Coins" })).toBeVisible();
  await expect(page).toHaveURL(/\/coins$/);
  const row = page.getByRole("row").filter({ hasText: why });
  await expect(row).toHaveCount(1);
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "paid");
  await expect(page.getByTestId("budget-summary")).toContainText(
    `Rp ${(paidBefore + 25_000).toLocaleString("id-ID")} paid of`,
  );
  await page.screenshot({ path: "/tmp/shots/coins-list.png", fullPage: true });
  // GoPay paid it once (a double click is one payout).
  expect((await cashbacks(small.sandboxId, why)).map((c) => c.rupiah)).toEqual([25_000]);
});

test("GoPay's answer is lost: the payout waits for GoPay, Try again beside its status replays it, and GoPay paid it once", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signInAs(page, "finance");
  const why = `Ongkir diganti (${Date.now().toString(36)})`;
  // GoPay pays, then the connection dies before the answer (only this payout: the rule matches its description).
  await sandbox("/faults", { op: "miniapp.cashback", mode: "drop-after", count: 1, match: why });
  try {
    const dialog = await fillPayout(page, small.merchantUserId, "12.000", why);
    await dialog.getByRole("button", { name: "Pay Rp 12.000" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "Sent: waiting for GoPay's answer" })).toBeVisible();
  } finally {
    await sandbox("/faults", undefined, "DELETE");
  }
  await page.goto("/coins");
  const row = page.getByRole("row").filter({ hasText: why });
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "unknown");
  expect((await cashbacks(small.sandboxId, why)).map((c) => c.rupiah)).toEqual([12_000]);
  // The way out sits beside the state, inside the table's visible width at 1280 px (it used to sit in a
  // last column past the edge, reached only by scrolling the table sideways).
  const retry = row.getByRole("button", { name: "Try again" });
  const button = (await retry.boundingBox())!;
  const table = (await row.locator("xpath=ancestor::div[contains(@class,'overflow-x-auto')][1]").boundingBox())!;
  expect(button.x + button.width).toBeLessThanOrEqual(table.x + table.width);
  await retry.click();
  const confirm = page.getByRole("dialog");
  await expect(confirm).toContainText("Try this payout again?");
  await expect(confirm).toContainText("SAME Request-Id");
  await confirm.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("row").filter({ hasText: why }).locator("[data-status]")).toHaveAttribute(
    "data-status",
    "paid",
  );
  await expect(page.getByRole("row").filter({ hasText: why }).getByRole("button", { name: "Try again" })).toHaveCount(0);
  // The same Request-Id: GoPay replayed its payment, it did not pay again.
  expect((await cashbacks(small.sandboxId, why)).map((c) => c.rupiah)).toEqual([12_000]);
});

/** "Rp 70.000 paid of Rp 10.000.000" → 70000 (the first rupiah amount in the text). */
function rupiahIn(text: string): number {
  const m = /Rp\s?([\d.]+)/.exec(text);
  if (!m) throw new Error(`no rupiah amount in ${JSON.stringify(text)}`);
  return Number(m[1]!.replace(/\./g, ""));
}

test("above the threshold: waits on /approvals; the requester cannot approve; an admin approves and it is paid", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  await signInAs(page, "finance");
  const dialog = await fillPayout(page, big.merchantUserId, "150.000", "Kompensasi pesanan hilang");
  await expect(dialog.getByTestId("confirm-summary")).toContainText(
    "Ask another finance or admin user to approve Rp 150.000",
  );
  await dialog.getByRole("button", { name: "Ask for approval" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Waiting for approval" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "Kompensasi pesanan hilang" });
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "awaiting_approval");
  expect(await cashbacks(big.sandboxId, "Kompensasi pesanan hilang")).toHaveLength(0);

  await page.goto("/approvals");
  const mine = page.getByTestId("approval-row").filter({ hasText: "Kompensasi pesanan hilang" });
  await expect(mine).toContainText("Rp 150.000");
  await expect(mine).toContainText("Your request");
  await expect(mine.getByRole("button", { name: "Approve" })).toHaveCount(0);

  const admin = await signedIn(browser, "admin");
  try {
    await admin.goto("/approvals");
    const theirs = admin.getByTestId("approval-row").filter({ hasText: "Kompensasi pesanan hilang" });
    await theirs.getByRole("button", { name: "Approve" }).click();
    const approve = admin.getByRole("dialog");
    await expect(approve).toContainText("Approve this coin payout?");
    await expect(approve).toContainText("Rp 150.000");
    await expect(approve).toContainText("finance@loket.test");
    await admin.screenshot({ path: "/tmp/shots/coins-approve-dialog.png", fullPage: true });
    await approve.getByRole("button", { name: "Approve and pay" }).click();
    await expect(
      admin.getByTestId("toast").filter({ hasText: "Paid Rp 150.000 in GoPay Coins" }),
    ).toBeVisible();
  } finally {
    await admin.context().close();
  }
  expect((await cashbacks(big.sandboxId, "Kompensasi pesanan hilang")).map((c) => c.rupiah)).toEqual([
    150_000,
  ]);
  await page.goto("/coins?status=paid");
  await expect(
    page.getByRole("row").filter({ hasText: "Kompensasi pesanan hilang" }).locator("[data-status]"),
  ).toHaveAttribute("data-status", "paid");
});

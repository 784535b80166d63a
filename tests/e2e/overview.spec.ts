import type { Page } from "@playwright/test";
import fs from "node:fs";
import type { E2eRole } from "./support/constants";
import { expect, signInThroughForm, test } from "./support/fixtures";
import { createMerchantKey, Merchant, uniqueId } from "./support/merchant";

/**
 * The overview in a real browser, over data made the way production makes it: a merchant charges
 * a linked GoPay account through Loket's API and the sandbox settles it. Screenshots: /tmp/shots/overview*.png.
 */
let paidOrderId: string;
// why: on a loaded machine a sign-in plus a few reloads can pass the 30 s default; the assertions keep their own waits.
test.describe.configure({ timeout: 120_000 });

/**
 * The fixture's signIn, with a longer wait for the shell. why: the e2e server shares two cores with
 * other suites (and, on PGlite, its own background demo seed); 7 s after "Sign in" is not always enough.
 */
async function signInAs(page: Page, role: E2eRole) {
  await signInThroughForm(page, role);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible({ timeout: 30_000 });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  fs.mkdirSync("/tmp/shots", { recursive: true });
  const merchant = new Merchant(await createMerchantKey(browser, `e2e overview ${Date.now()}`));
  const { accountId } = await merchant.linkedAccount();
  paidOrderId = uniqueId("E2E-OVW");
  const body = { order_id: paidOrderId, account_id: accountId, amount: "123456", pre_auth: false };
  // why: the linking notification reaches Loket over HTTP; until then the account is still PENDING.
  await expect.poll(async () => (await merchant.post("charges", body)).status, { timeout: 15_000, intervals: [250, 500, 1000] }).toBe(201);
});

test("admin sees today's money cards, both charts and what needs attention", async ({ page }) => {
  await signInAs(page, "admin");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const payments = page.getByTestId("card-payments");
  // The charge is paid once GoPay's answer (or notification) is applied; reload until it shows.
  await expect(async () => {
    await page.reload();
    await expect(payments.getByTestId("payments-count")).toHaveText(/^[1-9][\d,]* payments?$/, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  for (const id of ["card-payments", "card-refunds", "card-holds", "card-failures"]) await expect(page.getByTestId(id)).toBeVisible();
  // The charge above is Rp 123.456; demo data (PGlite) may add more, never less.
  await expect(payments).toContainText(/Rp [1-9][\d.]*/);

  // Each card's link opens the list that explains it.
  await expect(payments.getByRole("link", { name: "Paid orders created today" })).toHaveAttribute(
    "href",
    "/orders?status=paid&status=partially_refunded&status=refunded&range=today",
  );

  // Charts are drawn in the browser (recharts SVG) with an accessible table of the same numbers.
  const hourly = page.getByRole("figure", { name: /Paid volume per hour/ });
  await expect(hourly.locator("svg.recharts-surface")).toBeVisible();
  // Today as bars (an hour is a bucket, not a point on a curve), yesterday as one step line.
  await expect(hourly.locator(".recharts-area-curve")).toHaveCount(0);
  await expect(hourly.locator(".recharts-bar-rectangle").filter({ visible: true }).first()).toBeVisible();
  await expect(hourly.locator(".recharts-line-curve")).toHaveCount(1);
  await expect(hourly.getByRole("table")).toContainText("Hour (WIB)");
  const byStatus = page.getByRole("figure", { name: /Orders per day by status/ });
  await expect(byStatus.locator("svg.recharts-surface")).toBeVisible();
  // Days without orders draw zero-height bars; today has at least the paid charge.
  await expect(byStatus.locator(".recharts-bar-rectangle").filter({ visible: true }).first()).toBeVisible();
  const todayRow = byStatus.getByRole("table").getByRole("row").last();
  await expect(todayRow.getByRole("cell").first()).not.toHaveText("0");

  // The tooltip shows exact rupiah for the hovered hour.
  const box = (await hourly.locator("svg.recharts-surface").boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(hourly.locator(".recharts-tooltip-wrapper")).toContainText(/WIB/);

  await expect(page.getByRole("heading", { level: 2, name: "Needs attention" })).toBeVisible();
  // A fresh run has nothing stuck: the panel says so instead of showing an empty list.
  await expect(page.getByText("All clear").or(page.getByTestId("attention-list"))).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: "/tmp/shots/overview-admin.png", fullPage: true });

  await payments.getByRole("link", { name: "Paid orders created today" }).click();
  await expect(page).toHaveURL(/\/orders\?status=paid&status=partially_refunded&status=refunded&range=today$/);
  await expect(page.getByRole("link", { name: paidOrderId })).toBeVisible();
});

test("the campaigns role sees no money cards and is sent to its own section", async ({ page }) => {
  await signInAs(page, "campaigns");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByText("No payment figures for your role")).toBeVisible();
  for (const id of ["card-payments", "card-refunds", "card-holds", "card-failures"]) await expect(page.getByTestId(id)).toHaveCount(0);
  await expect(page.getByText(/Rp \d/)).toHaveCount(0);
  await expect(page.locator("svg.recharts-surface")).toHaveCount(0);
  await expect(page.getByText("Needs attention")).toHaveCount(0);
  await page.screenshot({ path: "/tmp/shots/overview-campaigns.png", fullPage: true });
  await page.getByRole("link", { name: "Go to campaigns" }).click();
  await expect(page).toHaveURL(/\/campaigns$/);
});

test("the page sends no inline script without the CSP nonce", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  await signInAs(page, "viewer");
  await expect(page.getByRole("figure", { name: /Paid volume per hour/ }).locator("svg.recharts-surface")).toBeVisible();
  expect(violations).toEqual([]);
});

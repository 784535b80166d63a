import type { Locator } from "@playwright/test";
import fs from "node:fs";
import { wibDateString } from "../../app/lib/time";
import { expect, test } from "./support/fixtures";
import { createMerchantKey, Merchant, uniqueId } from "./support/merchant";

/**
 * The overview's money over days and /finance/reports in a real browser, over payments made the
 * way production makes them: a merchant charges linked GoPay accounts through Loket's API and the
 * sandbox settles them (the e2e database has no demo data on PostgreSQL; on PGlite the demo
 * history adds more days). Each number must open the list whose total it is.
 * Screenshots: /tmp/shots/finance-reports-*.png.
 */
// why: a loaded two-core machine; sign-in, charges and several page loads can pass the 30 s default.
test.describe.configure({ timeout: 120_000 });

const orderIds: string[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  fs.mkdirSync("/tmp/shots", { recursive: true });
  const merchant = new Merchant(await createMerchantKey(browser, `e2e reports ${Date.now()}`));
  const { accountId } = await merchant.linkedAccount();
  for (const amount of ["111111", "222222"]) {
    const orderId = uniqueId("E2E-REP");
    const body = { order_id: orderId, account_id: accountId, amount, pre_auth: false };
    // why: the linking notification reaches Loket over HTTP; until then the account is still PENDING.
    await expect
      .poll(async () => (await merchant.post("charges", body)).status, {
        timeout: 20_000,
        intervals: [250, 500, 1000],
      })
      .toBe(201);
    orderIds.push(orderId);
  }
});

/** The Money text (`Rp 1.234`) inside a locator. */
async function rupiahIn(loc: Locator): Promise<string> {
  const m = /-?Rp [\d.,]+/.exec((await loc.textContent()) ?? "");
  if (!m) throw new Error(`no amount in ${await loc.textContent()}`);
  return m[0];
}

test("the overview draws 7 days of money with a chart; its numbers open the matching rows", async ({
  page,
  signIn,
}) => {
  await signIn(page, "finance");
  const gross = page.getByTestId("period-gross");
  // The charges are paid once GoPay's answer (or notification) is applied; reload until both count.
  await expect(async () => {
    await page.goto("/?period=7d");
    await expect(gross).toContainText(/[2-9]|\d{2,} payments/, { timeout: 2_000 });
  }).toPass({ timeout: 45_000 });
  await expect(page.getByRole("link", { name: "7 days", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  for (const id of ["period-refunds", "period-net", "period-count", "period-success"])
    await expect(page.getByTestId(id)).toBeVisible();

  // The daily chart: recharts SVG with at least today's bar, and its table twin (7 rows + header).
  const chart = page.getByRole("figure", { name: "Paid and refunded amounts per WIB day" });
  await expect(chart.locator("svg.recharts-surface")).toBeVisible();
  await expect(chart.locator(".recharts-bar-rectangle").filter({ visible: true }).first()).toBeVisible();
  await expect(chart.getByRole("table").getByRole("row")).toHaveCount(8);
  await page.screenshot({ path: "/tmp/shots/finance-reports-overview.png", fullPage: true });

  // Gross paid → the payment rows of the same 7 WIB days, whose total is the card's number.
  const grossAmount = await rupiahIn(gross.locator("div").nth(1));
  await gross.getByRole("link", { name: "Payments" }).click();
  await expect(page).toHaveURL(
    /\/finance\/reports\/rows\?source=payments&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/,
  );
  await expect(page.getByRole("heading", { level: 1, name: "Payments: rows" })).toBeVisible();
  await expect(page.getByTestId("rows-total")).toContainText(grossAmount);
  await expect(page.getByRole("table").getByRole("row").nth(1)).toBeVisible();

  // A split: tokenized payments today → rows filtered by that channel only.
  await page.goto("/?period=today");
  const tokenized = page.getByTestId("split-channel-tokenized");
  const cellAmount = await rupiahIn(tokenized.getByRole("cell").first());
  await tokenized.getByRole("link").first().click();
  await expect(page).toHaveURL(/source=payments&.*channel=tokenized/);
  await expect(page.getByTestId("rows-total")).toContainText(cellAmount);
  const channels = page
    .getByRole("table")
    .getByRole("row")
    .filter({ hasNot: page.getByRole("columnheader") });
  await expect(channels.first()).toContainText("Tokenized");
  for (const text of await channels.allTextContents()) expect(text).toContain("Tokenized");
});

test("a report's total links to its rows, which add up to it and include our payments", async ({
  page,
  signIn,
}) => {
  await signIn(page, "finance");
  const today = wibDateString(new Date());
  // Other specs pay today's orders at the same time: a payment may land between the report and its
  // rows. The rows must add up to the report read just before them: read both again if one did.
  let count: string | undefined;
  await expect(async () => {
    await page.goto(`/finance/reports?period=day&day=${today}`);
    await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
    const total = page.getByTestId("total-payments");
    await expect(total).toBeVisible();
    const amount = await rupiahIn(total);
    count = /\((\d+)\)/.exec((await total.textContent()) ?? "")?.[1];
    expect(Number(count)).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId("total-net")).toContainText(/Rp/);
    await expect(page.getByRole("link", { name: "Export report (CSV)" })).toHaveAttribute(
      "href",
      `/finance/reports/export.csv?period=day&day=${today}`,
    );
    await page.screenshot({ path: "/tmp/shots/finance-reports-day.png", fullPage: true });

    await total.click();
    await expect(page).toHaveURL(`/finance/reports/rows?source=payments&from=${today}&to=${today}`);
    await expect(page.getByTestId("rows-total")).toContainText(`${count} rows, total ${amount}`, { timeout: 3_000 });
  }).toPass({ timeout: 45_000 });
  // Our two charges are there (oldest first; page through if other payments came first).
  for (const id of orderIds) {
    await expect(async () => {
      if (await page.getByRole("link", { name: id }).isVisible()) return;
      await page.getByRole("link", { name: "Next rows" }).click();
      await expect(page.getByRole("link", { name: id })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
  }
  await expect(page.getByRole("link", { name: "Export rows (CSV)" })).toHaveAttribute(
    "href",
    /\/finance\/reports\/rows\.csv\?source=payments/,
  );
  // A row's order id opens that order's page (it linked to the internal uuid: "Order not found").
  const lastId = orderIds[orderIds.length - 1]!;
  await page.getByRole("link", { name: lastId }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Order ${lastId}` })).toBeVisible();
  await page.goBack();

  // The rows CSV streams with the same rows: one header, WIB times, whole rupiah.
  const csv = await (
    await page.request.get(`/finance/reports/rows.csv?source=payments&from=${today}&to=${today}`)
  ).text();
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toContain("at_wib,source,id,order_or_request_id");
  // As many rows as the page said, or as it says now if a payment landed in between.
  await page.reload();
  const now = Number(/(\d+) rows/.exec((await page.getByTestId("rows-total").textContent()) ?? "")?.[1]);
  expect(lines.length - 1).toBeGreaterThanOrEqual(Number(count));
  expect(lines.length - 1).toBeLessThanOrEqual(now);
  expect(csv).toMatch(new RegExp(`,${orderIds[0]},tokenized,[A-Z_]*,111111,`));
});

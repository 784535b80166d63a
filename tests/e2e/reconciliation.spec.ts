import { expect, test } from "./support/fixtures";
import { merchantKey, openPaidOrder, paidOrder, sandboxApi, signInAs } from "./support/refund-orders";

/**
 * Issue 14, end to end: a finance user runs a reconciliation, sees a difference, resolves it, and
 * the difference disappears. The difference is real: an order paid through the merchant API and the
 * sandbox, then Rp 20.000 refunded at GoPay behind Loket's back (sandbox control, no notification).
 * The run is worked by the app's own pg-boss job; the page follows it with its live progress bar.
 */
let apiKey: string;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  apiKey = await merchantKey(browser, `e2e reconciliation ${Date.now()}`);
});

const todayDmy = () => {
  const wib = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  return wib.split("-").reverse().join("-");
};

test("a finance user runs a reconciliation, sees a difference, resolves it, and the difference disappears", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const o = await paidOrder(apiKey, { amountRupiah: 120_000, name: "Dewi Lestari" });
  await signInAs(page, "finance");
  await openPaidOrder(page, o.orderId); // Loket has it paid (the notification arrived)
  await sandboxApi(`/snap/payments/${o.referenceNo}/refund-behind`, { amountSen: 20_000_00 });

  await page.goto("/finance");
  await page.getByRole("link", { name: /Reconciliation/ }).click();
  await expect(page).toHaveURL(/\/finance\/reconciliation/);
  await page.getByLabel("From (WIB day)").fill(todayDmy());
  await page.getByLabel("To (WIB day)").fill(todayDmy());
  await page.getByLabel("GoPay calls per second").fill("200");
  await page.getByRole("button", { name: "Start reconciliation" }).click();
  await expect(page.getByText("Reconciliation started")).toBeVisible();

  // The live progress bar reaches the end without a reload.
  const run = page.getByTestId("recon-runs").locator("tbody tr").first();
  await expect(run.getByRole("progressbar")).toBeVisible();
  await expect(run).toHaveAttribute("data-status", "completed", { timeout: 90_000 });
  await page.screenshot({ path: "/tmp/shots/reconciliation-run.png", fullPage: true });

  const row = page.locator(`tr[data-order="${o.orderId}"]`);
  await expect(row).toHaveAttribute("data-kind", "refund_missing_in_loket");
  await expect(row).toContainText("Refund at GoPay missing in Loket");
  await expect(row).toContainText("Rp 20.000");

  // Explain: both sides' raw answers, side by side.
  await row.getByRole("link", { name: "Explain" }).click();
  await expect(page.getByTestId("explain-gopay")).toContainText('"latestTransactionStatus": "04"');
  await expect(page.getByTestId("explain-loket")).toContainText('"refundedAmount": "0"');

  await page
    .locator(`tr[data-order="${o.orderId}"]`)
    .getByRole("button", { name: "Resync from GoPay" })
    .click();
  await expect(page.getByText(/1 difference resolved/)).toBeVisible();
  await expect(page.locator(`tr[data-order="${o.orderId}"]`)).toHaveCount(0);

  // Resolved, not lost: the "resolved" filter still lists it, with who resolved it.
  await page.getByRole("combobox", { name: "Status", exact: true }).selectOption("resolved");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.locator(`tr[data-order="${o.orderId}"]`)).toContainText("Resolved by finance@loket.test");
  // Loket now books GoPay's refund.
  await page.goto(`/orders/${encodeURIComponent(o.orderId)}`);
  await expect(page.getByText("Partially refunded").first()).toBeVisible();
});

import type { Browser, Page } from "@playwright/test";
import { E2E_BASE_URL } from "./support/constants";
import { expect, test } from "./support/fixtures";
import { merchantKey, openPaidOrder, paidOrder, refundRequestsFor, sandboxPayment, timelineOf, type PaidOrder } from "./support/refund-orders";
import { signInAs } from "./support/refund-orders";

/**
 * Four eyes on big refunds: support may refund up to Rp 1.000.000 alone; above that the refund
 * waits on /approvals for a finance user, who cannot be the requester. Real orders (merchant API +
 * sandbox payment); GoPay's side checked through the sandbox.
 */
let apiKey: string;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  apiKey = await merchantKey(browser, `e2e approvals ${Date.now()}`);
});

async function signedIn(browser: Browser, role: "support" | "finance"): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: E2E_BASE_URL });
  const page = await ctx.newPage();
  await signInAs(page, role);
  return page;
}

/** Support asks for a full refund of an order above their limit. */
async function requestAboveLimit(page: Page, o: PaidOrder) {
  await openPaidOrder(page, o.orderId);
  const dialog = page.getByRole("dialog");
  await expect(async () => {
    if (!(await dialog.isVisible())) await page.getByRole("button", { name: "Refund", exact: true }).click({ timeout: 2000 });
    await expect(dialog).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  const label = `Refund Rp ${o.amountRupiah.toLocaleString("id-ID")}`;
  await dialog.getByRole("button", { name: label }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Sent for approval" })).toBeVisible();
  await expect(page.getByTestId("toast").filter({ hasText: "a finance user must approve it" })).toBeVisible();
}

const rowOf = (page: Page, orderId: string) => page.getByRole("row").filter({ hasText: orderId });

test("a refund above the support limit waits on /approvals; the requester cannot approve it; finance approves → one refund at GoPay", async ({ page, browser }) => {
  // Two orders, three sign-ins, four dialogs: on the shared 2-core machine this alone takes ~60 s.
  test.setTimeout(150_000);
  const big = await paidOrder(apiKey, { amountRupiah: 1_500_000, name: "Rina Wijaya" });
  const other = await paidOrder(apiKey, { amountRupiah: 1_250_000, name: "Agus Pratama" });

  await signInAs(page, "support");
  await requestAboveLimit(page, big);
  // Nothing went to GoPay; the order says it waits.
  await expect(page.getByText(/needs approval/).first()).toBeVisible();
  expect((await sandboxPayment(big.referenceNo)).refunds).toHaveLength(0);
  await requestAboveLimit(page, other);

  // The requester sees their request but no Approve / Reject.
  await page.goto("/approvals");
  const mine = rowOf(page, big.orderId);
  await expect(mine).toContainText("Rp 1.500.000");
  await expect(mine).toContainText("Your request");
  await expect(mine.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(mine.getByRole("button", { name: "Reject" })).toHaveCount(0);

  const finance = await signedIn(browser, "finance");
  try {
    await finance.goto("/approvals");
    // Reject one first, so the history has something in it.
    await rowOf(finance, other.orderId).getByRole("button", { name: "Reject" }).click();
    const reject = finance.getByRole("dialog");
    await reject.getByLabel("Reason").fill("Customer already got a voucher");
    await reject.getByRole("button", { name: "Reject" }).click();
    await expect(finance.getByTestId("toast").filter({ hasText: "Request rejected" })).toBeVisible();

    await expect(rowOf(finance, big.orderId).getByRole("button", { name: "Approve" })).toBeVisible();
    await expect(finance.getByText("Customer already got a voucher")).toBeVisible();
    await finance.screenshot({ path: "/tmp/shots/approvals.png", fullPage: true });

    await rowOf(finance, big.orderId).getByRole("button", { name: "Approve" }).click();
    const approve = finance.getByRole("dialog");
    await expect(approve).toContainText("Rp 1.500.000");
    await expect(approve).toContainText("Rina Wijaya");
    await expect(approve).toContainText("support@loket.test");
    await finance.screenshot({ path: "/tmp/shots/approvals-approve-dialog.png" });
    await approve.getByRole("button", { name: "Approve and refund" }).dblclick();
    await expect(finance.getByTestId("toast").filter({ hasText: "Approved and refunded" })).toBeVisible();
    await expect(rowOf(finance, big.orderId).getByRole("button", { name: "Approve" })).toHaveCount(0);
    await finance.screenshot({ path: "/tmp/shots/approvals-after.png", fullPage: true });
  } finally {
    await finance.context().close();
  }

  const atGopay = await sandboxPayment(big.referenceNo);
  expect(atGopay.refunds.map((r) => r.amountSen)).toEqual([150_000_000]);
  expect(await refundRequestsFor(atGopay.refunds[0]!.partnerRefundNo)).toBe(1);
  expect((await sandboxPayment(other.referenceNo)).refunds).toHaveLength(0);

  // The requester's order page shows the refund done.
  await page.goto(`/orders/${big.orderId}`);
  await expect(timelineOf(page, "refund")).toContainText(/succeeded/i);
  await expect(page.getByTestId("refundable-now")).toHaveText("Rp 0");
});

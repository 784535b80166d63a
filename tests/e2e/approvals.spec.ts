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
  // The dialog says before submitting that this goes for approval.
  await expect(dialog.getByTestId("approval-hint")).toHaveText(/^Above your limit of Rp [\d.]+: this goes to a finance user for approval/);
  const label = `Ask approval for Rp ${o.amountRupiah.toLocaleString("id-ID")}`;
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
  // (the timeline folds the request's steps into one entry; the banner says it in the open)
  await expect(page.getByRole("region", { name: "A refund is waiting for approval" })).toContainText("Rp 1.500.000");
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

test("the dialog says live when an amount goes for approval; the order then shows the pending request; /approvals flags it once it no longer fits", async ({ page, browser }) => {
  test.setTimeout(150_000);
  // Amounts above 2.500.000: staff.spec may raise the support limit from 1.000.000 to that meanwhile.
  const o = await paidOrder(apiKey, { amountRupiah: 5_000_000, name: "Dewi Lestari" });
  await signInAs(page, "support");
  await openPaidOrder(page, o.orderId);
  const dialog = page.getByRole("dialog");
  await expect(async () => {
    if (!(await dialog.isVisible())) await page.getByRole("button", { name: "Refund", exact: true }).click({ timeout: 2000 });
    await expect(dialog).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  const amount = dialog.getByLabel("Amount (Rp)");
  const hint = dialog.getByTestId("approval-hint");
  await expect(amount).toBeFocused();
  await expect(dialog).toContainText(/Your limit: Rp (1\.000\.000|2\.500\.000)\./);

  // Within the limit: no hint, straight to GoPay.
  await amount.fill("900.000");
  await expect(hint).toHaveText("");
  await expect(dialog.getByRole("button", { name: "Refund Rp 900.000" })).toBeVisible();
  // Above it, as the agent types: said before submitting, and the button says what it does.
  await amount.fill("3.500.000");
  await expect(hint).toHaveText(/^Above your limit of Rp (1\.000\.000|2\.500\.000): this goes to a finance user for approval, nothing is sent to GoPay until then\.$/);
  await expect(hint).toHaveAttribute("role", "status");
  await page.screenshot({ path: "/tmp/shots/refund-dialog-approval-hint.png" });
  await dialog.getByRole("button", { name: "Ask approval for Rp 3.500.000" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Sent for approval" })).toBeVisible();

  // The order shows the pending request: a banner, and beside "refundable now".
  const banner = page.getByTestId("pending-approval");
  await expect(banner).toContainText("A refund is waiting for approval");
  await expect(banner).toContainText("Rp 3.500.000, asked by support@loket.test");
  await expect(page.getByTestId("refundable-now")).toHaveText("Rp 5.000.000");
  await expect(page.getByTestId("refundable-awaiting-approval")).toHaveText("Rp 3.500.000 of it asked for, waiting for approval");
  await page.screenshot({ path: "/tmp/shots/order-pending-approval.png", fullPage: true });
  expect((await sandboxPayment(o.referenceNo)).refunds).toHaveLength(0);

  // Finance refunds Rp 2.000.000 directly; the request no longer fits and /approvals says so before anyone clicks.
  const finance = await signedIn(browser, "finance");
  try {
    await openPaidOrder(finance, o.orderId);
    const d = finance.getByRole("dialog");
    await expect(async () => {
      if (!(await d.isVisible())) await finance.getByRole("button", { name: "Refund", exact: true }).click({ timeout: 2000 });
      await expect(d).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expect(d.getByTestId("dialog-awaiting-approval")).toContainText("Rp 3.500.000 on this order is already waiting for approval");
    await d.getByLabel("Amount (Rp)").fill("2.000.000");
    await d.getByRole("button", { name: "Refund Rp 2.000.000" }).click();
    await expect(finance.getByTestId("toast").filter({ hasText: "Refund sent" })).toBeVisible();
    await expect(finance.getByTestId("pending-approval-problem")).toContainText("Cannot approve: Rp 3.500.000 no longer fits; at most Rp 3.000.000 can be refunded now.");

    await finance.goto("/approvals");
    const row = rowOf(finance, o.orderId);
    await expect(row.getByTestId("approval-problem")).toHaveText("Can no longer be honoured. Cannot approve: Rp 3.500.000 no longer fits; at most Rp 3.000.000 can be refunded now.");
    await expect(row.getByRole("button", { name: "Approve" })).toHaveCount(0);
    await expect(row.getByRole("button", { name: "Reject" })).toBeVisible();
    await finance.screenshot({ path: "/tmp/shots/approvals-flagged.png", fullPage: true });
  } finally {
    await finance.context().close();
  }
});

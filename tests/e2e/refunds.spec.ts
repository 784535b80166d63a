import type { Locator, Page } from "@playwright/test";
import { E2E_BASE_URL } from "./support/constants";
import { expect, test } from "./support/fixtures";
import {
  merchantKey,
  openPaidOrder,
  paidOrder,
  refundRequestsFor,
  sandboxApi,
  sandboxPayment,
  timelineOf,
} from "./support/refund-orders";
import { signInAs } from "./support/refund-orders";

/**
 * Refunds in a real browser against real orders (merchant API + sandbox payment) and the real
 * sandbox's refund endpoint. GoPay's side is checked through the sandbox's control API.
 * Screenshots go to /tmp/shots/.
 */
let apiKey: string;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  apiKey = await merchantKey(browser, `e2e refunds ${Date.now()}`);
});

const dialogOf = (page: Page) => page.getByRole("dialog");
const amountField = (dialog: Locator) => dialog.getByLabel("Amount (Rp)");
/** The amount field's error (the only field error a refund dialog shows at a time); wired by aria-describedby. */
const amountError = (dialog: Locator) => dialog.locator('p[id$="-error"]');

/** Opens the refund dialog; retried because a click before hydration does nothing. */
async function openRefundDialog(page: Page): Promise<Locator> {
  const dialog = dialogOf(page);
  await expect(async () => {
    if (!(await dialog.isVisible())) await page.getByRole("button", { name: "Refund", exact: true }).click({ timeout: 2000 });
    await expect(dialog).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  return dialog;
}

test("support refunds part of a paid order; the timeline gains the refund, then GoPay's notification without a reload", async ({ page }) => {
  test.setTimeout(60_000);
  const o = await paidOrder(apiKey, { amountRupiah: 250_000, name: "Siti Rahma" });
  await signInAs(page, "support");
  await openPaidOrder(page, o.orderId);
  await expect(page.getByTestId("refundable-now")).toHaveText("Rp 250.000");
  await page.screenshot({ path: "/tmp/shots/order-paid.png", fullPage: true });
  const notificationsBefore = await timelineOf(page, "notification").count();

  const dialog = await openRefundDialog(page);
  // The dialog repeats who gets what for which order.
  await expect(dialog).toContainText(o.orderId);
  await expect(dialog).toContainText("Siti Rahma");
  await expect(dialog).toContainText("Rp 250.000");
  await expect(amountField(dialog)).toBeFocused();
  await amountField(dialog).fill("50.000");
  await expect(dialog.getByRole("button", { name: "Refund Rp 50.000" })).toBeVisible();
  await dialog.getByRole("button", { name: "Refund Rp 50.000" }).click();

  await expect(page.getByTestId("toast").filter({ hasText: "Rp 50.000 refunded" })).toBeVisible();
  await expect(dialog).toHaveCount(0);
  const refund = timelineOf(page, "refund");
  await expect(refund).toHaveCount(1);
  await expect(refund).toContainText("Rp 50.000");
  await expect(refund).toContainText(/succeeded/i);
  await expect(page.getByTestId("refundable-now")).toHaveText("Rp 200.000");
  // GoPay's notification for the refund arrives over HTTP; the page refreshes itself (no reload).
  await expect(timelineOf(page, "notification")).toHaveCount(notificationsBefore + 1, { timeout: 20_000 });
  await expect(page.getByText("Partially refunded").first()).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/order-partially-refunded.png", fullPage: true });

  const atGopay = await sandboxPayment(o.referenceNo);
  expect(atGopay.refunds.map((r) => r.amountSen)).toEqual([5_000_000]);
});

test("bad amounts are refused at the field, while typing and on submit, and nothing is written or sent", async ({ page }) => {
  const o = await paidOrder(apiKey, { amountRupiah: 80_000 });
  await signInAs(page, "support");
  await openPaidOrder(page, o.orderId);
  const dialog = await openRefundDialog(page);
  const confirm = dialog.getByRole("button", { name: /^Refund/ });

  await amountField(dialog).fill("abc");
  await expect(amountError(dialog)).toHaveText("Use rupiah digits, e.g. 150.000 or 150000.");
  await confirm.click();
  await expect(amountError(dialog)).toHaveText("Use rupiah digits, e.g. 150.000 or 150000.");
  await expect(amountField(dialog)).toHaveAttribute("aria-invalid", "true");
  await expect(amountField(dialog)).toHaveAttribute("aria-describedby", /-error$/);

  // Rupiah are whole: a comma decimal is refused with what was probably meant (it used to send Rp 1,50).
  await amountField(dialog).fill("1,5");
  await expect(amountError(dialog)).toHaveText("Rupiah are whole: did you mean 1?");
  await expect(confirm).toHaveText("Refund");
  await page.screenshot({ path: "/tmp/shots/refund-dialog-error.png" });
  await confirm.click();
  await expect(amountError(dialog)).toHaveText("Rupiah are whole: did you mean 1?");

  // 19 digits used to crash the page (bigint overflow in the refusal's audit row).
  await amountField(dialog).fill("1234567890123456789");
  await confirm.click();
  await expect(amountError(dialog)).toHaveText("That is more than GoPay moves in one transaction (at most Rp 99.999.999.999).");

  await amountField(dialog).fill("");
  await confirm.click();
  await expect(amountError(dialog)).toHaveText("Enter an amount in rupiah, e.g. 150.000.");

  await amountField(dialog).fill("80.001");
  await expect(amountError(dialog)).toHaveText("At most Rp 80.000 can be refunded now.");
  await confirm.click();
  await expect(amountError(dialog)).toHaveText("At most Rp 80.000 can be refunded now.");

  await dialog.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(timelineOf(page, "refund")).toHaveCount(0);
  expect((await sandboxPayment(o.referenceNo)).refunds).toHaveLength(0);
});

test("double-clicking confirm makes exactly one refund (page and GoPay agree)", async ({ page }) => {
  const o = await paidOrder(apiKey, { amountRupiah: 120_000 });
  await signInAs(page, "support");
  await openPaidOrder(page, o.orderId);
  const dialog = await openRefundDialog(page);
  await amountField(dialog).fill("30.000");
  await dialog.getByRole("button", { name: "Refund Rp 30.000" }).dblclick();
  await expect(page.getByTestId("toast").filter({ hasText: "Rp 30.000 refunded" })).toBeVisible();
  await expect(timelineOf(page, "refund")).toHaveCount(1);

  const atGopay = await sandboxPayment(o.referenceNo);
  expect(atGopay.refunds).toHaveLength(1);
  expect(await refundRequestsFor(atGopay.refunds[0]!.partnerRefundNo)).toBe(1);
  await page.reload();
  await expect(timelineOf(page, "refund")).toHaveCount(1);
});

test("a second tab refunding the same amount is asked to confirm; a deliberate second refund still works", async ({ page, context }) => {
  test.setTimeout(60_000);
  const o = await paidOrder(apiKey, { amountRupiah: 200_000 });
  await signInAs(page, "support");
  await openPaidOrder(page, o.orderId);
  const tab2 = await context.newPage(); // same staff member, same session
  await tab2.goto(`/orders/${o.orderId}`);

  const d1 = await openRefundDialog(page);
  const d2 = await openRefundDialog(tab2);
  await amountField(d1).fill("40.000");
  await amountField(d2).fill("40.000");
  await d1.getByRole("button", { name: "Refund Rp 40.000" }).click();
  // why no toast check here: both tabs share the session, and the toast cookie is read by
  // whichever tab revalidates first (the other tab refreshes itself while a refund settles).
  await expect(d1).toBeHidden();
  await expect(timelineOf(page, "refund")).toHaveCount(1);

  await d2.getByRole("button", { name: "Refund Rp 40.000" }).click();
  await expect(amountError(d2)).toHaveText(/^You refunded Rp 40\.000 on this order (less than a minute|1 minute) ago\. Refund again\?$/);
  await tab2.screenshot({ path: "/tmp/shots/refund-two-tabs.png" });
  expect((await sandboxPayment(o.referenceNo)).refunds).toHaveLength(1);

  await d2.getByLabel("Yes, this is a second refund: send it again.").check();
  await d2.getByRole("button", { name: "Refund Rp 40.000" }).click();
  await expect(d2).toBeHidden();
  expect((await sandboxPayment(o.referenceNo)).refunds.map((r) => r.amountSen)).toEqual([4_000_000, 4_000_000]);
  await expect(timelineOf(tab2, "refund")).toHaveCount(2);
});

test("GoPay drops the answer: 'Waiting for GoPay', then the page settles by itself; one refund at GoPay", async ({ page }) => {
  test.setTimeout(90_000);
  const o = await paidOrder(apiKey, { amountRupiah: 90_000 });
  await signInAs(page, "support");
  await openPaidOrder(page, o.orderId);
  // The refund is applied but the answer is lost; the resolver's status queries fail a few times,
  // and GoPay's notification comes late, so the unknown state lasts long enough to see.
  await sandboxApi("/faults", { op: "snap.refund", mode: "drop-after", count: 1 });
  await sandboxApi("/faults", { op: "snap.status", mode: "http503", count: 6 });
  await sandboxApi("/faults", { op: "notify.snap", mode: "out-of-order-notify", count: 1 });
  try {
    const dialog = await openRefundDialog(page);
    await amountField(dialog).fill("15.000");
    await dialog.getByRole("button", { name: "Refund Rp 15.000" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "Waiting for GoPay" })).toBeVisible();
    const banner = page.getByTestId("waiting-for-gopay");
    await expect(banner).toContainText("Rp 15.000");
    await expect(banner).toContainText("do not refund again");
    await page.screenshot({ path: "/tmp/shots/order-waiting-for-gopay.png", fullPage: true });

    // No reload: RefundWatch refreshes until GoPay's notification (or a status query) settles it.
    await expect(banner).toHaveCount(0, { timeout: 45_000 });
    await expect(timelineOf(page, "refund")).toContainText(/succeeded/i);
  } finally {
    await sandboxApi("/faults", undefined, "DELETE");
  }
  const atGopay = await sandboxPayment(o.referenceNo);
  expect(atGopay.refunds).toHaveLength(1);
  // Settled by asking, never by sending the refund again under a new key.
  expect(await refundRequestsFor(atGopay.refunds[0]!.partnerRefundNo)).toBe(1);
});

test("cancel dialog on an unpaid order says what happens; cancelling it closes it at GoPay", async ({ page }) => {
  const o = await paidOrder(apiKey, { amountRupiah: 45_000, name: "Budi Santoso", paid: false });
  await signInAs(page, "support");
  await page.goto(`/orders/${o.orderId}`);
  await expect(page.getByRole("button", { name: "Refund", exact: true })).toHaveCount(0);
  const dialog = dialogOf(page);
  await expect(async () => {
    if (!(await dialog.isVisible())) await page.getByRole("button", { name: "Cancel order" }).click({ timeout: 2000 });
    await expect(dialog).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(dialog).toContainText(o.orderId);
  await expect(dialog).toContainText("Budi Santoso");
  await expect(dialog.getByRole("button", { name: "Keep order" })).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/cancel-dialog.png" });
  await dialog.getByRole("button", { name: "Cancel order" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Order cancelled" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
  expect((await sandboxPayment(o.referenceNo)).status).toBe("05");
});

test("a viewer sees no action buttons, and a forged refund POST is refused with 403", async ({ page }) => {
  const o = await paidOrder(apiKey, { amountRupiah: 70_000 });
  await signInAs(page, "viewer");
  await openViewerPage(page, o.orderId);
  for (const name of ["Refund", "Cancel order", "Resync"]) await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);

  const res = await page.request.post(`/orders/${encodeURIComponent(o.orderId)}`, {
    headers: { Origin: E2E_BASE_URL },
    form: { intent: "refund", amount: "10.000", reasonCode: "customer_request", key: `RF${"0".repeat(32)}` },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(403);
  expect((await sandboxPayment(o.referenceNo)).refunds).toHaveLength(0);
});

/** A viewer has no Refund button to wait for: wait for the paid status instead. */
async function openViewerPage(page: Page, orderId: string) {
  await expect(async () => {
    await page.goto(`/orders/${encodeURIComponent(orderId)}`);
    await expect(page.getByTestId("refundable-now")).toHaveText("Rp 70.000", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

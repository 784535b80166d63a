import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { createMerchantKey, Merchant, signInAs, sandbox } from "./support/merchant";

/**
 * /holds in a real browser against real holds: made by the merchant API at the sandbox, settled by
 * finance through the dialogs, lapsed by GoPay's own clock. Screenshots go to /tmp/shots/.
 */
let merchant: Merchant;
let accountId: string;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  merchant = new Merchant(await createMerchantKey(browser, `e2e holds ${Date.now()}`));
  ({ accountId } = await merchant.linkedAccount());
});

const rowOf = (page: Page, orderId: string) => page.getByRole("row").filter({ hasText: orderId });

/** GoPay's (the sandbox's) status of each Core API transaction, by order id. */
async function gopayStatuses(): Promise<(orderId: string) => string | undefined> {
  const txs = (await sandbox("/core/transactions")) as { orderId?: string; order_id?: string; status?: string; transaction_status?: string }[];
  return (id) => {
    const t = txs.find((x) => (x.orderId ?? x.order_id) === id);
    return t?.status ?? t?.transaction_status;
  };
}

test("finance captures one hold in full and releases another, with toasts and statuses", async ({ page }) => {
  test.setTimeout(90_000);
  const cap = await merchant.hold(accountId, { amountRupiah: 125_000 });
  const rel = await merchant.hold(accountId, { amountRupiah: 80_000 });
  await signInAs(page, "finance");
  await page.goto("/holds?status=authorised");
  const capRow = rowOf(page, cap.orderId);
  await expect(capRow.getByRole("timer")).toHaveText(/^59:\d\d$|^60:00$/);
  await expect(capRow).toContainText("Rp 125.000");
  await page.screenshot({ path: "/tmp/shots/holds-list.png", fullPage: true });

  await capRow.getByRole("button", { name: "Capture" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Capture ${cap.orderId}?`);
  await expect(dialog).toContainText("Rp 125.000");
  await expect(dialog).toContainText("GoPay has no partial capture");
  await expect(dialog.getByRole("button", { name: "Capture in full" })).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/holds-capture-dialog.png" });
  await dialog.getByRole("button", { name: "Capture in full" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Hold for order ${cap.orderId} captured: Rp 125.000.` })).toBeVisible();
  await expect(dialog).toHaveCount(0);

  await page.goto("/holds");
  await expect(rowOf(page, cap.orderId)).toContainText(/captured/i);
  await expect(rowOf(page, cap.orderId).getByRole("button", { name: "Capture" })).toHaveCount(0);

  const relRow = rowOf(page, rel.orderId);
  await relRow.getByRole("button", { name: "Release" }).click();
  const relDialog = page.getByRole("dialog");
  await expect(relDialog).toContainText("Rp 80.000");
  await relDialog.getByLabel("Reason").fill("Customer cancelled the booking");
  await relDialog.getByRole("button", { name: "Release hold" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Hold for order ${rel.orderId} released: Rp 80.000.` })).toBeVisible();
  await expect(rowOf(page, rel.orderId)).toContainText(/released/i);

  // GoPay agrees with what the page says.
  const st = await gopayStatuses();
  expect(["capture", "settlement"]).toContain(st(cap.orderId));
  expect(st(rel.orderId)).toBe("cancel");

  // The order's timeline shows the hold's story.
  await page.goto(`/orders/${encodeURIComponent(rel.orderId)}`);
  await expect(page.getByText("Hold authorised").first()).toBeVisible();
  await expect(page.getByText("Hold released").first()).toBeVisible();
  await expect(page.getByText("Customer cancelled the booking").first()).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/order-timeline-hold.png", fullPage: true });
});

test("on a pre-auth order's own page, finance captures or releases its hold; a viewer sees no such buttons", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const cap = await merchant.hold(accountId, { amountRupiah: 45_000 });
  const rel = await merchant.hold(accountId, { amountRupiah: 30_000 });
  await signInAs(page, "finance");
  await page.goto(`/orders/${encodeURIComponent(cap.orderId)}`);
  // The refund button is not offered for an authorised hold (the page says why); capture is, beside resync.
  await expect(page.getByText("A hold is not paid until it is captured: capture it first")).toBeVisible();
  await expect(page.getByRole("button", { name: "Capture" })).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/order-hold-actions.png" });
  await page.getByRole("button", { name: "Capture" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Capture ${cap.orderId}?`);
  await expect(dialog).toContainText("Rp 45.000");
  await expect(dialog.getByRole("button", { name: "Capture in full" })).toBeFocused();
  await dialog.getByRole("button", { name: "Capture in full" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Hold for order ${cap.orderId} captured: Rp 45.000.` })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/orders/${cap.orderId}$`));
  await expect(page.getByText("Hold captured").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Capture" })).toHaveCount(0);

  await page.goto(`/orders/${encodeURIComponent(rel.orderId)}`);
  await page.getByRole("button", { name: "Release" }).click();
  const relDialog = page.getByRole("dialog");
  // The reason is required: an empty one is refused at its field, and nothing is sent.
  await relDialog.getByLabel("Reason").fill("x");
  await relDialog.getByLabel("Reason").evaluate((el) => el.removeAttribute("minlength"));
  await relDialog.getByRole("button", { name: "Release hold" }).click();
  await expect(relDialog.getByText(/at least 3 characters/)).toBeVisible();
  await relDialog.getByLabel("Reason").fill("Customer returned the scooter early");
  await relDialog.getByRole("button", { name: "Release hold" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Hold for order ${rel.orderId} released: Rp 30.000.` })).toBeVisible();
  await expect(page.getByText("Hold released").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Release" })).toHaveCount(0);

  const st = await gopayStatuses();
  expect(["capture", "settlement"]).toContain(st(cap.orderId));
  expect(st(rel.orderId)).toBe("cancel");

  // A viewer reads the order of a live hold without capture or release.
  const live = await merchant.hold(accountId, { amountRupiah: 20_000 });
  const ctx = await browser.newContext();
  const viewer = await ctx.newPage();
  await signInAs(viewer, "viewer", { redirectTo: `/orders/${encodeURIComponent(live.orderId)}` });
  await viewer.goto(`/orders/${encodeURIComponent(live.orderId)}`);
  await expect(viewer.getByRole("heading", { level: 1 })).toContainText(live.orderId);
  await expect(viewer.getByRole("button", { name: "Capture" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Release" })).toHaveCount(0);
  const cookies = await ctx.cookies();
  await ctx.close();
  // On a phone in Indonesian (the longest badge: "Tahan dana (pre-otorisasi)") the page does not
  // scroll sideways: the status line wraps. The viewer follows the browser's language.
  const phone = await browser.newContext({ locale: "id-ID", viewport: { width: 390, height: 800 } });
  await phone.addCookies(cookies);
  const idPage = await phone.newPage();
  await idPage.goto(`/orders/${encodeURIComponent(live.orderId)}`);
  await expect(idPage.getByText("Tahan dana (pre-otorisasi)", { exact: true })).toBeVisible();
  expect(await idPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  await phone.close();
});

test("the rows' buttons share one dialog that acts as each one's own: keyboard opens it, Escape and Cancel close it, focus returns to the pressed button", async ({ page }) => {
  const a = await merchant.hold(accountId, { amountRupiah: 11_000 });
  const b = await merchant.hold(accountId, { amountRupiah: 12_000 });
  await signInAs(page, "finance");
  await page.goto("/holds?status=authorised");
  const captureA = rowOf(page, a.orderId).getByRole("button", { name: "Capture" });
  const releaseB = rowOf(page, b.orderId).getByRole("button", { name: "Release" });
  // Said like a dialog trigger: a popup button, collapsed.
  await expect(captureA).toHaveAttribute("aria-haspopup", "dialog");
  await expect(captureA).toHaveAttribute("aria-expanded", "false");
  // The countdown ticks once the page is live, so the buttons answer to the keyboard.
  const timer = rowOf(page, a.orderId).getByRole("timer");
  const shown = await timer.textContent();
  await expect(timer).not.toHaveText(shown ?? "", { timeout: 10_000 });

  await captureA.focus();
  await page.keyboard.press("Enter");
  const capture = page.getByRole("dialog", { name: `Capture ${a.orderId}?` });
  await expect(capture).toBeVisible();
  await expect(capture).toContainText("Rp 11.000");
  // The focus is where the user acts first: capture has nothing to fill in, so its confirm button.
  await expect(capture.getByRole("button", { name: "Capture in full" })).toBeFocused();
  // While the dialog is open the page behind it is aria-hidden (as with a Radix trigger).
  const behind = (orderId: string, name: string) =>
    page.getByRole("row", { includeHidden: true }).filter({ hasText: orderId }).getByRole("button", { name, includeHidden: true });
  await expect(behind(a.orderId, "Capture")).toHaveAttribute("aria-expanded", "true");
  await expect(behind(a.orderId, "Capture")).toHaveAttribute("aria-controls", (await capture.getAttribute("id")) ?? "no id");
  await expect(behind(b.orderId, "Release")).toHaveAttribute("aria-expanded", "false");
  // Focus stays inside while it is open.
  for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
  await expect(capture.locator(":focus")).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(captureA).toBeFocused();
  await expect(captureA).toHaveAttribute("aria-expanded", "false");
  await expect(captureA).not.toHaveAttribute("aria-controls");

  // Another row, the other intent: that hold in the dialog, Cancel by keyboard, focus back to that button.
  await releaseB.focus();
  await page.keyboard.press("Space");
  const release = page.getByRole("dialog", { name: `Release ${b.orderId}?` });
  await expect(release).toContainText("Rp 12.000");
  await expect(release.getByLabel("Reason")).toHaveValue("");
  // The reason is what a release asks first: it has the focus.
  await expect(release.getByLabel("Reason")).toBeFocused();
  await release.getByRole("button", { name: "Cancel" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(releaseB).toBeFocused();
  // Nothing was sent: both holds are still authorised.
  for (const h of [a, b]) await expect(rowOf(page, h.orderId)).toContainText(/authorised/i);
});

test("each holds dialog opens with the focus where the user acts first, never on its close button; Escape closes it and the focus goes back", async ({ page }) => {
  test.setTimeout(90_000);
  const a = await merchant.hold(accountId, { amountRupiah: 13_000 });
  const b = await merchant.hold(accountId, { amountRupiah: 14_000 });
  await signInAs(page, "finance");
  await page.goto("/holds?status=authorised");
  const captureA = rowOf(page, a.orderId).getByRole("button", { name: "Capture" });
  const releaseB = rowOf(page, b.orderId).getByRole("button", { name: "Release" });
  // The countdown ticks once the page is live, so the buttons answer to the keyboard.
  const timer = rowOf(page, a.orderId).getByRole("timer");
  const shown = await timer.textContent();
  await expect(timer).not.toHaveText(shown ?? "", { timeout: 10_000 });

  // Capture, opened by mouse: "Capture in full" has the focus (the amount is the whole hold, said above it).
  await captureA.click();
  const capture = page.getByRole("dialog", { name: `Capture ${a.orderId}?` });
  await expect(capture).toContainText("Rp 13.000");
  await expect(capture.getByRole("button", { name: "Capture in full" })).toBeFocused();
  await expect(capture.getByRole("button", { name: "Close" })).not.toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(captureA).toBeFocused();

  // Opened by an Enter held down: the repeats land on the focused confirm button and must not capture.
  await captureA.focus();
  await page.keyboard.down("Enter");
  await expect(capture.getByRole("button", { name: "Capture in full" })).toBeFocused();
  for (let i = 0; i < 3; i++) await page.keyboard.down("Enter"); // auto-repeat (repeat: true)
  await page.keyboard.up("Enter");
  await page.waitForTimeout(500);
  await expect(capture).toBeVisible();
  await expect(page.getByTestId("toast")).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(captureA).toBeFocused();

  // Release: the reason field has the focus, so typing goes straight into it.
  await releaseB.click();
  const release = page.getByRole("dialog", { name: `Release ${b.orderId}?` });
  await expect(release.getByLabel("Reason")).toBeFocused();
  await page.keyboard.type("Booking moved");
  await expect(release.getByLabel("Reason")).toHaveValue("Booking moved");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(releaseB).toBeFocused();

  // Bulk release, asked with Enter in its reason field: the confirmation stays open (the same Enter
  // does not press a button in it) with the safe choice focused; Escape returns to the bulk button.
  for (const h of [a, b]) await page.getByRole("checkbox", { name: `Select hold ${h.orderId}` }).check();
  const bulk = page.getByRole("region", { name: "Bulk release" });
  await bulk.getByLabel("Reason for the release").fill("Event cancelled");
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("dialog", { name: "Release 2 holds?" });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Keep holds" })).toBeFocused();
  await page.waitForTimeout(500);
  await expect(confirm).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(bulk.getByRole("button", { name: "Release 2 selected" })).toBeFocused();

  // Nothing was sent.
  for (const h of [a, b]) await expect(rowOf(page, h.orderId)).toContainText(/authorised/i);
});

test("opening /holds/bulk-release in the browser (a reload, a link) lands on the holds page with its filters", async ({ page }) => {
  await signInAs(page, "finance");
  const res = await page.goto("/holds/bulk-release?view=expiring");
  expect(res?.status()).toBe(200);
  await expect(page).toHaveURL(/\/holds\?view=expiring$/);
  await expect(page.getByRole("heading", { level: 1, name: "Holds" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Expiring within 5 minutes" })).toHaveAttribute("aria-current", "page");
  expect(await page.locator("body").innerText()).not.toMatch(/^\s*[{[]/);
});

test("a hold's countdown reaches zero and the row turns expired by itself, without a reload", async ({ page }) => {
  test.setTimeout(150_000);
  const { orderId } = await merchant.hold(accountId, { amountRupiah: 15_000, expiryMinutes: 1 });
  await signInAs(page, "finance");
  await page.goto("/holds?view=expiring");
  await expect(rowOf(page, orderId).getByRole("timer")).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/holds-expiring.png", fullPage: true });
  // "All holds" (newest first) keeps the row once it has lapsed; the expiring view drops it.
  await page.goto("/holds");
  const row = rowOf(page, orderId);
  await expect(row.getByRole("timer")).toHaveText(/^0:[0-5]\d$|^1:00$/);
  await expect(row.getByRole("timer")).toHaveAttribute("aria-label", /Expires in/);
  // A marker on window survives only if the page is never reloaded.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  await expect(row.getByTestId("countdown")).toHaveText("Expiring", { timeout: 75_000 });
  await expect(rowOf(page, orderId)).toContainText(/expired/i, { timeout: 30_000 });
  await expect(rowOf(page, orderId).getByRole("button", { name: "Capture" })).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});

test("bulk release asks first like a single release, shows progress per hold, then resets: a second click cannot send the batch again", async ({ page }) => {
  test.setTimeout(90_000);
  const made = [];
  for (const amount of [10_000, 20_000, 30_000]) made.push(await merchant.hold(accountId, { amountRupiah: amount }));
  await signInAs(page, "finance");
  await page.goto("/holds");
  for (const h of made) await page.getByRole("checkbox", { name: `Select hold ${h.orderId}` }).check();
  const bulk = page.getByRole("region", { name: "Bulk release" });
  await expect(bulk).toContainText("3 holds selected");
  // A reason is required before anything is asked or sent.
  await bulk.getByRole("button", { name: "Release 3 selected" }).click();
  await expect(bulk).toContainText("Give a reason for the release");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // The confirmation repeats what will happen; "Keep holds" sends nothing.
  await bulk.getByLabel("Reason for the release").fill("Event cancelled");
  await bulk.getByRole("button", { name: "Release 3 selected" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Release 3 holds?");
  await expect(dialog).toContainText("Rp 60.000 in all");
  for (const h of made) await expect(dialog).toContainText(h.orderId);
  await expect(dialog).toContainText("Released holds cannot be captured afterwards.");
  await expect(dialog).toContainText("Reason: Event cancelled");
  await page.screenshot({ path: "/tmp/shots/holds-bulk-confirm.png" });
  await dialog.getByRole("button", { name: "Keep holds" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(bulk.getByRole("button", { name: "Release 3 selected" })).toBeFocused();
  for (const h of made) await expect(rowOf(page, h.orderId)).toContainText(/authorised/i);

  await sandbox("/faults", { op: "core.cancel", mode: "latency", latencyMs: 1500, count: 3 });
  try {
    await bulk.getByRole("button", { name: "Release 3 selected" }).click();
    await dialog.getByRole("button", { name: "Release 3 holds" }).click();
    await expect(bulk).toContainText(/Progress: 1 of 3/);
    await page.screenshot({ path: "/tmp/shots/holds-bulk-progress.png", fullPage: true });
    await expect(bulk).toContainText("Last batch: 3 of 3 (3 released)", { timeout: 30_000 });
  } finally {
    await sandbox("/faults", undefined, "DELETE");
  }
  // Reset: no selection, no button to send it again; the results stay until dismissed.
  await expect(bulk.getByRole("button", { name: /^Release/ })).toHaveCount(0);
  for (const h of made) await expect(bulk).toContainText(`${h.orderId}: released`);
  await expect(page.getByRole("checkbox", { name: /^Select hold / }).and(page.locator(":checked"))).toHaveCount(0);
  await page.screenshot({ path: "/tmp/shots/holds-bulk-done.png", fullPage: true });
  for (const h of made) await expect(rowOf(page, h.orderId)).toContainText(/released/i);
  await bulk.getByRole("button", { name: "Dismiss" }).click();
  await expect(bulk).toHaveCount(0);
});

test("a viewer sees holds but no capture, release or selection", async ({ page }) => {
  const { orderId } = await merchant.hold(accountId, { amountRupiah: 5_000 });
  await signInAs(page, "viewer");
  await page.goto("/holds?status=authorised");
  const row = rowOf(page, orderId);
  await expect(row).toContainText(/authorised/i);
  await expect(page.getByRole("button", { name: "Capture" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Release" })).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);
});

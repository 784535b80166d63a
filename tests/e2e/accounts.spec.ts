import { expect, test } from "./support/fixtures";
import { createMerchantKey, Merchant, signInAs, randomPhone, sandbox } from "./support/merchant";

/**
 * Linked GoPay accounts in a real browser: support links a customer (QR + activation link), the
 * customer completes linking at the sandbox, support unbinds; the customer's own unbind in the
 * GoPay app and a phone-number change reach /accounts/unbind-events by notification, labelled
 * apart. Screenshots go to /tmp/shots/.
 */
let merchant: Merchant;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  merchant = new Merchant(await createMerchantKey(browser, `e2e accounts ${Date.now()}`));
});

test("support links a customer, sees the QR then the live options, unbinds and sees the event", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "support");
  await page.goto("/accounts");
  await page.screenshot({ path: "/tmp/shots/accounts-list.png", fullPage: true });

  // Field error first: a number GoPay cannot link is refused at the field.
  const phoneField = page.getByLabel("Customer's GoPay phone");
  await phoneField.fill("12");
  await page.getByRole("button", { name: "Start linking" }).click();
  await expect(page.getByText(/Enter an Indonesian mobile number/)).toBeVisible();

  await page.getByLabel("Customer's GoPay phone").fill(randomPhone());
  await page.getByRole("button", { name: "Start linking" }).click();
  await expect(page).toHaveURL(/\/accounts\/[^/]+$/);
  const accountId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
  await expect(page.getByRole("img", { name: "QR code of the activation link" })).toBeVisible();
  await expect(page.getByText("pending").first()).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/account-pending-qr.png", fullPage: true });

  // The customer opens the link and agrees (sandbox); the page reads GoPay live.
  await sandbox(`/pay-accounts/${accountId}/complete`, {});
  await page.reload();
  const options = page.getByRole("region", { name: "Payment options" });
  await expect(options.getByRole("cell", { name: /GoPay wallet/ })).toBeVisible();
  await expect(options).toContainText("Rp ");
  await expect(page.getByRole("img", { name: "QR code of the activation link" })).toHaveCount(0);
  await page.screenshot({ path: "/tmp/shots/account-enabled-options.png", fullPage: true });

  await page.getByRole("button", { name: "Unbind…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(accountId);
  await dialog.getByLabel("Reason").fill("Customer asked by phone");
  await page.screenshot({ path: "/tmp/shots/account-unbind-dialog.png" });
  await dialog.getByRole("button", { name: "Unbind account" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `GoPay account ${accountId} is unbound.` })).toBeVisible();
  const history = page.getByRole("region", { name: "History" });
  await expect(history).toContainText("Staff in Loket");
  await expect(history).toContainText("Customer asked by phone");
  // Kinds and statuses are words, the kind's code stays beside it for staff who search by it.
  const unbound = history.getByRole("listitem").filter({ hasText: "Customer asked by phone" });
  await expect(unbound.getByText("Unbound", { exact: true })).toBeVisible();
  await expect(unbound.getByText("unbind", { exact: true })).toBeVisible();
  await expect(unbound.getByText("Disabled", { exact: true })).toBeVisible();
  await expect(history.getByText("Linking started", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Unbind…" })).toHaveCount(0);

  await page.goto(`/accounts/unbind-events?q=${encodeURIComponent(accountId)}`);
  const row = page.getByRole("row").filter({ hasText: accountId });
  await expect(row).toContainText("Staff in Loket");
  await expect(row).toContainText("support@loket.test");
  await expect(row).toContainText("Customer asked by phone");
});

test("the customer's unbind in the GoPay app and a phone change show up in unbind events within seconds, told apart", async ({ page }) => {
  test.setTimeout(60_000);
  const inApp = await merchant.linkedAccount();
  const changed = await merchant.linkedAccount();
  // Both accounts must be ENABLED in Loket first (their linking notifications arrived): charge once.
  await merchant.hold(inApp.accountId, { amountRupiah: 1_000 });
  await merchant.hold(changed.accountId, { amountRupiah: 1_000 });

  await signInAs(page, "support");
  await page.goto("/accounts/unbind-events");
  await sandbox(`/pay-accounts/${inApp.accountId}/unbind`, {});
  await sandbox(`/pay-accounts/${changed.accountId}/phone-change`, {});
  // The page refreshes itself; no reload here. Budget: the accounts were GET-synced by their
  // linking a few seconds ago, so each notification waits out the pay-account coalescing window
  // (PAY_ACCOUNT_SYNC_WINDOW_MS, 10 s) before its one GET, then a worker poll (2 s) and the page's
  // refresh; 15 s was set before that window existed and failed on embedded PGlite under load.
  const inAppRow = page.getByRole("row").filter({ hasText: inApp.accountId });
  const changedRow = page.getByRole("row").filter({ hasText: changed.accountId });
  await expect(inAppRow).toContainText("Customer in the GoPay app", { timeout: 25_000 });
  await expect(changedRow).toContainText("Phone number change", { timeout: 25_000 });
  await expect(inAppRow.getByRole("cell", { name: "GoPay", exact: true })).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/unbind-events.png", fullPage: true });

  await page.getByLabel("Started by").selectOption({ label: "Phone number change" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(changedRow).toBeVisible();
  await expect(inAppRow).toHaveCount(0);
});

test("a viewer sees an account but no refresh or unbind", async ({ page }) => {
  const { accountId } = await merchant.linkedAccount();
  await merchant.hold(accountId, { amountRupiah: 1_000 });
  await signInAs(page, "viewer");
  await page.goto(`/accounts/${encodeURIComponent(accountId)}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(accountId);
  await expect(page.getByRole("region", { name: "Payment options" })).toContainText("GOPAY_WALLET");
  await expect(page.getByRole("button", { name: "Unbind…" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Refresh status" })).toHaveCount(0);
  await page.goto("/accounts");
  await expect(page.getByRole("button", { name: "Start linking" })).toHaveCount(0);
});

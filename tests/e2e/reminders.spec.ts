import { randomUUID } from "node:crypto";
import { E2E_BASE_URL } from "./support/constants";
import { expect, signInAs, test } from "./support/fixtures";
import { createMerchantKey, sandbox } from "./support/merchant";
import { expectTemplateSaved } from "./support/templates";

/**
 * Reminders: a campaign manager sends a payment reminder for a customer's pending order; the
 * customer pays (the sandbox's control API; Loket hears it from GoPay's signed notification) and
 * the reminder is removed at GoPay by the job, shown as deleted because the order was paid. The
 * customer and the order are made the way a merchant makes them (Loket's /api/v1 with an API key
 * an admin creates); GoPay's side is read from the sandbox. Support cannot open /campaigns at all.
 */
test.describe.configure({ mode: "serial" });

const run = randomUUID().slice(0, 6);
const TEMPLATE = "LOKET_PAYMENT_REMINDER";
const customer = { sandboxId: "cust-17", merchantUserId: `e2e-rem-${run}` };
let apiKey: string;

type SandboxReminder = { reminderId: string; customerId: string; deleted: boolean };

async function api(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${E2E_BASE_URL}/api/v1/${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${apiKey}`,
      "content-type": "application/json",
      "idempotency-key": randomUUID(),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  apiKey = await createMerchantKey(browser, `e2e reminders ${run}`);
  // The customer opens the mini app: GoPay's auth code, exchanged by Loket's merchant API (Loket keeps the token).
  const { auth_code } = (await sandbox("/miniapp/auth-codes", { customerId: customer.sandboxId })) as {
    auth_code: string;
  };
  const session = await api("customers/session", { auth_code, merchant_user_id: customer.merchantUserId });
  expect(session.status, JSON.stringify(session.body)).toBeLessThan(300);
});

test("a campaign manager sends a reminder for a pending order; it is deleted once the order is paid", async ({
  page,
}) => {
  const orderId = `E2E-REM-${run}`.toUpperCase();
  const created = await api("payments", {
    order_id: orderId,
    amount: "125000",
    customer: { merchant_user_id: customer.merchantUserId },
    valid_minutes: 60,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const referenceNo = created.body.reference_no as string;

  await signInAs(page, "campaigns");
  // Reminders use Loket's template registry: register GoPay's payment reminder there unless the
  // demo seed (embedded database) already has. Without it the page says so and links to Templates.
  await page.goto("/campaigns/templates");
  if (!(await page.getByRole("cell", { name: TEMPLATE, exact: true }).isVisible())) {
    await page.goto("/campaigns/reminders");
    await expect(page.getByText("No reminder template is registered")).toBeVisible();
    await page.getByRole("link", { name: "Register a template" }).click();
    await expect(page).toHaveURL(/\/campaigns\/templates$/);
    await page.goto("/campaigns/templates?new=1");
    await page.getByLabel("Name, exactly as registered with GoPay").fill(TEMPLATE);
    await page.getByLabel("Kind").selectOption("reminder");
    await page.getByLabel("Name", { exact: true }).first().fill("description");
    await page.getByLabel("Min").first().fill("50");
    await page.getByLabel("Max").first().fill("70");
    await page.getByRole("button", { name: "Add parameter" }).click();
    await page.getByLabel("Name", { exact: true }).nth(1).fill("cta");
    await page.getByLabel("Min").nth(1).fill("7");
    await page.getByLabel("Max").nth(1).fill("8");
    await page.getByRole("button", { name: "Save template" }).click();
    await expectTemplateSaved(page, TEMPLATE);
  }
  await page.goto("/campaigns/reminders");
  await expect(page.getByRole("heading", { level: 1, name: "Reminders" })).toBeVisible();
  await page.getByLabel("Customer", { exact: true }).fill(customer.merchantUserId);
  await page.getByRole("button", { name: "Find" }).click();
  await page
    .getByRole("list", { name: "Matching customers" })
    .getByRole("link", { name: "Choose" })
    .first()
    .click();
  const form = page.getByRole("form", { name: "Reminder", exact: true });
  await expect(form).toBeVisible();
  await expect(form.getByLabel("Order", { exact: true })).toHaveValue(/.+/);
  await expect(form.getByLabel("Order", { exact: true }).locator("option:checked")).toHaveText(orderId);
  await expect(form.getByLabel("Text")).toHaveValue(new RegExp(orderId));
  await form.getByRole("button", { name: "Send reminder" }).click();
  await expect(page.getByText(/Reminder created at GoPay \(RM-/)).toBeVisible();

  const row = page.getByRole("row").filter({ hasText: orderId });
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "active");
  const reminderId = (await row.getByRole("cell").first().textContent())?.trim() ?? "";
  expect(reminderId).toMatch(/^RM-/);
  // A campaign manager cannot open orders: the order id is text, not a link to "You don't have access".
  await expect(row.getByRole("cell", { name: orderId })).toBeVisible();
  await expect(row.getByRole("link", { name: orderId })).toHaveCount(0);
  const atGopay = async () =>
    ((await sandbox("/miniapp")) as { reminders: SandboxReminder[] }).reminders.find(
      (r) => r.reminderId === reminderId,
    );
  expect(await atGopay()).toMatchObject({ customerId: customer.sandboxId, deleted: false });

  // The customer pays at GoPay; the paid notification reaches Loket, whose job removes the reminder.
  await sandbox(`/snap/payments/${referenceNo}/pay`, { payOption: "GOPAY_WALLET" });
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: orderId }).locator("[data-status]")).toHaveAttribute(
      "data-status",
      "deleted",
      { timeout: 1000 },
    );
  }).toPass({ timeout: 45_000 });
  await expect(page.getByRole("row").filter({ hasText: orderId })).toContainText("Deleted · order paid");
  expect((await atGopay())?.deleted).toBe(true);
});

test("support cannot open /campaigns nor /campaigns/reminders", async ({ page }) => {
  await signInAs(page, "support");
  for (const path of ["/campaigns", "/campaigns/reminders"]) {
    const res = await page.goto(path);
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Reminders" })).toHaveCount(0);
  }
});

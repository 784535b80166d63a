import { randomUUID } from "node:crypto";
import { expect, signInAs, test } from "./support/fixtures";
import { createMerchantKey, openMiniAppSession } from "./support/merchant";

/**
 * A customer's time zone, in a real browser: a campaign manager finds a customer, sees "Not set —
 * WIB is used", sets WIT; a campaign from a CSV (one row without a zone, one with WITA) previews
 * each recipient's zone and where it came from — the customer's record, the CSV.
 * The recipients are real mini-app users (the sandbox's auth code exchanged through Loket's API).
 */
test.describe.configure({ mode: "serial" });

const run = randomUUID().slice(0, 6).toUpperCase();
const people = [
  { sandboxId: "cust-19", merchantUserId: `e2e-zone-${run}-a` },
  { sandboxId: "cust-20", merchantUserId: `e2e-zone-${run}-b` },
];
const template = `E2E_ZONE_${run}`;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const apiKey = await createMerchantKey(browser, `e2e customer zone ${run}`);
  for (const c of people) await openMiniAppSession(apiKey, c);
});

test("a campaign manager sets a customer's zone; the campaign preview uses it and says where each zone came from", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "campaigns");

  // Find the customer by merchant user id and open their page.
  await page.goto(`/customers?q=${encodeURIComponent(people[0]!.merchantUserId)}`);
  await page.getByRole("row", { name: people[0]!.merchantUserId }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  const zone = page.getByTestId("customer-zone");
  await expect(zone).toHaveText("Not set — WIB is used");

  await page.getByLabel("Time zone", { exact: true }).selectOption("WIT");
  await page.getByRole("button", { name: "Save zone" }).click();
  await expect(page.getByText("Time zone set to WIT.")).toBeVisible();
  await expect(zone).toHaveText("WIT (UTC+9)");
  await page.reload();
  await expect(page.getByTestId("customer-zone")).toHaveText("WIT (UTC+9)");

  // A template as registered with GoPay.
  await page.goto("/campaigns/templates?new=1");
  await page.getByLabel("Name, exactly as registered with GoPay").fill(template);
  await page.getByLabel("Description or wording").fill("{{title}}");
  await page.getByLabel("Name", { exact: true }).first().fill("title");
  await page.getByLabel("Max").first().fill("40");
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByRole("cell", { name: template })).toBeVisible();

  // The first row has no zone in the file (the customer's WIT is used), the second says WITA.
  await page.goto("/campaigns/new");
  await page.getByLabel("Campaign name").fill(`Zones ${run}`);
  await page.getByLabel("Template").selectOption({ label: template });
  const csv = ["merchant_user_id,zone", `${people[0]!.merchantUserId},`, `${people[1]!.merchantUserId},WITA`].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "zones.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByLabel("Value of title").fill("Selamat pagi");
  await page.getByRole("button", { name: "Check audience" }).click();
  await expect(page.getByTestId("check-summary")).toContainText("2 will receive it");
  await page.getByRole("button", { name: "Save draft and preview" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}\/preview$/);

  await expect(page.getByTestId("included")).toHaveText("2");
  const zones = page.getByTestId("recipient-zone");
  await expect(zones.nth(0)).toContainText("WIT");
  await expect(zones.nth(0)).toContainText("customer's record");
  await expect(zones.nth(1)).toContainText("WITA");
  await expect(zones.nth(1)).toContainText("from the CSV");
  await expect(page.getByTestId("zone-sources")).toHaveText("CSV 1 · customer record 1 · not set, WIB 0");
});

import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { E2E_BASE_URL } from "./support/constants";
import { expect, signInAs, test } from "./support/fixtures";
import { createMerchantKey, sandbox } from "./support/merchant";

/**
 * Up to a draft: a campaign manager registers a template, uploads a CSV with two bad rows, sees
 * them named by line and reason, saves the draft and previews a recipient's rendered text and the
 * request GoPay will receive. (Scheduling, progress and the per-recipient CSV: campaigns-delivery.)
 * The recipients are real mini-app users (the sandbox's auth code exchanged through Loket's API).
 */
test.describe.configure({ mode: "serial" });

const run = randomUUID().slice(0, 6).toUpperCase();
const people = [
  { sandboxId: "cust-17", merchantUserId: `e2e-build-${run}-a` },
  { sandboxId: "cust-18", merchantUserId: `e2e-build-${run}-b` },
];
const template = `E2E_BUILD_${run}`;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const apiKey = await createMerchantKey(browser, `e2e campaigns build ${run}`);
  for (const c of people) {
    const { auth_code } = (await sandbox("/miniapp/auth-codes", { customerId: c.sandboxId })) as {
      auth_code: string;
    };
    const res = await fetch(`${E2E_BASE_URL}/api/v1/customers/session`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${apiKey}`,
        "content-type": "application/json",
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({ auth_code, merchant_user_id: c.merchantUserId }),
    });
    expect(res.status, await res.text()).toBeLessThan(300);
  }
});

test("a campaign manager uploads a CSV with two bad rows, sees them by line, previews a recipient", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, "campaigns");

  // A template as registered with GoPay (name, kind, parameters with their limits).
  await page.goto("/campaigns/templates?new=1");
  await page.getByLabel("Name, exactly as registered with GoPay").fill(template);
  await page.getByLabel("Description or wording").fill("{{title}} — {{body}}");
  await page.getByLabel("Name", { exact: true }).first().fill("title");
  await page.getByLabel("Max").first().fill("20");
  await page.getByRole("button", { name: "Add parameter" }).click();
  await page.getByLabel("Name", { exact: true }).nth(1).fill("body");
  await page.getByLabel("Max").nth(1).fill("160");
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByRole("cell", { name: template })).toBeVisible();

  await page.goto("/campaigns/new");
  await page.getByLabel("Campaign name").fill(`Promo ${run}`);
  await page.getByLabel("Template").selectOption({ label: template });
  const csv = [
    "merchant_user_id,title", // 1
    `${people[0]!.merchantUserId},Promo untuk Anda`, // 2
    `e2e-nobody-${run},Promo`, // 3: unknown customer
    `${people[1]!.merchantUserId},Diskon akhir pekan`, // 4
    `${people[0]!.merchantUserId},Again`, // 5: duplicate of line 2
  ].join("\n");
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "promo.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByLabel("Source of title").selectOption("column");
  await page.getByLabel("Value of body").fill("Belanja hemat di GoPay");
  await page.getByRole("button", { name: "Check audience" }).click();

  const problems = page.getByTestId("problems");
  await expect(problems).toContainText("Line 3");
  await expect(problems).toContainText("Unknown customer");
  await expect(problems).toContainText("Line 5");
  await expect(problems).toContainText("Duplicate of an earlier row");
  await expect(page.getByTestId("check-summary")).toContainText("2 will receive it");

  await page.getByRole("button", { name: "Save draft and preview" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}\/preview$/);
  await expect(page.getByTestId("included")).toHaveText("2");
  await expect(page.getByTestId("excluded")).toHaveText("2");
  await expect(page.getByTestId("problems")).toContainText("Line 3");
  await expect(page.getByTestId("rendered-text").first()).toHaveText(
    "Promo untuk Anda — Belanja hemat di GoPay",
  );
  // The request as GoPay will receive it, the token left out.
  await page.getByText("Show request").first().click();
  await expect(page.getByText("POST /v1/mini-apps/notifications/push").first()).toBeVisible();
  await expect(page.getByText(`"template_name": "${template}"`).first()).toBeVisible();

  // The campaign's own page says what was left out too: by reason, each row by line, as CSV.
  const id = /\/campaigns\/([0-9a-f-]{36})\/preview$/.exec(page.url())![1]!;
  await page.goto(`/campaigns/${id}`);
  const leftOut = page.getByTestId("left-out");
  await expect(leftOut.getByRole("heading", { name: "2 rows left out" })).toBeVisible();
  await expect(leftOut.getByTestId("problems")).toContainText("Line 3");
  await expect(leftOut.getByTestId("problems")).toContainText("Unknown customer");
  await expect(leftOut.getByTestId("problems")).toContainText("Line 5");
  await expect(leftOut.getByTestId("problems")).toContainText("Duplicate of an earlier row");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    leftOut.getByRole("link", { name: "Download left-out rows (CSV)" }).click(),
  ]);
  const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  expect(text.trim().split("\r\n").map((l) => l.split(",").slice(0, 2).join(","))).toEqual([
    "line,reason",
    "3,unknown_customer",
    "5,duplicate",
  ]);
});

test("a segment audience lists who it leaves out; a past time is refused at the field; the preview's schedule dialog says why it refused", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, "campaigns");
  await page.goto("/campaigns/new");
  await page.getByLabel("Campaign name").fill(`Segment ${run}`);
  await page.getByLabel("Template").selectOption({ label: template });
  await page.getByLabel("A saved segment").check();
  await page.getByLabel("Segment", { exact: true }).selectOption("no_order_30_days");
  await page.getByLabel("Value of title").fill("Kangen");
  await page.getByLabel("Value of body").fill("Ada promo untuk Anda");

  // Left out by a segment: listed by customer (a segment has no lines), never "…and N more" of nothing.
  await page.getByRole("button", { name: "Check audience" }).click();
  await expect(page.getByTestId("check-summary")).toBeVisible();
  const problems = page.getByTestId("problems");
  if (await problems.count()) {
    await expect(problems.getByRole("listitem").first()).not.toContainText("…and");
    await expect(problems.getByRole("link").first()).toHaveAttribute("href", /^\/customers\//);
  }

  // A time already past is refused at the field, before any draft (scheduling would refuse it).
  await page.getByLabel("At a date and time").check();
  // Days are typed day-month-year, whatever the browser's locale (not <input type="date">).
  await page.getByLabel("Date", { exact: true }).fill("01-11-2026");
  await page.getByLabel("Time", { exact: true }).fill("10:00");
  await page.getByRole("button", { name: "Save draft and preview" }).click();
  await expect(page.getByText("That time has passed: choose a later one.")).toBeVisible();
  await expect(page).toHaveURL(/\/campaigns\/new$/);

  // A time in this very minute is still accepted (scheduling allows a minute's grace)...
  if (new Date().getUTCSeconds() > 40) await page.waitForTimeout((61 - new Date().getUTCSeconds()) * 1000);
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  const wibNow = new Date(minute + 7 * 3_600_000).toISOString();
  await page.getByLabel("Date", { exact: true }).fill(`${wibNow.slice(8, 10)}-${wibNow.slice(5, 7)}-${wibNow.slice(0, 4)}`);
  await page.getByLabel("Time", { exact: true }).fill(wibNow.slice(11, 16));
  await page.getByRole("button", { name: "Save draft and preview" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}\/preview$/);
  await expect(page.getByTestId("schedule-past")).toHaveCount(0);

  // ...and once it has passed, the preview says so at the schedule, and the schedule dialog says
  // why it refused, in words (not "schedule_in_past"), and stays open.
  await page.waitForTimeout(Math.max(0, minute + 62_000 - Date.now()));
  await page.reload();
  await expect(page.getByTestId("schedule-past")).toContainText("This time has already passed");
  await page.getByRole("button", { name: "Schedule campaign" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Schedule campaign" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("That time has passed: choose a later one.");
  await expect(dialog).toBeVisible();
});

test("a campaign id that is not one is a 404 said in the staff member's language", async ({ browser, page: english }) => {
  await signInAs(english, "campaigns");
  // The same session in a browser asking for Bahasa Indonesia (the demo staff chose no language).
  const ctx = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "id-ID" });
  try {
    await ctx.addCookies(await english.context().cookies());
    const page = await ctx.newPage();
    for (const path of ["/campaigns/not-a-uuid", "/campaigns/not-a-uuid/preview"]) {
      await page.goto(path);
      await expect(page.getByTestId("error-page")).toContainText("Tidak ada kampanye dengan id ini.");
      await expect(page.getByTestId("error-page")).not.toContainText("Not found");
    }
  } finally {
    await ctx.close();
  }
});

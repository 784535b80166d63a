import fs from "node:fs";
import { formatWibDate, wibDateString, wibStartOfDay } from "../../app/lib/time";
import { shiftDay, shiftMonth } from "../../app/services/reports/period";
import { expect, test } from "./support/fixtures";

/**
 * /finance/reports' period in a real browser: a wrong month is a message at the Month field (its
 * accessible description) until the user picks a real one; the month still running stops at today
 * and cannot step into days to come; a month not begun says so instead of a report of zeros.
 * Screenshots: /tmp/shots/reports-period-*.png.
 */
// why: a loaded two-core machine; sign-in and several page loads can pass the 30 s default.
test.describe.configure({ timeout: 120_000 });

const today = wibDateString(new Date());
const thisMonth = today.slice(0, 7);
const label = (day: string) => formatWibDate(wibStartOfDay(day)!, "en");

test.beforeAll(() => {
  fs.mkdirSync("/tmp/shots", { recursive: true });
});

test("a wrong month is named at the Month field, and correcting it shows that month", async ({ page, signIn }) => {
  await signIn(page, "finance");
  await page.goto("/finance/reports?period=month&month=2026-13");
  const month = page.getByLabel("Month", { exact: true });
  await expect(month).toHaveAttribute("aria-invalid", "true");
  await expect(month).toHaveAccessibleDescription(
    "“2026-13” is not a date: there is no month 13 (months run from 01 to 12).",
  );
  await expect(page.getByText("No report is shown until the period is corrected.")).toBeVisible();
  await expect(page.getByTestId("report-summary")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Export report (CSV)" })).toHaveCount(0);
  await page.screenshot({ path: "/tmp/shots/reports-period-invalid.png", fullPage: true });

  await month.fill("2026-11");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/month=2026-11/);
  await expect(page.getByTestId("report-period")).toHaveText("Nov 2026");
  await expect(month).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("No report is shown until the period is corrected.")).toHaveCount(0);

  // A wrong day: the Day field says why, in the app's date format.
  await page.goto("/finance/reports?period=day&day=30-02-2026");
  await expect(page.getByLabel("Day (WIB)")).toHaveAccessibleDescription(
    "“30-02-2026” is not a calendar day: Feb 2026 has 28 days.",
  );
});

test("this month stops at today and cannot step into days to come; next month says it has not happened", async ({
  page,
  signIn,
}) => {
  await signIn(page, "finance");
  await page.goto(`/finance/reports?period=month&month=${thisMonth}`);
  await expect(page.getByTestId("report-period")).toHaveText(label(`${thisMonth}-01`).replace(/^1 /, ""));
  await expect(page.getByTestId("report-running")).toHaveText(`Still running: figures so far, up to today (${label(today)}, WIB).`);
  await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();
  // No day after today is a row (nor a link) of the report.
  await expect(page.locator(`a[href*="day=${shiftDay(today, 1)}"]`)).toHaveCount(0);
  if (await page.getByTestId("report-days").isVisible()) {
    await expect(page.getByTestId(`report-day-${today}`)).toContainText(`${label(today)} (today, so far)`);
  }
  await page.screenshot({ path: "/tmp/shots/reports-period-current.png", fullPage: true });

  await page.getByRole("link", { name: "Previous" }).click();
  await expect(page.getByTestId("report-period")).toHaveText(label(`${shiftMonth(thisMonth, -1)}-01`).replace(/^1 /, ""));
  await expect(page.getByRole("link", { name: "Next" })).toBeVisible();

  const next = shiftMonth(thisMonth, 1);
  await page.goto(`/finance/reports?period=month&month=${next}`);
  const nextLabel = label(`${next}-01`).replace(/^1 /, "");
  await expect(page.getByText(`${nextLabel} has not happened yet`)).toBeVisible();
  await expect(page.getByTestId("report-summary")).toHaveCount(0);
  await page.screenshot({ path: "/tmp/shots/reports-period-future.png", fullPage: true });
  await page.getByRole("link", { name: "Show this month" }).click();
  await expect(page.getByTestId("report-running")).toBeVisible();
});

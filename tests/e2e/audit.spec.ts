import fs from "node:fs";
import { expect, test } from "./support/fixtures";
import { merchantKey, paidOrder } from "./support/refund-orders";

/** /audit (issues 10 and 11): readable at 1366 and 1920 px, targets link somewhere, raw JSON one click away, CSV of the filter. */
test.describe("audit log", () => {
  for (const size of [
    { width: 1366, height: 900 },
    { width: 1920, height: 1080 },
  ]) {
    test(`fits ${size.width}×${size.height} without horizontal scrolling`, async ({ page, signIn }) => {
      await page.setViewportSize(size);
      await signIn(page, "viewer");
      await page.goto("/audit");
      await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
      await expect(page.locator("tbody tr").first()).toBeVisible();
      const overflow = await page.evaluate(() => {
        const d = document.documentElement;
        const box = document.querySelector("table")!.parentElement!; // the table's own scroll container
        return { doc: d.scrollWidth - d.clientWidth, table: box.scrollWidth - box.clientWidth };
      });
      expect(overflow.doc).toBeLessThanOrEqual(0);
      expect(overflow.table).toBeLessThanOrEqual(0);
      // Compact rows: a row is a few lines, not a column of wrapped JSON.
      const heights = await page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
      expect(Math.max(...heights)).toBeLessThan(80);
      await page.screenshot({ path: `/tmp/shots/audit-${size.width}.png`, fullPage: false });
    });
  }

  test("a target link opens its order; the raw JSON opens in a dialog and closes with Escape", async ({ page, browser, signIn }) => {
    // An order-targeted entry of its own (payment.create), whatever ran before: on PostgreSQL the
    // e2e database has no demo data.
    const { orderId: made } = await paidOrder(await merchantKey(browser, "e2e-audit"), { amountRupiah: 12_000, paid: false });
    await page.setViewportSize({ width: 1366, height: 900 });
    await signIn(page, "viewer");
    await page.goto("/audit?targetType=order");
    await expect(page.locator("a[data-target-link]", { hasText: made })).toBeVisible();
    const link = page.locator("a[data-target-link]").first();
    await expect(link).toBeVisible();
    const orderId = (await link.textContent())!.trim();
    expect(orderId).not.toMatch(/^[0-9a-f]{8}-/); // a human order id, not an internal UUID

    await page.getByRole("button", { name: /^Raw data of entry/ }).first().click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('"targetType": "order"');
    await page.screenshot({ path: "/tmp/shots/audit-raw-dialog.png" });
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    await link.click();
    await expect(page).toHaveURL(new RegExp(`/orders/${encodeURIComponent(orderId)}$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(orderId);
  });

  test("Export CSV downloads the filtered rows", async ({ page, signIn }) => {
    await signIn(page, "viewer");
    await page.goto("/audit");
    await page.getByLabel("Action").selectOption("auth.sign_in");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/action=auth\.sign_in/);
    // A client-side navigation changes the URL before React shows the new rows: count once the
    // filter is done and every row on screen is a sign-in.
    await expect(page.getByRole("button", { name: "Filter" })).not.toHaveAttribute("aria-busy", "true");
    await expect(page.locator("tbody tr code.a-act").filter({ hasNotText: "sign_in" })).toHaveCount(0);
    const shown = await page.locator("tbody tr").count();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("audit-export").click()]);
    expect(download.suggestedFilename()).toMatch(/^loket-audit-\d{4}-\d{2}-\d{2}-WIB\.csv$/);
    const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const [header, ...lines] = text.trim().split("\n");
    expect(header).toContain("at_wib,actor_email,actor_name,action,");
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.split(",")[3] === "auth.sign_in")).toBe(true);
    if (shown < 50) expect(lines).toHaveLength(shown); // one page on screen: the same rows in the file
    // The export is itself in the log.
    await page.goto("/audit?action=audit.export");
    await expect(page.locator("tbody tr").first()).toContainText("viewer@loket.test");
  });
});

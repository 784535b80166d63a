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
    // The table's only links are its targets.
    const targets = page.getByRole("table").getByRole("link");
    await expect(targets.filter({ hasText: made })).toBeVisible();
    const link = targets.first();
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

  test("the raw data arrives when its dialog opens: keyboard, focus back to the row's button, loading, failure and retry", async ({ page, browser, signIn }) => {
    // Two order-targeted entries of its own (payment.create): the test opens two rows' dialogs.
    const key = await merchantKey(browser, "e2e-audit-raw");
    for (const amountRupiah of [13_000, 14_000]) await paidOrder(key, { amountRupiah, paid: false });
    await page.setViewportSize({ width: 1366, height: 900 });
    await signIn(page, "viewer");
    await page.goto("/audit?targetType=order");
    // By label, not by role: while the modal is open the page behind it is hidden from the accessibility tree.
    const buttons = page.getByRole("button", { name: /^Raw data of entry/ });
    const byLabel = async (n: number) => page.locator(`button[aria-label="${await buttons.nth(n).getAttribute("aria-label")}"]`);
    const first = await byLabel(0);
    await expect(first).toHaveAttribute("aria-haspopup", "dialog");
    await expect(first).toHaveAttribute("aria-expanded", "false");

    // Held until released: the dialog says it is loading meanwhile.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route("**/audit/*/raw", async (route) => {
      await held;
      await route.continue();
    });
    await first.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("status")).toHaveText("Loading the entry…");
    await expect(first).toHaveAttribute("aria-expanded", "true");
    await expect(first).toHaveAttribute("aria-controls", (await dialog.getAttribute("id"))!);
    release();
    await expect(dialog).toContainText('"targetType": "order"');
    await expect(dialog.getByRole("status")).toHaveCount(0);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(first).toBeFocused();
    await expect(first).toHaveAttribute("aria-expanded", "false");
    await page.unroute("**/audit/*/raw");

    // The server fails once: the dialog says so and offers to try again.
    const second = await byLabel(1);
    await page.route("**/audit/*/raw", (route) => route.fulfill({ status: 500, body: "boom" }), { times: 1 });
    await second.click();
    await expect(dialog.getByRole("alert")).toContainText("The entry could not be loaded.");
    await dialog.getByRole("button", { name: "Try again" }).click();
    await expect(dialog).toContainText('"entry":');
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();
    await expect(second).toBeFocused();

    // A cut-off cell's whole text is its tooltip once the pointer is on it.
    const details = page.locator("tbody tr p").filter({ hasText: /\S/ }).first();
    await details.hover();
    await expect(details).toHaveAttribute("title", /^\S+: .+/);
  });

  test("Export CSV downloads the filtered rows", async ({ page, signIn }) => {
    await signIn(page, "viewer");
    await page.goto("/audit");
    await page.getByLabel("Action").selectOption("auth.sign_in");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/action=auth\.sign_in/);
    // A client-side navigation changes the URL before React shows the new rows: count once the
    // filter is done and every row on screen is a sign-in.
    await expect(page.getByRole("button", { name: "Apply" })).not.toHaveAttribute("aria-busy", "true");
    await expect(page.locator("tbody tr code").filter({ hasNotText: "sign_in" })).toHaveCount(0);
    const screen = await page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.textContent ?? ""));
    const shown = screen.length;
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("audit-export").click()]);
    expect(download.suggestedFilename()).toMatch(/^loket-audit-\d{4}-\d{2}-\d{2}-WIB\.csv$/);
    const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const [header, ...lines] = text.trim().split("\n");
    expect(header).toContain("at_wib,actor_email,actor_name,action,");
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.split(",")[3] === "auth.sign_in")).toBe(true);
    if (shown < 50) {
      // One page on screen: the same rows in the file, in the same order. Other tests sign in while
      // this one runs (the workers share the database): a sign-in written between the page and the
      // download is newer, so it can only come first in the file (newest first), never in between.
      expect(lines.length).toBeGreaterThanOrEqual(shown);
      lines.slice(lines.length - shown).forEach((line, i) => {
        const [at, email] = line.split(",");
        expect(screen[i], line).toContain(email);
        expect(screen[i], line).toContain(at!.slice(11)); // HH:MM:SS, WIB in both
      });
    }
    // The export is itself in the log.
    await page.goto("/audit?action=audit.export");
    await expect(page.locator("tbody tr").first()).toContainText("viewer@loket.test");
  });
});

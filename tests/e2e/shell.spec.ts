import fs from "node:fs";
import { E2E_BASE_URL } from "./support/constants";
import { expect, test } from "./support/fixtures";

const SECTIONS = ["Overview", "Orders", "Holds", "Customers", "Accounts", "Campaigns", "Coins", "Finance", "Approvals", "Audit", "Settings"];

/** The toast cookie exactly as app/lib/toast.server.ts writes it after a redirectWithToast (the redirect's URL says ?toast=e2e-toast-1). */
const TOAST_ID = "e2e-toast-1";
function toastCookie(toast: { type: string; title: string; description?: string }) {
  return {
    name: `loket_toast_${TOAST_ID}`,
    value: Buffer.from(JSON.stringify(toast)).toString("base64url"),
    url: E2E_BASE_URL,
    httpOnly: true,
    sameSite: "Lax" as const,
  };
}

test.describe("the signed-in shell", () => {
  test("admin sees every section, the active one marked, and a title per page", async ({ page, signIn }) => {
    await signIn(page, "admin");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(SECTIONS);
    await expect(page).toHaveTitle("Overview · Loket");
    await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");

    // The sidebar's links are bare anchors on the server (shell-nav-link.tsx): hydration must turn
    // them into NavLinks, so this click is a client-side navigation (the page's window survives).
    await page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));
    await nav.getByRole("link", { name: "Holds" }).click();
    await expect(page).toHaveURL(/\/holds$/);
    expect(await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument)).toBe(true);
    await expect(page).toHaveTitle("Holds · Loket");
    await expect(page.getByRole("heading", { level: 1, name: "Holds" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Holds" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Overview" })).not.toHaveAttribute("aria-current", "page");

    await page.goto("/");
    await page.screenshot({ path: "/tmp/shots/shell-overview.png", fullPage: true });
  });

  test.beforeAll(() => fs.mkdirSync("/tmp/shots", { recursive: true }));

  test("a role sees only the sections it may read", async ({ page, signIn }) => {
    await signIn(page, "campaigns");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(["Overview", "Customers", "Campaigns"]);
    // Hidden is not enough: the section itself refuses.
    const res = await page.goto("/coins");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
    await page.screenshot({ path: "/tmp/shots/shell-403.png" });
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible(); // still inside the shell
  });

  test("the user menu shows who is signed in and signs out", async ({ page, signIn }) => {
    await signIn(page, "finance");
    const menuButton = page.getByRole("button", { name: /Account menu/ });
    await menuButton.click();
    await expect(menuButton).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByText("finance@loket.test")).toBeVisible();
    await expect(page.getByTestId("user-role")).toHaveText("finance");
    await page.screenshot({ path: "/tmp/shots/shell-user-menu.png" });
    await page.keyboard.press("Escape");
    await expect(page.getByText("finance@loket.test")).toBeHidden();
    await expect(menuButton).toBeFocused();

    await menuButton.click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    // The session is really gone: the shell sends us back to sign in.
    await page.goto("/holds");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fholds/);
  });

  test("a skip link jumps to the content", async ({ page, signIn }) => {
    await signIn(page, "viewer");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
  });

  test("toasts are announced, dismissable, and shown once", async ({ page, signIn, context }) => {
    await signIn(page, "support");
    await context.addCookies([toastCookie({ type: "success", title: "Refund requested", description: "Rp 10.000 for order ORD-1" })]);
    await page.goto(`/?toast=${TOAST_ID}`);
    const toast = page.getByTestId("toast");
    await expect(toast).toContainText("Refund requested");
    await expect(page.getByRole("region", { name: "Notifications" })).toHaveAttribute("aria-live", "polite");
    await toast.getByRole("button", { name: "Dismiss notification" }).click();
    await expect(toast).toHaveCount(0);
    // The cookie was cleared by the response that showed it, and the address bar lost the id.
    await expect(page).toHaveURL(/\/$/);
    await page.goto(`/?toast=${TOAST_ID}`);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByTestId("toast")).toHaveCount(0);
  });

  test("an error toast uses role=alert", async ({ page, signIn, context }) => {
    await signIn(page, "admin");
    await context.addCookies([toastCookie({ type: "error", title: "GoPay did not answer" })]);
    await page.goto(`/?toast=${TOAST_ID}`);
    await expect(page.getByRole("alert").filter({ hasText: "GoPay did not answer" })).toBeVisible();
  });
});

test.describe("not found", () => {
  test("an unknown path is a real 404 with a way home", async ({ page }) => {
    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    await expect(page).toHaveTitle("Not found · Loket");
    await expect(page.getByRole("link", { name: "Back to overview" })).toHaveAttribute("href", "/");
  });

  test("signed-out visitors are sent to sign in, and back after", async ({ page, signIn }) => {
    await page.goto("/finance");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Ffinance/);
    await signIn(page, "finance", { redirectTo: "/finance" });
    await expect(page).toHaveURL(/\/finance$/);
    await expect(page).toHaveTitle("Finance · Loket");
  });
});

import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

/**
 * /settings for every role: admins land on the first tab; the others on their own security
 * settings (their part of /settings), never a bare text/plain 403. The admin tabs under it still
 * answer with the app's 403 page.
 */
const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test.describe("/settings", () => {
  for (const role of ["support", "finance", "campaigns", "viewer"] as const) {
    test(`${role}: /settings leads to their own security settings, in the app's layout`, async ({ page, signIn }) => {
      await signIn(page, role);
      const res = await page.goto("/settings");
      expect(res?.status()).toBe(200);
      expect(res?.headers()["content-type"]).toContain("text/html");
      await expect(page).toHaveURL(/\/settings\/security$/);
      await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
      await expect(mainNav(page)).toBeVisible();
    });
  }

  test("a viewer navigating to /settings inside the app gets there too, and the admin tabs stay a 403 page", async ({ page, signIn }) => {
    await signIn(page, "viewer");
    await page.goto("/");
    // A client-side navigation: the loaders answer as data, the layout's 403 must not win over the redirect.
    await page.evaluate(() => (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate("/settings"));
    await expect(page).toHaveURL(/\/settings\/security$/);
    await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();

    const res = await page.goto("/settings/limits");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
    await expect(mainNav(page)).toBeVisible();
  });

  test("admin: /settings opens the staff tab; the API keys page shows the header literally", async ({ page, signIn }) => {
    await signIn(page, "admin");
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/settings\/staff$/);
    await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();

    await page.goto("/settings/api-keys");
    const description = page.locator("p").filter({ hasText: "with the header" });
    await expect(description).toHaveText(/with the header Authorization: Bearer <key>\.$/);
    await expect(description.locator("code").last()).toHaveText("Authorization: Bearer <key>");
  });
});

import { test as base, expect, type Page } from "@playwright/test";
import { E2E_PASSWORD, type E2eRole } from "./constants";

/**
 * Loket's Playwright fixtures. Use instead of @playwright/test:
 *
 *   import { test, expect } from "./support/fixtures";
 *   test("refund", async ({ page, signIn }) => {
 *     await signIn(page, "support");   // support@loket.test with the e2e password; waits for the shell
 *     await page.goto("/orders");
 *   });
 *
 * The e2e server (support/serve.ts) seeds admin@, support@, finance@, campaigns@ and viewer@
 * loket.test with E2E_PASSWORD in a fresh database per run. Each test gets a fresh browser
 * context, so signing in per test is cheap and isolates cookies.
 */
export const test = base.extend<{ signIn: (page: Page, role: E2eRole, opts?: { redirectTo?: string }) => Promise<void> }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  signIn: async ({}, provide) => {
    await provide(async (page, role, opts = {}) => {
      const q = opts.redirectTo ? `?redirectTo=${encodeURIComponent(opts.redirectTo)}` : "";
      await page.goto(`/login${q}`);
      await page.getByLabel("Work email").fill(`${role}@loket.test`);
      await page.getByLabel("Password", { exact: true }).fill(E2E_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      // The shell is up when the main navigation is.
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible({ timeout: 30_000 });
    });
  },
});

export { expect };
export { E2E_PASSWORD };

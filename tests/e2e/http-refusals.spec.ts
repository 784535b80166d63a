import { E2E_BASE_URL } from "./support/constants";
import { expect, test } from "./support/fixtures";

/**
 * server/app.ts refuses a cross-site form post before Remix sees it, and renders the app's own
 * error page for it. In a real browser that page must stay: it hydrates as the refusal, it does
 * not turn into the page the form was aimed at.
 */
test("a form posted from another site gets our 403 page, which stays after hydration", async ({ page, signIn }) => {
  await signIn(page, "admin");
  // A page on an opaque origin (about:blank → Origin: null) that posts to a staff form.
  await page.goto("about:blank");
  await page.setContent(
    `<form method="post" action="${E2E_BASE_URL}/settings/staff"><input name="intent" value="create"><input name="email" value="mallory@evil.example"><button>go</button></form>`,
  );
  const [response] = await Promise.all([page.waitForResponse(`${E2E_BASE_URL}/settings/staff`), page.click("button")]);
  expect(response.status()).toBe(403);
  const errorPage = page.getByTestId("error-page");
  await expect(errorPage).toBeVisible();
  await expect(errorPage).toContainText("403");
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500);
  await expect(errorPage).toContainText("403");
  await expect(page.getByRole("heading", { name: /staff/i })).toHaveCount(0);
});

test("signing in (a same-origin form post through the same front) still works", async ({ page, signIn }) => {
  await signIn(page, "support");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
});

import { seriousViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";

test.describe("accessibility (axe)", () => {
  test("the shell and the overview have no serious violations", async ({ page, signIn }) => {
    await signIn(page, "admin");
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the open user menu has no serious violations", async ({ page, signIn }) => {
    await signIn(page, "admin");
    await page.getByRole("button", { name: /Account menu/ }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("a section placeholder and the 404 page have no serious violations", async ({ page, signIn }) => {
    await signIn(page, "viewer");
    await page.goto("/holds");
    await expect(page.getByRole("heading", { level: 1, name: "Holds" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto("/nothing-here");
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

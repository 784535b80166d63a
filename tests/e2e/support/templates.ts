import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

/**
 * After "Save template": wait for the save's answer, then for the template in the registry.
 * Navigating at once could cancel the POST (CI, 2026-12-02: reminders.spec.ts's template was never
 * saved and the check waited 20 s in vain). On PGlite the background demo seed may add the same
 * template meanwhile, and then this save is refused as a duplicate: that answer counts too.
 */
export async function expectTemplateSaved(page: Page, name: string): Promise<void> {
  await expect(
    page
      .getByTestId("toast")
      .filter({ hasText: new RegExp(`Template ${name} (added|saved)`) })
      .or(page.getByText(`There is already a template named ${name}.`)),
  ).toBeVisible({ timeout: 20_000 });
  await expect(async () => {
    await page.goto("/campaigns/templates");
    await expect(page.getByRole("cell", { name, exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

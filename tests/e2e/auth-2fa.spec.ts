import type { Browser, Page } from "@playwright/test";
import fs from "node:fs";
import { stepAt, totpCodeForStep } from "../../app/auth/totp.server";
import { confirmItsMe, expect, test } from "./support/fixtures";

/**
 * The second factor end to end: a new finance member enrols on first sign-in (QR + key + code,
 * recovery codes shown once), signs in with a code, uses a recovery code once, and an admin
 * resets their second factor (their session ends; the next sign-in enrols again).
 */
const email = `fajar-2fa-${Date.now()}@loket.test`;
const password = "two factor e2e password";
let secret = "";
let recovery: string[] = [];
let lastStep = 0;

test.describe.configure({ mode: "serial", timeout: 120_000 });
test.beforeAll(() => fs.mkdirSync("/tmp/shots", { recursive: true }));

/**
 * A code of this member's secret for a step after every one already used — waiting for the clock
 * when that step would be beyond the ±1 window (earlier tests may have used now and now + 1).
 */
async function freshCode(): Promise<string> {
  for (;;) {
    const now = stepAt(Date.now());
    const step = Math.max(now, lastStep + 1);
    if (step <= now + 1) {
      lastStep = step;
      return totpCodeForStep(secret, step);
    }
    await new Promise((r) => setTimeout(r, (step - 1) * 30_000 - Date.now() + 300));
  }
}

async function passwordStep(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  await page.goto("/login");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

test("finance enrols on first sign-in, gets ten recovery codes once, then signs in with a code", async ({ browser, page, signIn }) => {
  await signIn(page, "admin");
  await page.goto("/settings/staff");
  await confirmItsMe(page, "admin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("Fajar Dua Faktor");
  await page.getByLabel("Role", { exact: true }).selectOption("finance");
  await page.getByLabel("Initial password").fill(password);
  await page.getByRole("button", { name: "Add staff member" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `${email} can now sign in` })).toBeVisible();

  const them = await passwordStep(browser);
  // No session yet: only enrolment. The shell is not reachable.
  await expect(them).toHaveURL(/\/login\/enrol$/);
  await expect(them.getByRole("heading", { name: "Set up your second factor" })).toBeVisible();
  await expect(them.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await them.screenshot({ path: "/tmp/shots/2fa-enrol-1366.png", fullPage: true });
  secret = ((await them.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await them.goto("/orders");
  await expect(them).toHaveURL(/\/login/);
  await them.goto("/login/enrol");

  // A wrong code is refused at the field.
  await them.getByLabel("Code from the app").fill("000000");
  await them.getByRole("button", { name: "Turn on second factor" }).click();
  await expect(them.getByText("That code is not right")).toBeVisible();
  await them.getByLabel("Code from the app").fill(await freshCode());
  await them.getByRole("button", { name: "Turn on second factor" }).click();
  const codes = them.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  recovery = await codes.allTextContents();
  await them.getByRole("link", { name: "Continue to Loket" }).click();
  await expect(them.getByRole("navigation", { name: "Main" })).toBeVisible();
  await them.context().close();

  // Next sign-in: password, then a code.
  const again = await passwordStep(browser);
  await expect(again).toHaveURL(/\/login\/code$/);
  await expect(again.getByText(`the 6-digit code for Loket (${email})`)).toBeVisible();
  await again.screenshot({ path: "/tmp/shots/2fa-code-1366.png", fullPage: true });
  await again.getByLabel("Code", { exact: true }).fill(await freshCode());
  await again.getByRole("button", { name: "Verify" }).click();
  await expect(again.getByRole("navigation", { name: "Main" })).toBeVisible();
  await again.context().close();
});

test("a recovery code signs in once", async ({ browser }) => {
  const one = await passwordStep(browser);
  await one.getByLabel("Code", { exact: true }).fill(recovery[0]!);
  await one.getByRole("button", { name: "Verify" }).click();
  await expect(one.getByRole("navigation", { name: "Main" })).toBeVisible();
  await one.context().close();

  const two = await passwordStep(browser);
  await two.getByLabel("Code", { exact: true }).fill(recovery[0]!);
  await two.getByRole("button", { name: "Verify" }).click();
  await expect(two.getByText("That code is not right, or it was already used.")).toBeVisible();
  await expect(two).toHaveURL(/\/login\/code$/);
  await two.context().close();
});

test("an admin resets the member's second factor: their session ends, the next sign-in enrols again", async ({ browser, page, signIn }) => {
  const them = await passwordStep(browser);
  await them.getByLabel("Code", { exact: true }).fill(await freshCode());
  await them.getByRole("button", { name: "Verify" }).click();
  await expect(them.getByRole("navigation", { name: "Main" })).toBeVisible();

  await signIn(page, "admin");
  await page.goto("/settings/staff");
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("2FA on");
  await confirmItsMe(page, "admin");
  await row.getByRole("button", { name: "Reset 2FA" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Reset the second factor of ${email}?`);
  await dialog.getByRole("button", { name: "Reset 2FA" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Second factor reset; their sessions were ended" })).toBeVisible();
  await expect(row).toContainText("2FA off");

  await them.goto("/orders");
  await expect(them).toHaveURL(/\/login/);
  await them.context().close();
  const next = await passwordStep(browser);
  await expect(next).toHaveURL(/\/login\/enrol$/);
  await next.context().close();

  await page.goto("/audit?action=staff.reset_second_factor");
  await expect(page.getByRole("row").filter({ hasText: "staff.reset_second_factor" }).first()).toContainText("admin@loket.test");
});

import { test as base, expect, type Page } from "@playwright/test";
import { demoTotpSecret, stepAt, totpCodeForStep } from "../../../app/auth/totp.server";
import { E2E_PASSWORD, E2E_TOTP_SEED, type E2eRole } from "./constants";

/**
 * Loket's Playwright fixtures. Use instead of @playwright/test:
 *
 *   import { test, expect } from "./support/fixtures";
 *   test("refund", async ({ page, signIn }) => {
 *     await signIn(page, "support");   // support@loket.test with the e2e password + a TOTP code; waits for the shell
 *     await page.goto("/orders");
 *   });
 *
 * The e2e server (support/serve.ts) seeds admin@, support@, finance@, campaigns@ and viewer@
 * loket.test with E2E_PASSWORD and a second factor whose secret derives from E2E_TOTP_SEED, in a
 * fresh database per run.
 *
 * Second factor and speed: a TOTP code is usable once (the server stores the last accepted
 * 30-second step), so back-to-back sign-ins of one account would wait for the next step. The
 * first signIn(role) in a worker goes through the real two-step form; its cookies are kept for
 * the worker and later signIn(role) calls reuse them (the session is checked: one that was ended —
 * sign-out, deactivation, reset — signs in again through the form). Specs about signing in use
 * `signInThroughForm`. Codes come from `nextCode`, which never reuses a step in this worker and
 * waits for the next step only when this worker used up the current window.
 */
const sessionCookies = new Map<E2eRole, Awaited<ReturnType<ReturnType<Page["context"]>["cookies"]>>>();
const lastStep = new Map<string, number>();

export const demoSecret = (role: E2eRole) => demoTotpSecret(E2E_TOTP_SEED, `${role}@loket.test`);

/** A code for the account no earlier step of this worker used (waits for the next step if need be). */
export async function nextCode(role: E2eRole): Promise<string> {
  for (;;) {
    const now = stepAt(Date.now());
    const step = Math.max(now, (lastStep.get(role) ?? -1) + 1);
    if (step <= now + 1) {
      lastStep.set(role, step);
      return totpCodeForStep(demoSecret(role), step);
    }
    await new Promise((r) => setTimeout(r, (step - 1) * 30_000 - Date.now() + 300));
  }
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

/** Types the code on the code step; another worker may have used the same step: then the next one. */
export async function enterCode(page: Page, role: E2eRole): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.getByLabel("Code", { exact: true }).fill(await nextCode(role));
    // The action's answer decides (an error text from an earlier attempt may still be on the page).
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/login/code"), { timeout: 30_000 }),
      page.getByRole("button", { name: "Verify" }).click(),
    ]);
    if (answer.status() < 400) {
      await expect(nav(page)).toBeVisible({ timeout: 30_000 });
      return;
    }
  }
  throw new Error(`no code was accepted for ${role}`);
}

/** The real sign-in form: password, then the code step. */
export async function signInThroughForm(page: Page, role: E2eRole, opts: { redirectTo?: string } = {}): Promise<void> {
  const q = opts.redirectTo ? `?redirectTo=${encodeURIComponent(opts.redirectTo)}` : "";
  await page.goto(`/login${q}`);
  await page.getByLabel("Work email").fill(`${role}@loket.test`);
  await page.getByLabel("Password", { exact: true }).fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Code", { exact: true }).or(nav(page))).toBeVisible({ timeout: 30_000 });
  if (await page.getByLabel("Code", { exact: true }).isVisible()) await enterCode(page, role);
  // The shell is up when the main navigation is.
  await expect(nav(page)).toBeVisible({ timeout: 30_000 });
}

export async function signInAs(page: Page, role: E2eRole, opts: { redirectTo?: string } = {}): Promise<void> {
  const saved = sessionCookies.get(role);
  if (saved) {
    await page.context().addCookies(saved);
    await page.goto(opts.redirectTo ?? "/");
    if (!new URL(page.url()).pathname.startsWith("/login")) {
      await expect(nav(page)).toBeVisible({ timeout: 30_000 });
      return;
    }
    sessionCookies.delete(role);
    await page.context().clearCookies();
  }
  await signInThroughForm(page, role, opts);
  sessionCookies.set(role, await page.context().cookies());
}

/**
 * Re-authentication on the current page ("Confirm it's you": password + a fresh code), as
 * admin actions on staff and one's own security settings need.
 */
export async function confirmItsMe(page: Page, role: E2eRole): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.getByTestId("reauth-panel").getByRole("button", { name: "Confirm it's you" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Your password").fill(E2E_PASSWORD);
    await dialog.getByLabel("Code from your app").fill(await nextCode(role));
    await dialog.getByRole("button", { name: "Confirm", exact: true }).click();
    const ok = await dialog
      .waitFor({ state: "hidden", timeout: 15_000 })
      .then(() => true)
      .catch(() => false);
    if (ok) {
      await expect(page.getByTestId("reauth-panel")).toContainText("Confirmed until");
      return;
    }
    await page.keyboard.press("Escape");
  }
  throw new Error(`re-authentication as ${role} failed`);
}

export const test = base.extend<{ signIn: (page: Page, role: E2eRole, opts?: { redirectTo?: string }) => Promise<void> }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  signIn: async ({}, provide) => {
    await provide(signInAs);
  },
});

export { expect };
export { E2E_PASSWORD };

import AxeBuilder from "@axe-core/playwright";
import { E2E_PASSWORD, ROLES } from "./support/constants";
import { confirmItsMe, enterCode, expect, test } from "./support/fixtures";

// What each role's main navigation shows (app/auth/permissions.ts, mirrored by the shell).
const NAV: Record<(typeof ROLES)[number], string[]> = {
  admin: ["Overview", "Orders", "Holds", "Customers", "Accounts", "Campaigns", "Coins", "Finance", "Approvals", "Audit", "Settings"],
  support: ["Overview", "Orders", "Holds", "Customers", "Accounts", "Approvals"],
  finance: ["Overview", "Orders", "Holds", "Customers", "Accounts", "Coins", "Finance", "Approvals", "Audit"],
  campaigns: ["Overview", "Customers", "Campaigns"],
  viewer: ["Overview", "Orders", "Holds", "Customers", "Accounts", "Campaigns", "Coins", "Finance", "Approvals", "Audit"],
};

test.describe("sign-in", () => {
  for (const role of ROLES) {
    test(`${role} signs in and sees only its sections`, async ({ page, signIn }) => {
      await signIn(page, role);
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(NAV[role]);
    });
  }

  test("keyboard only: email is focused, Tab to password, Enter signs in and follows redirectTo", async ({ page }) => {
    await page.goto("/login?redirectTo=%2Fholds");
    await expect(page.getByLabel("Work email")).toBeFocused();
    await page.keyboard.type("support@loket.test");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
    await page.keyboard.type(E2E_PASSWORD);
    await page.keyboard.press("Enter");
    // The second factor: the code field has focus and redirectTo survives the step.
    await expect(page).toHaveURL(/\/login\/code\?redirectTo=%2Fholds$/);
    await expect(page.getByLabel("Code", { exact: true })).toBeFocused();
    await enterCode(page, "support");
    await expect(page).toHaveURL(/\/holds$/);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    // Signed in: /login sends you home.
    await page.goto("/login");
    await expect(page).toHaveURL(/\/$/);
  });

  test("a wrong password shows one message linked to the fields; the email is kept", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Work email").fill("viewer@loket.test");
    await page.getByLabel("Password", { exact: true }).fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await expect(alert).toHaveText("That email and password do not match an active account.");
    await expect(page.getByLabel("Work email")).toHaveValue("viewer@loket.test");
    await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-describedby", /login-form-error/);
  });

  test("5 wrong passwords → the throttle message, even with the right password", async ({ browser, page: adminPage, signIn }) => {
    // why a throwaway account: the per-account throttle would lock a demo account that later
    // specs sign in with for 15 minutes. An admin creates one for this test.
    const email = `throttle-${Date.now()}@loket.test`;
    const password = "kopi susu gula aren pagi";
    await signIn(adminPage, "admin");
    await adminPage.goto("/settings/staff");
    await confirmItsMe(adminPage, "admin");
    await adminPage.getByLabel("Email").fill(email);
    await adminPage.getByLabel("Name").fill("Throttle Test");
    await adminPage.getByLabel("Role", { exact: true }).selectOption("viewer");
    await adminPage.getByLabel("Initial password").fill(password);
    await adminPage.getByRole("button", { name: "Add staff member" }).click();
    await expect(adminPage.getByTestId("toast").filter({ hasText: `${email} can now sign in` })).toBeVisible();

    // why a forwarded IP: the e2e server trusts the proxy header, so this test blocks only its own IP.
    const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `203.0.113.${Math.floor(Math.random() * 250) + 1}` } });
    const page = await context.newPage();
    await page.goto("/login");
    for (let i = 0; i < 5; i++) {
      await page.getByLabel("Work email").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(`wrong guess ${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("alert")).toHaveText("That email and password do not match an active account.");
    }
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText(/^Too many failed sign-ins\. Try again in 1[45] minutes\.$/);
    await context.close();
  });

  test("the sign-in page has no serious or critical accessibility violations", async ({ page }) => {
    await page.goto("/login");
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  test("sign-out is POST only: GET /logout does not sign you out", async ({ page, signIn }) => {
    await signIn(page, "viewer");
    await page.goto("/logout");
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  });
});

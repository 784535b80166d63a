import { confirmItsMe, expect, signInThroughForm, test } from "./support/fixtures";

test.describe("staff management", () => {
  test("a viewer opening /settings/staff gets a 403 page", async ({ page, signIn }) => {
    await signIn(page, "viewer");
    const res = await page.goto("/settings/staff");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
  });

  test("an admin creates a staff member who can then sign in; deactivating signs them out", async ({ page, signIn, browser }) => {
    const email = `new-${Date.now()}@loket.test`;
    const password = "a brand new password";
    await signIn(page, "admin");
    await page.goto("/settings/staff");
    await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();
    // Admin actions on staff need a fresh password + code.
    await confirmItsMe(page, "admin");

    // Bad input: messages at the fields, nothing created.
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Name").fill("Nia New");
    await page.getByLabel("Role", { exact: true }).selectOption("support");
    await page.getByLabel("Initial password").fill("short");
    await page.getByRole("button", { name: "Add staff member" }).click();
    await expect(page.getByText("Use at least 12 characters (this one has 5).")).toBeVisible();

    await page.getByLabel("Initial password").fill(password);
    await page.getByRole("button", { name: "Add staff member" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: `${email} can now sign in` })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: email });
    await expect(row).toContainText("active");

    // The new person signs in in another browser.
    const theirs = await browser.newContext();
    const them = await theirs.newPage();
    await them.goto("/login");
    await them.getByLabel("Work email").fill(email);
    await them.getByLabel("Password", { exact: true }).fill(password);
    await them.getByRole("button", { name: "Sign in" }).click();
    await expect(them.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Holds" })).toBeVisible();

    // Deactivate: confirm dialog, then their open tab is signed out on its next request.
    await row.getByRole("button", { name: "Deactivate" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText(`Deactivate ${email}?`);
    await dialog.getByRole("button", { name: "Deactivate" }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText("deactivated");
    await them.goto("/holds");
    await expect(them).toHaveURL(/\/login/);
    await theirs.close();

    // The admin's own row cannot be deactivated.
    await expect(page.getByRole("row").filter({ hasText: "admin@loket.test" }).getByRole("button", { name: "Deactivate" })).toBeDisabled();

    // The audit log shows what happened.
    await page.goto(`/audit?action=staff.deactivate`);
    await expect(page.getByRole("row").filter({ hasText: "staff.deactivate" }).first()).toContainText("admin@loket.test");
  });

  test("without a recent step-up, a staff dialog asks for password and code before its confirm; a wrong one keeps it open and changes nothing", async ({ page }) => {
    // A session of its own: the worker's shared admin session may have confirmed minutes ago.
    await signInThroughForm(page, "admin");
    await page.goto("/settings/staff");
    const row = page.getByRole("row").filter({ hasText: "viewer@loket.test" });
    await row.getByRole("button", { name: "End sessions" }).click();
    const dialog = page.getByRole("dialog");
    // Asked inside the dialog, before the confirm (it used to ask only after it).
    const stepUp = dialog.getByTestId("step-up");
    await expect(stepUp).toBeVisible();
    await expect(dialog.getByLabel("Your password")).toBeFocused();
    await dialog.getByLabel("Your password").fill("not the password at all");
    await dialog.getByLabel("Code from your app").fill("000000");
    await dialog.getByRole("button", { name: "End sessions" }).click();
    await expect(dialog.getByRole("alert").filter({ hasText: "That password or code is not right." })).toBeVisible();
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("reauth-panel")).not.toContainText("Confirmed until");

    // Changing a role asks in a dialog too, naming the new role; a wrong step-up changes nothing.
    const roleSelect = row.getByLabel("Role of viewer@loket.test");
    await roleSelect.selectOption("finance");
    await row.getByRole("button", { name: "Save role" }).click();
    await expect(dialog).toContainText("Change the role of viewer@loket.test to finance?");
    await expect(dialog.getByLabel("Your password")).toBeFocused();
    await dialog.getByLabel("Your password").fill("not the password at all");
    await dialog.getByLabel("Code from your app").fill("000000");
    await dialog.getByRole("button", { name: "Save role" }).click();
    await expect(dialog.getByRole("alert").filter({ hasText: "That password or code is not right." })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(row.getByLabel("Role of viewer@loket.test")).toHaveValue("viewer");

    // The create form carries the step-up fields as well, without taking focus on load.
    const create = page.locator("form").filter({ has: page.getByRole("button", { name: "Add staff member" }) });
    await expect(create.getByTestId("step-up")).toBeVisible();
    await expect(create.getByLabel("Your password")).not.toBeFocused();
  });

  test("an admin sets a refund limit in rupiah; bad input stays at the field", async ({ page, signIn }) => {
    await signIn(page, "admin");
    await page.goto("/settings/limits");
    const field = page.getByLabel("Refund limit for support (Rp)");
    await expect(field).toHaveValue("1.000.000");
    await field.fill("lots");
    await field.press("Enter");
    await expect(page.getByText("Use rupiah digits, e.g. 150.000 or 150000.")).toBeVisible();
    await page.getByLabel("Refund limit for support (Rp)").fill("2.500.000");
    await page.getByLabel("Refund limit for support (Rp)").press("Enter");
    await expect(page.getByTestId("toast").filter({ hasText: "Refund limit for support: Rp 2.500.000" })).toBeVisible();
    await expect(page.getByLabel("Refund limit for support (Rp)")).toHaveValue("2.500.000");
  });
});

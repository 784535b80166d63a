import type { Browser, Page } from "@playwright/test";
import fs from "node:fs";
import { expect, test } from "./support/fixtures";
import { merchantKey, paidOrder } from "./support/refund-orders";

/**
 * Bahasa Indonesia and English, per staff member. A fresh staff member (so no other spec sees a
 * changed language: the demo sign-ins keep following their browser) switches from the user menu;
 * the shell, the overview, the orders list and the 404 page answer in Indonesian from the first
 * byte, `<html lang>` follows, and the choice is stored on the staff member (another browser gets
 * it too). Screenshots at 1366 px are checked for clipped or overflowing text: /tmp/shots/i18n-*.png.
 */
// why: creating a staff member, two browsers and several full page loads on a shared 2-core machine.
test.describe.configure({ timeout: 150_000 });

const PASSWORD = "kopi tubruk e2e pagi hari";

async function createStaff(browser: Browser): Promise<string> {
  const email = `bahasa-${Date.now()}@loket.test`;
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const { signInAs, confirmItsMe } = await import("./support/fixtures");
  await signInAs(page, "admin");
  await page.goto("/settings/staff");
  await confirmItsMe(page, "admin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("Sari Wulandari");
  await page.getByLabel("Role", { exact: true }).selectOption("support");
  await page.getByLabel("Initial password").fill(PASSWORD);
  await page.getByRole("button", { name: "Add staff member" }).click();
  await expect(page.getByRole("row").filter({ hasText: email })).toBeVisible();
  await ctx.close();
  return email;
}

async function signInWith(page: Page, email: string, labels = { email: "Work email", password: "Password", submit: "Sign in" }) {
  await page.goto("/login");
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password, { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: labels.submit }).click();
}

/** Elements under `selector` whose content is wider than their box (clipped or spilling text). */
async function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    for (const root of Array.from(document.querySelectorAll(sel))) {
      for (const el of [root, ...Array.from(root.querySelectorAll("*"))]) {
        if (!(el instanceof HTMLElement) || el.closest("svg,[hidden],.sr-only,[aria-hidden='true']")) continue;
        if (el.getClientRects().length === 0 || el.clientWidth === 0) continue;
        if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()}: "${(el.textContent ?? "").trim().slice(0, 60)}"`);
      }
    }
    return out;
  }, selector);
}

test.beforeAll(() => fs.mkdirSync("/tmp/shots", { recursive: true }));

test("a staff member switches to Bahasa Indonesia: shell, overview, orders and 404 follow, and it is kept", async ({ page, browser }) => {
  const email = await createStaff(browser);
  await page.setViewportSize({ width: 1366, height: 900 });

  // Chromium sends Accept-Language en-US and nobody chose yet: English.
  await signInWith(page, email);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Orders" })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  // Switch from the user menu.
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("button", { name: "Bahasa Indonesia" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  const navId = page.getByRole("navigation", { name: "Utama" });
  await expect(navId.getByRole("link")).toHaveText(["Ringkasan", "Pesanan", "Tahan dana", "Pelanggan", "Akun tertaut", "Persetujuan"]);
  await expect(page.getByRole("heading", { level: 1, name: "Ringkasan" })).toBeVisible();
  await expect(page).toHaveTitle("Ringkasan · Loket");
  await expect(page.getByText("Waktu dalam WIB (Asia/Jakarta)")).toBeVisible();
  await expect(page.getByTestId("card-payments")).toContainText("Pembayaran hari ini");
  await expect(page.getByTestId("payments-count")).toHaveText(/^[\d.]+ pembayaran$/);
  // The WIB date in the page header uses Indonesian month names.
  const months = /(Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4}/;
  await expect(page.locator("header, main").locator("time").first()).toHaveText(months);

  // The user menu says which language is chosen, in Indonesian.
  await page.getByRole("button", { name: /Menu akun/ }).click();
  await expect(page.getByRole("button", { name: "Bahasa Indonesia" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: "Keluar" })).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/i18n-user-menu-id.png" });
  expect(await overflowing(page, "header, aside nav")).toEqual([]);
  await page.keyboard.press("Escape");

  await page.screenshot({ path: "/tmp/shots/i18n-overview-id.png", fullPage: true });
  expect(await overflowing(page, "aside, header, main h1, main h2, main section")).toEqual([]);

  // The orders list.
  await navId.getByRole("link", { name: "Pesanan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pesanan" })).toBeVisible();
  await expect(page).toHaveTitle("Pesanan · Loket");
  const search = page.getByRole("search", { name: "Cari pesanan" });
  await expect(search.getByRole("group", { name: /Kanal/ })).toBeVisible();
  await expect(search.getByRole("button", { name: "Cari" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: /Pelanggan/ })).toBeVisible();
  await expect(page.locator("main p[aria-live]")).toContainText(/pesanan/);
  await page.screenshot({ path: "/tmp/shots/i18n-orders-id.png", fullPage: true });
  expect(await overflowing(page, "aside, header, main h1, form[role=search]")).toEqual([]);
  // The table fits at 1366 px (its container would scroll sideways otherwise, hiding the last column).
  const table = page.locator("main table").first().locator("xpath=..");
  expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);

  // A field error from the filters, still in the shell's language around it.
  await page.goto("/orders?status=paid");
  await expect(search.getByRole("group", { name: /Status/ })).toContainText("(1 dipilih)");

  // Reload: the language is stored, not a client state.
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { level: 1, name: "Pesanan" })).toBeVisible();

  // The 404 page.
  const res = await page.goto("/tidak-ada-halaman-ini");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Tidak ditemukan" })).toBeVisible();
  await expect(page).toHaveTitle("Tidak ditemukan · Loket");
  await expect(page.getByRole("link", { name: "Kembali ke ringkasan" })).toBeVisible();

  // Stored per staff member: another browser (still Accept-Language en-US) gets Indonesian after sign-in.
  const other = await browser.newContext();
  const theirs = await other.newPage();
  await signInWith(theirs, email);
  await expect(theirs.getByRole("navigation", { name: "Utama" }).getByRole("link", { name: "Pesanan" })).toBeVisible({ timeout: 30_000 });
  await expect(theirs.locator("html")).toHaveAttribute("lang", "id");
  await other.close();

  // "Follow the browser" goes back to English (en-US).
  await page.goto("/");
  await page.getByRole("button", { name: /Menu akun/ }).click();
  await page.getByRole("button", { name: "Ikuti browser" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await page.goto("/orders");
  await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
  expect(await page.locator("main table").first().locator("xpath=..").evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
});

test("signed out, the login page follows Accept-Language, then the visitor's choice", async ({ browser }) => {
  const ctx = await browser.newContext({ locale: "id-ID", viewport: { width: 1366, height: 800 } });
  const page = await ctx.newPage();
  const res = await page.goto("/login");
  // The first byte is already Indonesian: no English flash before hydration.
  const html = (await res?.text()) ?? "";
  expect(html).toMatch(/<html lang="id"/);
  expect(html).toContain("Email kantor");
  expect(html).not.toContain("Work email");
  await expect(page.getByRole("heading", { name: "Masuk" })).toBeVisible();
  await expect(page).toHaveTitle("Masuk · Loket");
  await page.screenshot({ path: "/tmp/shots/i18n-login-id.png" });
  expect(await overflowing(page, "main")).toEqual([]);

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByLabel("Work email")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Work email")).toBeVisible(); // the cookie keeps it
  await ctx.close();

  // A language Loket does not speak: Bahasa Indonesia.
  const fr = await browser.newContext({ locale: "fr-FR" });
  const frPage = await fr.newPage();
  await frPage.goto("/login");
  await expect(frPage.locator("html")).toHaveAttribute("lang", "id");
  await fr.close();
});

test("in Bahasa Indonesia: the order page, the refund dialog's field error and the toast", async ({ page, browser }) => {
  const email = await createStaff(browser);
  const apiKey = await merchantKey(browser, `e2e bahasa ${Date.now()}`);
  const o = await paidOrder(apiKey, { amountRupiah: 250_000, name: "Siti Rahma" });
  await page.setViewportSize({ width: 1366, height: 900 });
  await signInWith(page, email);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("button", { name: "Bahasa Indonesia" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "id");

  // The order page.
  const refundButton = page.getByRole("button", { name: "Kembalikan dana", exact: true });
  await expect(async () => {
    await page.goto(`/orders/${encodeURIComponent(o.orderId)}`);
    await expect(refundButton).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1, name: `Pesanan ${o.orderId}` })).toBeVisible();
  await expect(page).toHaveTitle(`Pesanan ${o.orderId} · Loket`);
  await expect(page.getByText("Bisa dikembalikan sekarang")).toBeVisible();
  await expect(page.getByText(/Bisa dikembalikan sampai \d+ (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des)/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Riwayat" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Riwayat pesanan, terbaru di atas" })).toContainText("Pesanan dibuat");
  await page.screenshot({ path: "/tmp/shots/i18n-order-id.png", fullPage: true });
  expect(await overflowing(page, "header, main h1, [data-slot=order-actions], main dl")).toEqual([]);

  // The refund dialog: Indonesian words, and the parser's "did you mean" sentence at the field.
  const dialog = page.getByRole("dialog");
  await expect(async () => {
    if (!(await dialog.isVisible())) await refundButton.click({ timeout: 2000 });
    await expect(dialog).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(dialog.getByRole("heading", { name: "Kembalikan dana pesanan ini" })).toBeVisible();
  await expect(dialog).toContainText("Siti Rahma");
  const amount = dialog.getByLabel("Nominal (Rp)");
  await amount.fill("1,5");
  await expect(dialog.locator('p[id$="-error"]')).toHaveText("Rupiah tidak memakai sen: maksud Anda 1?");
  await expect(dialog.getByLabel("Alasan", { exact: true })).toContainText("Permintaan pelanggan");
  await expect(dialog.getByRole("button", { name: "Batal" })).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/i18n-refund-dialog-id.png" });
  expect(await overflowing(page, "[role=dialog], [role=dialog] button")).toEqual([]);

  // Sen after id-ID grouping: the suggestion keeps the grouping.
  await amount.fill("1.500,50");
  await expect(dialog.locator('p[id$="-error"]')).toHaveText("Rupiah tidak memakai sen: maksud Anda 1.500?");

  // A refund: the toast is in Indonesian (sent, sent for approval, or waiting for GoPay).
  await amount.fill("10.000");
  await dialog.getByRole("button", { name: /^(Kembalikan|Minta persetujuan) Rp 10\.000$/ }).click();
  await expect(dialog).toBeHidden({ timeout: 20_000 });
  const toast = page.getByText(/^(Dana dikembalikan|Diajukan untuk persetujuan|Menunggu GoPay)$/);
  await expect(toast).toBeVisible({ timeout: 10_000 });
  await page.screenshot({ path: "/tmp/shots/i18n-refund-toast-id.png" });
  expect(await overflowing(page, "header, main h1, [data-slot=order-actions]")).toEqual([]);
});

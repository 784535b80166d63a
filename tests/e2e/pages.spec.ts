import type { Page } from "@playwright/test";
import { seriousViolations } from "./support/axe";
import { E2E_BASE_URL } from "./support/constants";
import { expect, signInAs, test } from "./support/fixtures";
import { merchantKey, openPaidOrder, paidOrder } from "./support/refund-orders";

/**
 * The pages staff live in, as a support agent sees them on a 1366 px laptop and a 1920 px
 * screen: nothing runs off the right edge, filters apply when ticked and take day-month-year
 * days, and a toast shows only in the tab whose action it reports. The orders are the demo's
 * (seeded through the merchant API when the e2e server starts).
 */
// why: the demo data is seeded in the background while the first tests run.
test.describe.configure({ timeout: 120_000 });

// On PostgreSQL the e2e database has no demo data: one paid order of the spec's own, so /orders has
// a row whichever specs ran before.
test.beforeAll(async ({ browser }) => {
  await paidOrder(await merchantKey(browser, "e2e-pages"), { amountRupiah: 37_500 });
});

/** The first order row's id once the demo's orders are there. */
async function firstOrderId(page: Page): Promise<string> {
  const link = page.locator("table tbody tr a").first();
  await expect(link).toBeVisible({ timeout: 60_000 });
  // The order id is the row link's first line (components/orders/orders-table.tsx; its monospace look is `.o-table` in app/styles.css).
  return (await link.locator("span").first().innerText()).trim();
}

/** Widths that overflow: the document and every horizontally scrolling box (the tables' containers). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const boxes = [...document.querySelectorAll<HTMLElement>(".overflow-x-auto")].filter((e) => e.scrollWidth > e.clientWidth);
    return { document: doc.scrollWidth > doc.clientWidth ? `${doc.scrollWidth} > ${doc.clientWidth}` : null, boxes: boxes.map((e) => `${e.scrollWidth} > ${e.clientWidth}`) };
  });
}

for (const [width, height] of [
  [1366, 900],
  [1920, 1080],
] as const) {
  test(`/orders fits ${width} px; the order id reads as a link`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await signInAs(page, "support");
    await page.goto("/orders");
    const orderId = await firstOrderId(page);
    expect(await overflow(page)).toEqual({ document: null, boxes: [] });
    await expect(page.getByRole("columnheader", { name: "Refunded" })).toBeInViewport({ ratio: 1 });
    const link = page.getByRole("link", { name: new RegExp(orderId) });
    // The one link colour (brand-700) and an underline: it looks like what it is.
    expect(await link.evaluate((a) => getComputedStyle(a).color)).not.toBe(await page.locator("main h1").evaluate((h) => getComputedStyle(h).color));
    expect(await link.getByText(orderId, { exact: true }).evaluate((s) => getComputedStyle(s).textDecorationLine)).toBe("underline");
    await page.screenshot({ path: `/tmp/shots/e2e-orders-${width}.png` });
  });
}

test("ticking a status chip applies it; days are typed day-month-year and a month-first day is refused at its field", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await signInAs(page, "support");
  await page.goto("/orders");
  const search = page.getByRole("search", { name: "Search orders" });
  await search.getByRole("checkbox", { name: "Paid", exact: true }).check();
  await expect(page).toHaveURL(/[?&]status=paid(&|$)/);
  // The keyboard stays on the chip it ticked.
  await expect(search.getByRole("checkbox", { name: "Paid", exact: true })).toBeFocused();
  await expect(search.getByRole("checkbox", { name: "Paid", exact: true })).toBeChecked();

  const from = search.getByLabel("From");
  await expect(from).toHaveAttribute("placeholder", "dd-mm-yyyy");
  await search.getByLabel("Created (WIB)").selectOption("custom");
  await from.fill("11/21/2026");
  await from.press("Enter");
  await expect(search.getByText("Use a day-month-year date like 21-11-2026.")).toBeVisible();

  const today = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Jakarta", day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date()).replace(/\//g, "-");
  await search.getByLabel("From").fill(today);
  await search.getByLabel("From").press("Enter");
  await expect(page).toHaveURL(new RegExp(`from=${today}`));
  await expect(search.getByText("Use a day-month-year date like 21-11-2026.")).toHaveCount(0);
  await expect(search.getByLabel("From")).toHaveValue(today);
});

test("a toast belongs to the tab that acted, not to another tab of the same session", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  const acting = await context.newPage();
  const other = await context.newPage();
  await signInAs(acting, "admin");
  await other.goto("/orders");
  await expect(other.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();

  // The acting tab posts; its redirect is followed only after the other tab has loaded a page,
  // so the toast's cookie is in the shared jar while the other tab asks for pages.
  const res = await acting.request.post("/settings/limits", {
    form: { intent: "set-refund-limit", role: "viewer", refundLimit: "0" },
    headers: { Origin: E2E_BASE_URL },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(302);
  const location = res.headers()["location"]!;
  expect(location).toMatch(/^\/settings\/limits\?toast=[\w-]+$/);

  await other.goto("/");
  await expect(other.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await other.goto("/orders");
  await expect(other.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
  await expect(other.getByTestId("toast")).toHaveCount(0);

  await acting.goto(location);
  await expect(acting.getByTestId("toast")).toBeVisible();
  // Read once: the id leaves the address bar, and the other tab still sees nothing.
  await expect(acting).toHaveURL(/\/settings\/limits$/);
  await other.reload();
  await expect(other.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
  await expect(other.getByTestId("toast")).toHaveCount(0);
  await context.close();
});

test("the sidebar runs the full height of a long page", async ({ page, browser }) => {
  // An order of its own (on PostgreSQL the e2e database has no demo data), in a window short
  // enough that its page is longer than the viewport.
  const order = await paidOrder(await merchantKey(browser, "e2e-sidebar"), { amountRupiah: 42_000 });
  await page.setViewportSize({ width: 1366, height: 480 });
  await signInAs(page, "support");
  await openPaidOrder(page, order.orderId);
  expect(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight + 100)).toBe(true);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeInViewport();
  // The sidebar's column reaches the bottom of the page, however long the page is.
  const [column, doc] = await page.evaluate(() => [
    document.querySelector("aside")!.parentElement!.getBoundingClientRect().bottom + window.scrollY,
    document.documentElement.scrollHeight,
  ]);
  expect(column).toBeGreaterThanOrEqual(doc - 1);
});

test("an admin's pages fit a 1280 px laptop and a 390 px phone: no sideways scroll, the wide report grid keeps its labels in view", async ({ page }) => {
  await signInAs(page, "admin");
  // Pages whose own row pages are checked too: the first customer and linked account listed.
  await page.goto("/customers");
  const customer = await page.locator("table tbody tr a[href^='/customers/']").first().getAttribute("href");
  await page.goto("/accounts");
  const account = await page.locator("table tbody tr a[href^='/accounts/']").first().getAttribute("href");
  const month = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta", year: "numeric", month: "2-digit" }).format(new Date());
  const laptop = ["/", "/approvals", "/coins", "/audit", "/campaigns/reminders", "/settings/staff", `/finance/reports/rows?source=payments&from=${month}-01&to=${month}-28`, customer, account];
  await page.setViewportSize({ width: 1280, height: 800 });
  const wide: string[] = [];
  for (const path of laptop) {
    if (!path) continue;
    await page.goto(path);
    const o = await overflow(page);
    if (o.document || o.boxes.length) wide.push(`${path}: ${JSON.stringify(o)}`);
  }
  expect(wide).toEqual([]);

  // The report's grid is wider than a laptop by nature: it scrolls inside its box, its row labels stay.
  await page.goto("/finance/reports");
  const grid = page.getByTestId("report-summary");
  const label = grid.getByRole("rowheader").first();
  const before = (await label.boundingBox())!.x;
  await grid.locator("xpath=..").evaluate((box) => (box.scrollLeft = 400));
  expect((await label.boundingBox())!.x).toBeCloseTo(before, 0);
  expect((await overflow(page)).document).toBeNull();

  await page.setViewportSize({ width: 390, height: 800 });
  const phone: string[] = [];
  for (const path of ["/", "/approvals", "/coins", customer, account]) {
    if (!path) continue;
    await page.goto(path);
    const doc = (await overflow(page)).document;
    if (doc) phone.push(`${path}: ${doc}`);
  }
  expect(phone).toEqual([]);
});

test("every link an admin meets leads somewhere, and every page it opens has no serious accessibility violation", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, "admin");
  await firstOrderId((await page.goto("/orders"), page));
  // A page kind: its path with ids and numbers folded, and its query's names (not values).
  const folded = (pathname: string) => pathname.replace(/[^/]*\d[^/]*/g, ":id");
  const kind = (u: URL) => `${folded(u.pathname)}?${[...u.searchParams.keys()].sort().join("&")}`;
  // Pages of a path not opened yet come first (an order's page before a fifth filter of /orders).
  const openedPaths = new Set<string>();
  const next = () => {
    const i = queue.findIndex((p) => !openedPaths.has(folded(new URL(p, E2E_BASE_URL).pathname)));
    return queue.splice(i < 0 ? 0 : i, 1)[0]!;
  };
  const visitedKinds = new Map<string, number>();
  const checkedKinds = new Map<string, number>();
  const checked = new Set<string>();
  const queue = ["/"];
  const seen = new Set<string>();
  const broken: string[] = [];
  // axe on the first page of each path (WCAG 2.1 AA, serious and critical only), ~1.7 s a page.
  // Accessibility does not depend on the database: axe runs in the embedded database's run, whose
  // demo data opens more pages (the Postgres run checks the links only).
  const runAxe = !process.env.DATABASE_URL;
  const axed = new Set<string>();
  const inaccessible: string[] = [];
  let pages = 0;
  while (queue.length && pages < 45) {
    const path = next();
    if (seen.has(path)) continue;
    seen.add(path);
    pages++;
    await page.goto(path);
    openedPaths.add(folded(new URL(path, E2E_BASE_URL).pathname));
    // A list's filters render the same components: axe once per path (ids folded), not per query.
    const pagePath = folded(new URL(path, E2E_BASE_URL).pathname);
    if (runAxe && !axed.has(pagePath)) {
      axed.add(pagePath);
      for (const v of await seriousViolations(page, { within: "main" })) inaccessible.push(`${path}: ${v.id} (${v.impact}) ${v.nodes.join(", ")}`);
    }
    const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    for (const href of hrefs) {
      const u = new URL(href, new URL(path, E2E_BASE_URL));
      if (u.origin !== new URL(E2E_BASE_URL).origin || u.pathname === "/logout") continue;
      const target = u.pathname + u.search;
      const k = kind(u);
      // Three links of each kind are asked for (downloads too); two pages of each kind are opened.
      if (!checked.has(target) && (checkedKinds.get(k) ?? 0) < 3) {
        checked.add(target);
        checkedKinds.set(k, (checkedKinds.get(k) ?? 0) + 1);
        const res = await page.request.get(target, { maxRedirects: 0 });
        if (res.status() >= 400) broken.push(`${res.status()} ${target} (linked from ${path})`);
      }
      if (!/\.csv$|\/raw$/.test(u.pathname) && !seen.has(target) && (visitedKinds.get(k) ?? 0) < 2) {
        visitedKinds.set(k, (visitedKinds.get(k) ?? 0) + 1);
        queue.push(target);
      }
    }
  }
  expect(broken).toEqual([]);
  expect(inaccessible).toEqual([]);
  if (runAxe) expect(axed.size).toBeGreaterThan(20);
  // The crawl really ran: an empty Postgres e2e database alone gives ~100 links over 45 pages.
  expect(pages).toBe(45);
  expect(checked.size).toBeGreaterThan(60);
});

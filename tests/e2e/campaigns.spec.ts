import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { E2E_BASE_URL } from "./support/constants";
import { expect, signInAs, test } from "./support/fixtures";
import { createMerchantKey, sandbox } from "./support/merchant";
import { expectTemplateSaved } from "./support/templates";

/**
 * A campaign from draft to done (the upload with bad rows and the preview: campaigns-build.spec.ts).
 * A campaign manager reaches Templates, Reminders and New campaign from /campaigns, makes a draft
 * for two customers who opened the mini app, schedules it about a minute ahead (WIB), sees it
 * scheduled, watches the progress bar reach done, downloads the per-recipient CSV and checks its
 * rows — each Request-Id reached GoPay (the sandbox) exactly once. The template is the sandbox's
 * HK_PDS_NOTIFY (an unknown one is refused with 40003); on PGlite the demo seed may have added it.
 */
test.describe.configure({ mode: "serial" });

const run = randomUUID().slice(0, 6).toUpperCase();
const TEMPLATE = "HK_PDS_NOTIFY";
type Person = { sandboxId: string; name: string; merchantUserId: string };
const people: Person[] = [];
let campaignId: string | undefined;

const WIB_MS = 7 * 3_600_000;
const wib = (ms: number) => new Date(ms + WIB_MS).toISOString(); // "YYYY-MM-DDTHH:MM…" in WIB
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const apiKey = await createMerchantKey(browser, `e2e campaigns ${run}`);
  // Two new GoPay users (the sandbox's control API), who open the mini app: their auth codes are
  // exchanged through Loket's merchant API, so Loket holds their tokens.
  const made = (await sandbox("/miniapp/users", { count: 2 })) as { id: string; name: string }[];
  for (const [i, u] of made.entries()) {
    const person = { sandboxId: u.id, name: u.name, merchantUserId: `e2e-camp-${run}-${i}` };
    const { auth_code } = (await sandbox("/miniapp/auth-codes", { customerId: u.id })) as {
      auth_code: string;
    };
    const res = await fetch(`${E2E_BASE_URL}/api/v1/customers/session`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${apiKey}`,
        "content-type": "application/json",
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({ auth_code, merchant_user_id: person.merchantUserId }),
    });
    expect(res.status, await res.text()).toBeLessThan(300);
    people.push(person);
  }
});

test("a campaign manager schedules a campaign a minute ahead, watches it finish and downloads the per-recipient CSV", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAs(page, "campaigns");

  // /campaigns leads to Templates, Reminders and New campaign.
  await page.goto("/campaigns");
  await expect(page.getByRole("heading", { level: 1, name: "Campaigns" })).toBeVisible();
  await page.getByRole("link", { name: "Reminders", exact: true }).click();
  await expect(page).toHaveURL(/\/campaigns\/reminders$/);
  await expect(page.getByRole("heading", { level: 1, name: "Reminders" })).toBeVisible();
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "Templates", exact: true }).click();
  await expect(page).toHaveURL(/\/campaigns\/templates$/);

  // The template as registered with GoPay, unless the demo seed already put it in the registry.
  if (!(await page.getByRole("cell", { name: TEMPLATE, exact: true }).isVisible())) {
    await page.goto("/campaigns/templates?new=1");
    await page.getByLabel("Name, exactly as registered with GoPay").fill(TEMPLATE);
    await page.getByLabel("Description or wording").fill("{{title}} — {{body}}");
    await page.getByLabel("Name", { exact: true }).first().fill("title");
    await page.getByLabel("Max").first().fill("40");
    await page.getByRole("button", { name: "Add parameter" }).click();
    await page.getByLabel("Name", { exact: true }).nth(1).fill("body");
    await page.getByLabel("Max").nth(1).fill("160");
    await page.getByRole("button", { name: "Save template" }).click();
    await expectTemplateSaved(page, TEMPLATE);
  }

  await page.goto("/campaigns");
  await page.getByRole("link", { name: "New campaign" }).click();
  await expect(page).toHaveURL(/\/campaigns\/new$/);

  // A draft for the two customers (the CSV's title column per recipient, a fixed body).
  const name = `Weekend ${run}`;
  await page.getByLabel("Campaign name").fill(name);
  await page.getByLabel("Template").selectOption({ label: TEMPLATE });
  const csv = [
    "merchant_user_id,title",
    `${people[0]!.merchantUserId},Halo ${run}`,
    `${people[1]!.merchantUserId},Promo ${run}`,
  ].join("\n");
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "weekend.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByLabel("Source of title").selectOption("column");
  await page.getByLabel("Value of body").fill("Diskon akhir pekan di GoPay");
  await page.getByRole("button", { name: "Check audience" }).click();
  await expect(page.getByTestId("check-summary")).toContainText("2 will receive it");
  await page.getByRole("button", { name: "Save draft and preview" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}\/preview$/);
  const id = /\/campaigns\/([0-9a-f-]{36})\/preview$/.exec(page.url())![1]!;
  await expect(page.getByTestId("rendered-text").first()).toHaveText(
    new RegExp(`^(Halo|Promo) ${run} — Diskon akhir pekan di GoPay$`),
  );

  // The draft's page: schedule at the next whole minute at least 30 s away, in WIB (the form takes
  // whole minutes; 30 s leaves room to fill it on a loaded machine, and waits 30–90 s, not 60–120).
  await page.goto(`/campaigns/${id}`);
  // The campaign's badge comes first on the page (the recipient log below has its own).
  const status = page.locator("main").locator("[data-status]").first();
  await expect(status).toHaveAttribute("data-status", "draft");
  const at = Math.ceil((Date.now() + 30_000) / 60_000) * 60_000;
  const form = page.getByRole("form", { name: "Schedule" });
  await form.getByLabel("When").selectOption("at");
  // The day typed day-month-year, as the field asks.
  await form.getByLabel("Date").fill(wib(at).slice(0, 10).split("-").reverse().join("-"));
  await form.getByLabel("Time").fill(wib(at).slice(11, 16));
  await form.getByLabel("Zone").selectOption("WIB");
  // Quiet hours well away from now (the default 21:00–08:00 would defer a night-time CI run).
  const nowWibMinutes = Number(wib(Date.now()).slice(11, 13)) * 60 + Number(wib(Date.now()).slice(14, 16));
  const quietFrom = hhmm(nowWibMinutes + 6 * 60);
  const quietUntil = hhmm(nowWibMinutes + 7 * 60);
  // Times are typed 24-hour in a text field (not <input type="time">, 09:00 PM on an en-US
  // browser); one written as Indonesians do, with a dot (21.00), is read and kept as 21:00.
  await form.getByLabel("Quiet from").fill(quietFrom.replace(":", "."));
  await form.getByLabel("Quiet until").fill(quietUntil);
  await form.getByLabel("Sends per second (0 = no limit)").fill("5");
  await form.getByRole("button", { name: "Schedule" }).click();

  await expect(status).toHaveAttribute("data-status", "scheduled");
  await expect(page.getByText(`(set in WIB)`)).toBeVisible();
  await expect(page.getByText(`${quietFrom}–${quietUntil}, recipient's local time`, { exact: true })).toBeVisible();
  // Scheduled is not sending: no "live" note, but when it starts, in WIB.
  await expect(page.getByTestId("starts")).toHaveText(/^Starts \d{1,2} \w{3} \d{4}, \d\d:\d\d:00 WIB$/);
  await expect(page.getByText("Updating live while sending")).toHaveCount(0);
  expect(Date.now(), "the campaign must be seen scheduled before its time").toBeLessThan(at);

  // The page polls while scheduled/sending: the bar reaches 2 of 2 and the campaign completes.
  const bar = page.getByRole("progressbar", { name: "Delivery progress" });
  await expect(bar).toHaveAttribute("aria-valuenow", "2", { timeout: 200_000 });
  await expect(bar).toHaveAttribute("aria-valuetext", "2 of 2 done");
  await expect(status).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  expect(Date.now(), "nothing is sent before the scheduled minute").toBeGreaterThanOrEqual(at);
  await expect(page.getByText("Sent: 2")).toBeVisible();

  // The per-recipient CSV: both sent, each with GoPay's answer and its Request-Id.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^campaign-[0-9a-f]{8}-recipients-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parse(fs.readFileSync((await download.path())!), { columns: true, bom: true }) as Record<
    string,
    string
  >[];
  expect(rows).toHaveLength(2);
  expect(rows.map((r) => r.name).sort()).toEqual(people.map((p) => p.name).sort());
  for (const r of rows) {
    expect(r).toMatchObject({ status: "sent", zone: "WIB", skip_reason: "", http_status: "200" });
    expect(r.request_id).toMatch(/.{8,}/);
    // Sent at or after the scheduled minute ("YYYY-MM-DD HH:MM:SS" in WIB).
    expect(r.sent_at_wib! >= wib(at).slice(0, 19).replace("T", " "), r.sent_at_wib).toBe(true);
    // GoPay (the sandbox) received each Request-Id exactly once.
    const seen = (await sandbox(`/miniapp/effects/${encodeURIComponent(r.request_id!)}`)) as {
      count: number;
    };
    expect(seen.count, r.request_id).toBe(1);
  }
  expect(rows.map((r) => r.line).sort()).toEqual(["2", "3"]);
  campaignId = id;
});

test("the recipients table fits the page at 1440 and 1366 px, in English and Indonesian", async ({
  browser,
  page: signedIn,
}) => {
  test.skip(!campaignId, "needs the campaign sent above");
  test.setTimeout(120_000);
  await signInAs(signedIn, "campaigns");
  const cookies = await signedIn.context().cookies();
  for (const locale of ["en-US", "id-ID"]) {
    // The demo sign-in follows the browser's language: the same session, seen from each.
    const ctx = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
    await ctx.addCookies(cookies);
    const page = await ctx.newPage();
    await page.goto(`/campaigns/${campaignId}`);
    await expect(page.locator("html")).toHaveAttribute("lang", locale.slice(0, 2));
    for (const width of [1440, 1366]) {
      await page.setViewportSize({ width, height: 900 });
      const table = page.locator("main table").last(); // the recipient log, at the bottom of the page
      await expect(table.locator("tbody tr")).toHaveCount(2);
      // No scrolling needed: the table is no wider than its container, the last header ("Updated") in view.
      const box = await table.evaluate((t) => {
        const wrap = t.parentElement!;
        const last = t.querySelector("thead th:last-child")!.getBoundingClientRect();
        return { scroll: wrap.scrollWidth, client: wrap.clientWidth, right: last.right, page: window.innerWidth };
      });
      expect(box.scroll, `${locale} ${width}px: table ${box.scroll} > container ${box.client}`).toBeLessThanOrEqual(
        box.client,
      );
      expect(box.right, `${locale} ${width}px`).toBeLessThanOrEqual(box.page);
    }
    await ctx.close();
  }
});

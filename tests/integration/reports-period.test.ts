import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rupiah } from "~/lib/money";
import { formatWibDate, wibDateString, wibStartOfDay } from "~/lib/time";
import { daysOf, periodRange, shiftDay, shiftMonth } from "~/services/reports/period";
import { useTestDb } from "../support/db";
import { insertOrder } from "../support/factories";
import { BROWSER_LANGUAGE, makeStaff } from "./auth-helpers";
import { startHttpApp, type HttpApp } from "./http-server";

/*
 * /finance/reports and its CSVs as a finance user meets them, over HTTP on the real routes:
 * days after today are not rows of Rp 0 and a period not begun says so; a wrong month or day is a
 * message at the period field (English and Bahasa Indonesia) and a 400 from the exports, never
 * another period; days and months are written as the rest of the app writes dates.
 * "Today" is the real WIB day: the test reads it as the app does.
 */
const t = useTestDb();
let app: HttpApp;
let cookie: string;
const today = wibDateString();
const thisMonth = today.slice(0, 7);

beforeAll(async () => {
  app = await startHttpApp();
  cookie = (await makeStaff(t.db, "finance")).cookie;
  // Money moved today (so this month has a report) and on a day long past (17 Aug 2026).
  await insertOrder(t.db, { amount: rupiah(123_456), createdAt: new Date(Date.now() - 60_000), paidAt: new Date(Date.now() - 30_000) });
  await insertOrder(t.db, {
    amount: rupiah(75_000),
    createdAt: new Date("2026-08-17T09:00:00+07:00"),
    paidAt: new Date("2026-08-17T09:01:00+07:00"),
  });
});
afterAll(async () => {
  await app?.close();
});

const ID_BROWSER = "id-ID,id;q=0.9";
/** A WIB day and a month as the app's date helper writes them (`2 Dec 2026`, `Des 2026`). */
const dayLabel = (day: string, lng: string) => formatWibDate(wibStartOfDay(day)!, lng);
const monthLabel = (month: string, lng: string) => dayLabel(`${month}-01`, lng).replace(/^1 /, "");
const get = (path: string, language = BROWSER_LANGUAGE) =>
  fetch(`${app.url}${path}`, { headers: { Cookie: cookie, "Accept-Language": language }, redirect: "manual" });

/** The page's HTML with entities decoded and tags kept (enough to read texts and attributes). */
async function page(path: string, language?: string): Promise<string> {
  const res = await get(path, language);
  expect(res.status, path).toBe(200);
  return (await res.text()).replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");
}
const section = (html: string, testId: string) => {
  const start = html.indexOf(`data-testid="${testId}"`);
  return start < 0 ? "" : html.slice(start, html.indexOf("</table>", start));
};
const textOf = (html: string) => html.replace(/<[^>]+>/g, "").replace(/<!-- -->/g, "");
const inputTag = (html: string, name: string) =>
  [...html.matchAll(/<(?:input|select)[^>]*>/g)].map((m) => m[0]).find((tag) => tag.includes(`name="${name}"`)) ?? "";

describe("days that have not happened", () => {
  it("this month lists the days up to today (today marked so far), then one line for the days to come, not rows of Rp 0", async () => {
    const html = await page(`/finance/reports?period=month&month=${thisMonth}`);
    const table = section(html, "report-days");
    expect(table).not.toBe("");
    const listed = [...table.matchAll(/period=day&day=(\d{4}-\d{2}-\d{2})/g)].map((m) => m[1]);
    const month = periodRange({ kind: "month", month: thisMonth });
    expect(listed).toEqual(daysOf({ from: month.from, to: today }));
    expect(textOf(table)).toContain(`${dayLabel(today, "en")} (today, so far)`);
    if (today < month.to) {
      expect(textOf(section(html, "report-days-not-yet"))).toContain(
        `${dayLabel(shiftDay(today, 1), "en")}${shiftDay(today, 1) === month.to ? "" : ` – ${dayLabel(month.to, "en")}`}Not happened yet`,
      );
    }
    // The totals are the month's: today's payment is in them.
    expect(textOf(html)).toMatch(/Rp 123\.456/);
    expect(html).toContain('data-testid="report-running"');
    // Nothing to step to after a month still running.
    expect(html).not.toContain('rel="next"');
  });

  it("a month or a day not begun says so, in the page's language, with no zero report and no export", async () => {
    const nextMonth = shiftMonth(thisMonth, 1);
    for (const [path, label] of [
      [`/finance/reports?period=month&month=${nextMonth}`, monthLabel(nextMonth, "en")],
      [`/finance/reports?period=day&day=${shiftDay(today, 1)}`, dayLabel(shiftDay(today, 1), "en")],
    ] as const) {
      const html = await page(path);
      const text = textOf(html);
      expect(text, path).toContain(`${label} has not happened yet`);
      expect(text).toContain(`Today is ${dayLabel(today, "en")} (WIB)`);
      expect(text).not.toContain("No money moved");
      expect(html).not.toContain('data-testid="report-summary"');
      expect(html).not.toContain("/finance/reports/export.csv");
    }
    const id = textOf(await page(`/finance/reports?period=month&month=${nextMonth}`, ID_BROWSER));
    expect(id).toContain(`${monthLabel(nextMonth, "id")} belum terjadi`);
  });
});

describe("a wrong month or day", () => {
  const cases = [
    { q: "period=month&month=2026-13", field: "month", en: "“2026-13” is not a date: there is no month 13", id: "tidak ada bulan 13" },
    { q: "month=abc", field: "month", en: "“abc” is not a month. Use year-month", id: "“abc” bukan bulan" },
    { q: "period=day&day=2026-02-30", field: "day", en: "“2026-02-30” is not a calendar day: Feb 2026 has 28 days.", id: "Feb 2026 hanya punya 28 hari" },
    { q: "day=30-02-2026", field: "day", en: "“30-02-2026” is not a calendar day", id: "“30-02-2026” bukan tanggal kalender" },
    { q: "period=week", field: "period", en: "“week” is not a period: choose Day or Month.", id: "pilih Hari atau Bulan" },
  ];

  it("is a message at the period field naming what is wrong, and no report of another period", async () => {
    for (const c of cases) {
      const html = await page(`/finance/reports?${c.q}`);
      const tag = inputTag(html, c.field);
      expect(tag, c.q).toContain('aria-invalid="true"');
      const describedBy = /aria-describedby="([^"]+)"/.exec(tag)?.[1];
      expect(describedBy, c.q).toBeTruthy();
      const message = new RegExp(`<p id="${describedBy}"[^>]*>([^<]*)</p>`).exec(html)?.[1];
      expect(message, c.q).toContain(c.en);
      expect(html).not.toContain('data-testid="report-summary"');
      expect(html).not.toContain('data-testid="report-period"');
      expect(html).not.toContain("/finance/reports/export.csv");
      expect(textOf(html)).toContain("No report is shown until the period is corrected.");
      const id = await page(`/finance/reports?${c.q}`, ID_BROWSER);
      expect(textOf(id), c.q).toContain(c.id);
    }
  });

  it("makes the exports answer 400 with the reason (in the staff member's language), never a 500 or another period", async () => {
    for (const c of cases) {
      const res = await get(`/finance/reports/export.csv?${c.q}`);
      expect(res.status, c.q).toBe(400);
      const text = await res.text();
      expect(text).toContain(`Nothing exported (parameter ${c.field}): `);
      expect(text).toContain(c.en);
      const id = await get(`/finance/reports/export.csv?${c.q}`, ID_BROWSER);
      expect(id.status).toBe(400);
      expect(await id.text()).toContain(`Tidak ada yang diekspor (parameter ${c.field}): `);
    }
    const future = await get(`/finance/reports/export.csv?period=month&month=${shiftMonth(thisMonth, 1)}`);
    expect(future.status).toBe(400);
    expect(await future.text()).toContain("has not happened yet");
    const rows = await get(`/finance/reports/rows.csv?source=payments&from=2026-02-30&to=2026-03-31`);
    expect(rows.status).toBe(400);
    expect(await rows.text()).toBe("Nothing exported (parameter from): “2026-02-30” is not a calendar day: Feb 2026 has 28 days.");
    const channel = await get(`/finance/reports/rows.csv?source=payments&from=2026-08-01&to=2026-08-31&channel=fax`);
    expect(channel.status).toBe(400);
    expect(await channel.text()).toContain("“fax” is not a channel");
    // The rows page says the same at the list it cannot show, and that days to come have no rows.
    const rowsPage = textOf(await page(`/finance/reports/rows?source=payments&from=2026-02-30&to=2026-03-31`));
    expect(rowsPage).toContain("from: “2026-02-30” is not a calendar day: Feb 2026 has 28 days.");
    const tomorrow = shiftDay(today, 1);
    const futureRows = textOf(await page(`/finance/reports/rows?source=payments&from=${tomorrow}&to=${tomorrow}`));
    expect(futureRows).toContain(`These days have not happened yet (today is ${dayLabel(today, "en")}, WIB)`);
    expect(futureRows).not.toContain("0 rows, total");
    expect((await get(`/finance/reports/rows.csv?source=payments&from=${tomorrow}&to=${tomorrow}`)).status).toBe(400);
    // A period that is one still exports.
    const ok = await get(`/finance/reports/export.csv?period=month&month=2026-08`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("2026-08-17,payments,deeplink,GOPAY_WALLET,1,75000,75000");
  });
});

describe("dates as the rest of the app writes them", () => {
  it("the period and the day rows read '17 Aug 2026' / 'Aug 2026', with Indonesian month names in Bahasa Indonesia", async () => {
    const en = await page(`/finance/reports?period=month&month=2026-08`);
    expect(textOf(section(en, "report-period").split("</span>")[0]!)).toContain("Aug 2026");
    const days = textOf(section(en, "report-days"));
    expect(days).toContain("17 Aug 2026");
    expect(days).toContain("31 Aug 2026");
    expect(days).not.toMatch(/\d{2}-08-2026|2026-08-\d{2}/);
    const id = await page(`/finance/reports?period=month&month=2026-08`, ID_BROWSER);
    expect(textOf(section(id, "report-period").split("</span>")[0]!)).toContain("Agu 2026");
    expect(textOf(section(id, "report-days"))).toContain("17 Agu 2026");
    const day = await page(`/finance/reports?period=day&day=2026-08-17`, ID_BROWSER);
    expect(textOf(section(day, "report-period").split("</span>")[0]!)).toContain("17 Agu 2026");
    const rows = textOf(await page(`/finance/reports/rows?source=payments&from=2026-08-01&to=2026-08-31`));
    expect(rows).toContain("1 Aug 2026 to 31 Aug 2026 (WIB days)");
  });
});

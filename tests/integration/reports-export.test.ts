import { parse } from "csv-parse/sync";
import { describe, expect, it, beforeAll } from "vitest";
import { rupiah } from "~/lib/money";
import { loadOverview } from "~/services/overview/overview.server";
import { reportCsvStream } from "~/services/reports/export.server";
import { dayFigures, loadReport } from "~/services/reports/report.server";
import { iterateReportRows, listReportRows, reportRowsCsvStream } from "~/services/reports/rows.server";
import { insertHold, insertOrder, insertOrders, insertRefund } from "../support/factories";
import { useTestDb } from "../support/db";

/*
 * The report's CSVs (streamed through csv-stringify: WIB times, whole rupiah), the rows list's keyset
 * pages, and the overview's today / 7 days / 30 days figures read from report_days.
 */
const t = useTestDb();
const wib = (s: string) => new Date(`${s}+07:00`);
const NOW = wib("2026-11-21T10:00:00");

/** The body's text; throws unless it starts with the UTF-8 BOM (spreadsheets need it), which it drops. */
async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes);
}

beforeAll(async () => {
  const db = t.db;
  // 2,500 payments on 2026-11-20 (more than one batch of the stream), one sen-exact order on 21 Nov.
  await insertOrders(
    db,
    Array.from({ length: 2_500 }, (_, i) => ({
      channel: (["deeplink", "tokenized", "preauth"] as const)[i % 3],
      paymentOption: (["GOPAY_WALLET", "PAY_LATER", "GOPAY_SAVINGS"] as const)[i % 3],
      amount: rupiah(10_000 + i),
      createdAt: wib("2026-11-20T08:00:00"),
      paidAt: new Date(wib("2026-11-20T09:00:00").getTime() + i * 1000),
    })),
  );
  const o = await insertOrder(db, {
    amount: rupiah(250_000),
    createdAt: wib("2026-11-21T00:05:00"),
    paidAt: wib("2026-11-21T00:06:00"),
    customerName: "=HYPERLINK()",
  });
  await insertRefund(db, {
    orderId: o.id,
    amount: rupiah(50_000),
    status: "succeeded",
    createdAt: wib("2026-11-21T01:00:00"),
    settledAt: wib("2026-11-21T01:00:10"),
  });
  // Created on 21 Nov and not paid: the success rate's denominator.
  await insertOrder(db, { status: "expired", createdAt: wib("2026-11-21T02:00:00") });
  await insertOrder(db, {
    status: "cancelled",
    channel: "tokenized",
    createdAt: wib("2026-11-21T03:00:00"),
    closedAt: wib("2026-11-21T03:10:00"),
  });
  const p = await insertOrder(db, {
    status: "paid",
    channel: "preauth",
    paymentOption: "PAY_LATER",
    amount: rupiah(80_000),
    createdAt: wib("2026-11-21T04:00:00"),
    paidAt: wib("2026-11-21T04:30:00"),
  });
  await insertHold(db, {
    orderId: p.id,
    amount: rupiah(80_000),
    status: "captured",
    capturedAt: wib("2026-11-21T04:30:00"),
  });
});

describe("report rows: pages and CSV", () => {
  it("pages the rows behind a total by (time, id) without gaps or repeats", async () => {
    const scope = { source: "payments" as const, from: "2026-11-20", to: "2026-11-20" };
    const seen = new Set<string>();
    let after: { at: string; id: string } | undefined;
    let pages = 0;
    for (;;) {
      const page = await listReportRows(t.db, scope, { limit: 700, after });
      page.rows.forEach((r) => seen.add(r.id));
      pages++;
      if (!page.next) break;
      after = JSON.parse(Buffer.from(page.next, "base64url").toString()) as never;
      after = { at: (after as unknown as string[])[0]!, id: (after as unknown as string[])[1]! };
    }
    expect(pages).toBe(4);
    expect(seen.size).toBe(2_500);
  });

  it("streams every row as CSV in batches: WIB times, whole rupiah, one header", async () => {
    const scope = { source: "payments" as const, from: "2026-11-20", to: "2026-11-21" };
    let batches = 0;
    for await (const b of iterateReportRows(t.db, scope, 1_000)) {
      expect(b.length).toBeLessThanOrEqual(1_000);
      batches++;
    }
    expect(batches).toBe(3);
    const csv = await text(reportRowsCsvStream(t.db, scope, { batch: 1_000 }));
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(2_502);
    expect(records[0]).toMatchObject({
      at_wib: "2026-11-20 09:00:00",
      source: "payments",
      amount_rp: "10000",
      status: "paid",
    });
    const last = records.at(-1)!;
    expect(last).toMatchObject({
      at_wib: "2026-11-21 04:30:00",
      channel: "preauth",
      payment_option: "PAY_LATER",
      amount_rp: "80000",
    });
    // The CSV's sum is the report's total.
    const report = await loadReport(t.db, scope);
    const sum = records.reduce((a, r) => a + BigInt(r.amount_rp!) * 100n, 0n);
    expect(sum).toBe(report.sources.payments.total.amount);
    expect(records.length).toBe(report.sources.payments.total.count);
  });

  it("exports the report itself one line per day × movement × channel × option, net effect signed", async () => {
    const csv = await text(reportCsvStream(await dayFigures(t.db, { from: "2026-11-21", to: "2026-11-21" })));
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records.find((r) => r.source === "refunds")).toMatchObject({
      day_wib: "2026-11-21",
      count: "1",
      amount_rp: "50000",
      net_effect_rp: "-50000",
    });
    expect(records.find((r) => r.source === "captures")).toMatchObject({
      channel: "preauth",
      payment_option: "PAY_LATER",
      amount_rp: "80000",
      net_effect_rp: "0",
    });
    expect(records.find((r) => r.source === "cancels")).toMatchObject({ channel: "tokenized", count: "1" });
    expect(records.some((r) => r.source === "created")).toBe(false);
  });
});

describe("overview: today, 7 days, 30 days", () => {
  it("sums payments, refunds and net from report_days, with success rate and splits", async () => {
    const today = await loadOverview(t.db, { role: "finance", now: NOW, period: "today" });
    expect(today.period).toMatchObject({
      range: { from: "2026-11-21", to: "2026-11-21" },
      payments: { count: 2, amount: rupiah(330_000) },
      refunds: { count: 1, amount: rupiah(50_000) },
      net: rupiah(280_000),
      created: 4,
      paidOfCreated: 2,
    });
    expect(today.period!.successRate).toBeCloseTo(2 / 4);
    const week = await loadOverview(t.db, { role: "finance", now: NOW, period: "7d" });
    expect(week.period!.payments.count).toBe(2_502);
    expect(week.period!.daily).toHaveLength(7);
    expect(week.period!.daily.at(-2)!.count).toBe(2_500);
    const preauth = week.period!.byChannel.find((c) => c.key === "preauth")!;
    expect(preauth.payments.count).toBe(833 + 1); // i % 3 = 2 below 2,500, and the captured hold's order
    const month = await loadOverview(t.db, { role: "viewer", now: NOW, period: "30d" });
    expect(month.period!.daily).toHaveLength(30);
    expect(month.period!.range).toEqual({ from: "2026-10-23", to: "2026-11-21" });
    // Campaigns staff read no orders: no money panel at all.
    expect((await loadOverview(t.db, { role: "campaigns", now: NOW, period: "30d" })).period).toBeUndefined();
  });
});

/**
 * /finance/reports and the overview at 1,000,000 orders (loket_bench, seeded like the orders bench,
 * or reused): the overview loader for today / 7 days / 30 days, the monthly report loader, the rows
 * page behind a total, the same 30-day sum read from the raw rows (what report_days replaces), and
 * the streamed rows CSV of a month and of the whole 90 days (rows/s, peak RSS).
 * Flags: --iterations=N (default 200)  --reuse (keep an already seeded loket_bench)  --no-export
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { migrateDb, openDb, setDbHandle } from "../../app/db/client.server";
import { wibDateString } from "../../app/lib/time";
import { loadOverview } from "../../app/services/overview/overview.server";
import { loadPeriodFigures } from "../../app/services/overview/periods.server";
import { periodRange, shiftDay } from "../../app/services/reports/period";
import { loadReport } from "../../app/services/reports/report.server";
import { listReportRows, reportRowsCsvStream, sumReportRows } from "../../app/services/reports/rows.server";
import { withDatabase } from "../support/pg-url";
import type { BenchFlags } from "./index";
import { seedOrders } from "./seed-orders";

const DB_NAME = "loket_bench";
const TARGET_P95_MS = 100;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(name: string, iterations: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn(i);
  const ms: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const r = {
    name,
    p50: pct(ms, 50),
    p95: pct(ms, 95),
    p99: pct(ms, 99),
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
  };
  console.log(
    `  ${name.padEnd(34)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms`,
  );
  return r;
}

export default async function run(flags: BenchFlags): Promise<void> {
  const iterations = Number(flags.iterations ?? 200);
  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const log = (s: string) => console.log(`  ${s}`);
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${DB_NAME}`).length > 0;
  if (!(flags.reuse && exists)) {
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
  } else log(`reusing ${DB_NAME}`);
  await admin.end();

  const handle = await openDb({ url: withDatabase(baseUrl, DB_NAME), max: 4 });
  setDbHandle(handle);
  const raw = handle.sql!;
  const db = handle.db;
  try {
    const t0 = Date.now();
    await migrateDb(handle); // on a reused database this is where report_days is backfilled (migration 0017)
    log(`migrations ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (!(flags.reuse && exists)) {
      log("seeding 1m: 1,000,000 orders");
      await seedOrders(raw, "1m", new Date(), log);
    }
    const [{ n, newest, days }] = await raw<{ n: string; newest: string; days: string }[]>`
      select (select count(*) from orders)::text n,
             (select to_char(max(created_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') from orders) newest,
             (select count(*) from report_days)::text days`;
    const now = new Date(Date.parse(newest) + 60_000);
    const today = wibDateString(now);
    log(
      `${Number(n).toLocaleString("en")} orders, ${Number(days).toLocaleString("en")} report_days rows; today = ${today} WIB`,
    );
    // A full month inside the 90 days of data: the previous WIB month.
    const month = shiftDay(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
    const monthRange = periodRange({ kind: "month", month });

    const results = [
      await time("overview loader, today", iterations, () =>
        loadOverview(db, { role: "finance", now, period: "today" }),
      ),
      await time("overview loader, 7 days", iterations, () =>
        loadOverview(db, { role: "finance", now, period: "7d" }),
      ),
      await time("overview loader, 30 days", iterations, () =>
        loadOverview(db, { role: "finance", now, period: "30d" }),
      ),
      await time("  of which the 30-day panel", iterations, () => loadPeriodFigures(db, "30d", today)),
      await time(`monthly report ${month}`, iterations, () => loadReport(db, monthRange)),
      await time("rows page (payments, month)", iterations, () =>
        listReportRows(db, { source: "payments", ...monthRange }),
      ),
      await time("30-day sum from raw rows", Math.min(iterations, 20), () =>
        sumReportRows(db, { source: "payments", from: shiftDay(today, -29), to: today }),
      ),
    ];

    const exports: {
      name: string;
      rows: number;
      mb: number;
      seconds: number;
      rowsPerSecond: number;
      peakRssMb: number;
      rssBeforeMb: number;
    }[] = [];
    if (!flags["no-export"]) {
      for (const [name, scope] of [
        [`rows CSV, payments ${month}`, { source: "payments" as const, ...monthRange }],
        [
          "rows CSV, payments 90 days",
          { source: "payments" as const, from: shiftDay(today, -92), to: today },
        ],
      ] as const) {
        global.gc?.();
        const before = process.memoryUsage().rss;
        let peak = before;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
        const t1 = performance.now();
        let bytes = 0;
        let lines = 0;
        const reader = reportRowsCsvStream(db, scope).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
          for (const b of value) if (b === 10) lines++;
        }
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage().rss);
        const seconds = (performance.now() - t1) / 1000;
        const rows = lines - 1;
        const r = {
          name,
          rows,
          mb: bytes / 1024 / 1024,
          seconds,
          rowsPerSecond: rows / seconds,
          peakRssMb: peak / 1024 / 1024,
          rssBeforeMb: before / 1024 / 1024,
        };
        exports.push(r);
        log(
          `${name}: ${rows.toLocaleString("en")} rows, ${r.mb.toFixed(0)} MB in ${seconds.toFixed(1)} s = ${Math.round(r.rowsPerSecond).toLocaleString("en")} rows/s, RSS ${r.rssBeforeMb.toFixed(0)} → peak ${r.peakRssMb.toFixed(0)} MB`,
        );
      }
    }
    const out = path.resolve("tests/bench/results");
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, "reports-1m.json"),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          orders: Number(n),
          iterations,
          targetP95Ms: TARGET_P95_MS,
          loaders: results,
          exports,
        },
        null,
        2,
      ),
    );
    const over = results.filter((r) => !r.name.includes("raw rows") && r.p95 > TARGET_P95_MS);
    log(
      over.length
        ? `over the ${TARGET_P95_MS} ms p95 goal: ${over.map((r) => r.name).join(", ")}`
        : `every loader within the ${TARGET_P95_MS} ms p95 goal`,
    );
  } finally {
    setDbHandle(undefined);
    await handle.close();
  }
}

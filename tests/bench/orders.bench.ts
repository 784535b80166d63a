/**
 * /orders at scale: seeds loket_bench (1M orders / 3M notifications, or --scale=10m for 10M / 50M),
 * then times the loader (page + totals, called directly) for the common views, captures
 * EXPLAIN (ANALYZE, BUFFERS) of every query, and measures the full CSV export (rows/s, peak RSS).
 * Database: loket_bench (1m) or loket_bench_<scale>.
 * Flags: --scale=1m|10m  --iterations=N (default 200)  --reuse (keep an already seeded loket_bench)
 *        --no-export
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { SQL } from "drizzle-orm";
import postgres from "postgres";
import { migrateDb, openDb } from "../../app/db/client.server";
import { exportOrdersCsv } from "../../app/services/orders/export.server";
import {
  listOrders,
  listQuery,
  loadOrdersView,
  SearchTooBroadError,
  totalsQuery,
  withSearchMode,
} from "../../app/services/orders/list.server";
import { parseOrderSearch } from "../../app/services/orders/search-params";
import { withDatabase } from "../support/pg-url";
import type { BenchFlags } from "./index";
import { SCALES, seedOrders, type Scale } from "./seed-orders";

/** One database per scale, so the 1M and the 10M data sets can sit side by side (--reuse). */
const dbName = (scale: Scale) => (scale === "1m" ? "loket_bench" : `loket_bench_${scale}`);
const TARGET_P95_MS = 50;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export default async function run(flags: BenchFlags): Promise<void> {
  const scale = (typeof flags.scale === "string" ? flags.scale : "1m") as Scale;
  if (!(scale in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(", ")}`);
  const iterations = Number(flags.iterations ?? 200);
  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const DB_NAME = dbName(scale);
  const url = withDatabase(baseUrl, DB_NAME);
  const log = (s: string) => console.log(`  ${s}`);
  const outDir = path.resolve("tests/bench/results");
  mkdirSync(outDir, { recursive: true });

  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${DB_NAME}`).length > 0;
  const seedNow = new Date();
  let now = seedNow;
  if (flags.reuse && exists) {
    log(`reusing ${DB_NAME}`);
  } else {
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
  }
  await admin.end();

  const handle = await openDb({ url, max: 4 });
  const raw = handle.sql!;
  const db = handle.db;
  try {
    await migrateDb(handle);
    if (!(flags.reuse && exists)) {
      log(`seeding ${scale}: ${SCALES[scale].orders.toLocaleString("en")} orders`);
      await seedOrders(raw, scale, seedNow, log);
    }
    const [{ n, newest }] = await raw<{ n: string; newest: string }[]>`
      select count(*)::text n, to_char(max(created_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') newest from orders`;
    now = new Date(Date.parse(newest) + 60_000); // "today" = the seed's day, even with --reuse days later
    log(`${Number(n).toLocaleString("en")} orders present`);

    // Samples for the lookups, taken from the data so each iteration finds a real row.
    const sample = await raw<{ order_id: string; gopay_reference: string; customer_phone: string; customer_email: string }[]>`
      select order_id, gopay_reference, customer_phone, customer_email from orders tablesample system (0.1)
      where gopay_reference is not null limit 500`;
    const pick = (i: number) => sample[i % sample.length]!;
    // The worst customer: the one with the most orders (thousands at 10M), by phone and by email.
    const [heaviest] = await raw<{ customer_phone: string; customer_email: string; n: string }[]>`
      select customer_phone, min(customer_email) customer_email, count(*)::text n from orders
      group by customer_phone order by count(*) desc limit 1`;
    log(`heaviest customer: ${Number(heaviest!.n).toLocaleString("en")} orders`);
    const localPhone = (p: string) => `0${p.slice(2)}`;

    // The cursor 50 pages into the default view, reached the way a person would (page by page).
    const defaultFilters = parseOrderSearch(new URLSearchParams(""), now).filters;
    let deepCursor: string | undefined;
    for (let i = 0; i < 50; i++) deepCursor = (await listOrders(db, defaultFilters, { after: deepCursor })).next;
    const amountFilters = parseOrderSearch(new URLSearchParams("sort=amount_desc"), now).filters;
    let deepAmountCursor: string | undefined;
    for (let i = 0; i < 50; i++) deepAmountCursor = (await listOrders(db, amountFilters, { after: deepAmountCursor })).next;

    const views: { name: string; qs: (i: number) => string; after?: string }[] = [
      { name: "default list", qs: () => "" },
      { name: "exact order id", qs: (i) => `q=${pick(i).order_id}` },
      { name: "gopay reference", qs: (i) => `q=${pick(i).gopay_reference}` },
      { name: "phone 0812…", qs: (i) => `q=${localPhone(pick(i).customer_phone)}` },
      { name: "phone +62812…", qs: (i) => `q=${encodeURIComponent(`+${pick(i).customer_phone}`)}` },
      { name: "email (case-insens.)", qs: (i) => `q=${encodeURIComponent(pick(i).customer_email.toUpperCase())}` },
      { name: "partial order id", qs: (i) => `q=${pick(i).order_id.slice(-7)}` },
      { name: "phone, heaviest cust.", qs: () => `q=${localPhone(heaviest!.customer_phone)}` },
      { name: "email, heaviest cust.", qs: () => `q=${encodeURIComponent(heaviest!.customer_email)}` },
      // A fragment every id contains: the planner sees it and walks the date index (fast).
      { name: "partial, every id", qs: () => `q=${pick(0).order_id.slice(0, 6)}` },
      // ORD-00000: 100,000 ids, but estimated at 0.01%, so a trigram bitmap over posting lists of
      // common trigrams; answered "too broad" once it passes PARTIAL_SEARCH_BUDGET_MS.
      { name: "partial, 100k ids", qs: () => `q=${pick(0).order_id.slice(0, 4)}00000` },
      { name: "status + 7 days", qs: () => "status=refunded&range=7d" },
      { name: "status + 30 days", qs: () => "status=paid&status=partially_refunded&range=30d" },
      { name: "channel+option+today", qs: () => "channel=preauth&option=PAY_LATER&range=today" },
      { name: "amount range", qs: () => "min=1.000.000&max=1.200.000" },
      { name: "amount range by amt", qs: () => "min=1.000.000&max=1.200.000&sort=amount_desc" },
      { name: "sort amount desc", qs: () => "sort=amount_desc" },
      { name: "status, by amount", qs: () => "status=failed&sort=amount_asc" },
      { name: "deep page 51 (date)", qs: () => "", after: deepCursor },
      { name: "deep page 51 (amount)", qs: () => "sort=amount_desc", after: deepAmountCursor },
    ];

    const results: { view: string; p50: number; p95: number; p99: number; mean: number; rows: number; totals: string }[] = [];
    let plans = `# EXPLAIN (ANALYZE, BUFFERS) — scale ${scale}, ${new Date().toISOString()}\n`;
    for (const v of views) {
      const timings: number[] = [];
      let lastRows = 0;
      let lastTotals = "";
      for (let i = -10; i < iterations; i++) {
        const parsed = parseOrderSearch(new URLSearchParams(v.qs(Math.abs(i))), now);
        const t0 = performance.now();
        const view = await loadOrdersView(db, parsed.filters, { after: v.after }).catch((e: unknown) => {
          if (e instanceof SearchTooBroadError) return null;
          throw e;
        });
        const ms = performance.now() - t0;
        if (i >= 0) timings.push(ms);
        lastRows = view?.page.rows.length ?? 0;
        lastTotals = !view ? "too broad" : view.totals.uncounted ? "uncounted" : view.totals.capped ? `${view.totals.count.toLocaleString("en")}+` : view.totals.count.toLocaleString("en");
      }
      timings.sort((a, b) => a - b);
      const r = {
        view: v.name,
        p50: pct(timings, 50),
        p95: pct(timings, 95),
        p99: pct(timings, 99),
        mean: timings.reduce((a, b) => a + b, 0) / timings.length,
        rows: lastRows,
        totals: lastTotals,
      };
      results.push(r);
      console.log(`  ${v.name.padEnd(22)} p50 ${r.p50.toFixed(1).padStart(7)}  p95 ${r.p95.toFixed(1).padStart(7)}  p99 ${r.p99.toFixed(1).padStart(7)} ms`);

      const filters = await withSearchMode(db, parseOrderSearch(new URLSearchParams(v.qs(0)), now).filters);
      for (const [label, q] of [
        ["page", listQuery(db, filters, { after: v.after }).query.toSQL()],
        ["totals", handleSql(db, totalsQuery(db, filters))],
      ] as const) {
        const explained = await raw.unsafe(`explain (analyze, buffers) ${q.sql}`, q.params as never[]);
        plans += `\n## ${v.name} — ${label}\n-- params: ${JSON.stringify(q.params, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x))}\n${explained.map((x) => x["QUERY PLAN"]).join("\n")}\n`;
      }
    }

    let exportResult: { rows: number; bytes: number; seconds: number; rowsPerSecond: number; peakRssMb: number } | undefined;
    if (!flags["no-export"]) {
      log("exporting every order as CSV…");
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const t0 = performance.now();
      let bytes = 0;
      let rowsOut = 0;
      for await (const chunk of exportOrdersCsv(db, defaultFilters, { onBatch: (k) => (rowsOut += k) })) {
        bytes += Buffer.byteLength(chunk);
      }
      const seconds = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      exportResult = { rows: rowsOut, bytes, seconds, rowsPerSecond: rowsOut / seconds, peakRssMb: peak / 1024 / 1024 };
    }

    printTable(scale, results, exportResult);
    const stamp = `orders-${scale}`;
    writeFileSync(
      path.join(outDir, `${stamp}.json`),
      JSON.stringify({ scale, iterations, at: new Date().toISOString(), targetP95Ms: TARGET_P95_MS, views: results, export: exportResult }, null, 2),
    );
    writeFileSync(path.join(outDir, `${stamp}-plans.md`), plans);
    log(`results: tests/bench/results/${stamp}.json, plans: tests/bench/results/${stamp}-plans.md`);
  } finally {
    await handle.close();
  }
}

/** Compiles a raw drizzle SQL object with the postgres-js dialect into text + params for EXPLAIN. */
function handleSql(db: unknown, q: SQL): { sql: string; params: unknown[] } {
  const dialect = (db as { dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } } }).dialect;
  return dialect.sqlToQuery(q);
}

function printTable(
  scale: string,
  results: { view: string; p50: number; p95: number; p99: number; rows: number; totals: string }[],
  exp?: { rows: number; bytes: number; seconds: number; rowsPerSecond: number; peakRssMb: number },
) {
  console.log(`\n  /orders loader (page + totals), scale ${scale}, ms`);
  console.log(`  ${"view".padEnd(22)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"p99".padStart(7)}  rows  totals     p95<${TARGET_P95_MS}`);
  for (const r of results) {
    console.log(
      `  ${r.view.padEnd(22)} ${r.p50.toFixed(1).padStart(7)} ${r.p95.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)}  ${String(r.rows).padStart(4)}  ${r.totals.padEnd(9)}  ${r.totals === "too broad" ? "answered 'too broad'" : r.totals === "uncounted" ? "page, not counted" : r.p95 < TARGET_P95_MS ? "ok" : "SLOW"}`,
    );
  }
  if (exp) {
    console.log(
      `\n  CSV export: ${exp.rows.toLocaleString("en")} rows, ${(exp.bytes / 1024 / 1024).toFixed(0)} MB in ${exp.seconds.toFixed(1)} s = ${Math.round(exp.rowsPerSecond).toLocaleString("en")} rows/s, peak RSS ${exp.peakRssMb.toFixed(0)} MB`,
    );
  }
}

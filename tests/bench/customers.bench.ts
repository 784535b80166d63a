/**
 * /customers at 1,000,000 customers: seeds loket_bench_customers (200k linked accounts, 300k
 * orders), then times the loader's service (searchCustomers: page + capped totals, exactly what
 * /customers runs) per kind of search, and EXPLAIN (ANALYZE) of the name-fragment page.
 * Flags: --customers=N (default 1000000)  --iterations=N (default 200)  --reuse (keep the seeded DB)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { migrateDb, openDb } from "../../app/db/client.server";
import { listCustomers, parseCustomerSearch, searchCustomers } from "../../app/services/customers/list.server";
import { withDatabase } from "../support/pg-url";
import type { BenchFlags } from "./index";
import { seedCustomers } from "./seed-customers";

const DB_NAME = "loket_bench_customers";
const TARGET_P95_MS = 50;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A new, empty bench database — or, with --reuse, the seeded one if it exists (true). */
async function freshDatabase(baseUrl: string, reuse: boolean): Promise<boolean> {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin<{ n: number }[]>`select count(*)::int n from pg_database where datname = ${DB_NAME}`;
    if (reuse && row!.n > 0) return true;
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
    return false;
  } finally {
    await admin.end();
  }
}

export default async function run(flags: BenchFlags): Promise<void> {
  const n = Number(flags.customers ?? 1_000_000);
  const iterations = Number(flags.iterations ?? 200);
  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = withDatabase(baseUrl, DB_NAME);
  const log = (s: string) => console.log(`  ${s}`);

  const reused = await freshDatabase(baseUrl, Boolean(flags.reuse));
  if (reused) log(`reusing ${DB_NAME}`);

  const handle = await openDb({ url, max: 4 });
  const raw = handle.sql!;
  const db = handle.db;
  try {
    await migrateDb(handle);
    if (!reused) await seedCustomers(raw, n, new Date(), log);
    const [{ c }] = await raw<{ c: string }[]>`select count(*)::text c from customers`;
    log(`${Number(c).toLocaleString("en")} customers present`);

    const sample = await raw<{ merchant_user_id: string; phone: string; email: string; gopay_account_id: string | null; account_phone: string | null }[]>`
      select c.merchant_user_id, c.phone, c.email, c.gopay_account_id, a.phone account_phone
      from customers c tablesample system (0.1) left join pay_accounts a on a.customer_id = c.id limit 500`;
    const pick = (i: number) => sample[i % sample.length]!;
    const fragments = ["wija", "nurhal", "kusum", "pangarib", "siti wij", "dewi", "tampub", "lest", "sembir", "purno", "budi sant", "ñasu"];
    // A deep page: the cursor of a row ~900,000 rows down the newest-first list.
    const [deep] = await raw<{ at: string; id: string }[]>`
      select created_at::text at, id from customers order by created_at desc, id desc offset ${Math.floor(Number(c) * 0.9)} limit 1`;
    const deepCursor = Buffer.from(JSON.stringify([deep!.at, deep!.id]), "utf8").toString("base64url");

    const toLocal = (p: string) => `0${p.slice(2, 5)}-${p.slice(5, 9)}-${p.slice(9)}`;
    const cases: { name: string; q: (i: number) => string; after?: string }[] = [
      { name: "name fragment (3–9 letters, ~250–10,000 matches)", q: (i) => fragments[i % fragments.length]! },
      { name: "phone, local spelling (0812-…)", q: (i) => toLocal(pick(i).phone) },
      { name: "phone of a linked account (+62 857…)", q: (i) => `+${pick(i).account_phone ?? pick(i).phone}` },
      { name: "email (other case)", q: (i) => pick(i).email.toUpperCase() },
      { name: "merchant user id", q: (i) => pick(i).merchant_user_id },
      { name: "GoPay account id", q: (i) => pick(i).gopay_account_id ?? pick(i).merchant_user_id },
      { name: "all customers, first page", q: () => "" },
      { name: "all customers, deep keyset page (~900k down)", q: () => "", after: deepCursor },
    ];
    const results: { case: string; p50: number; p95: number; p99: number; max: number; rows: number; total: string }[] = [];
    for (const k of cases) {
      const times: number[] = [];
      let rows = 0;
      let total = "";
      for (let i = 0; i < iterations + 10; i++) {
        const s = parseCustomerSearch(new URLSearchParams(k.q(i) ? { q: k.q(i) } : {}));
        const t0 = performance.now();
        const r = await searchCustomers(db, s, { after: k.after });
        const ms = performance.now() - t0;
        if (i >= 10) times.push(ms);
        rows = r.rows.length;
        total = `${r.totals.count}${r.totals.capped ? "+" : ""}`;
      }
      times.sort((a, b) => a - b);
      results.push({ case: k.name, p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), max: times[times.length - 1]!, rows, total });
    }
    console.log("");
    console.log(`  ${"search".padEnd(48)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"p99".padStart(8)} ${"max".padStart(8)}  rows  total (last)`);
    for (const r of results) {
      const flag = r.p95 <= TARGET_P95_MS ? "ok" : "SLOW";
      console.log(
        `  ${r.case.padEnd(48)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)}  ${String(r.rows).padStart(4)}  ${r.total}  ${flag}`,
      );
    }
    // Plans of the broadest name fragment: page and capped count.
    const plans: string[] = [];
    for (const q of ["wija", "siti wij"]) {
      const s = parseCustomerSearch(new URLSearchParams({ q }));
      const page = await listCustomers(db, s);
      plans.push(`-- ${q}: ${page.rows.length} rows`);
      const folded = q.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
      const plan = await raw.unsafe(
        `explain (analyze, buffers) select id from customers where search_name like $1 order by created_at desc, id desc limit 51`,
        [`%${folded}%`],
      );
      plans.push(...plan.map((p) => String((p as Record<string, unknown>)["QUERY PLAN"])));
      const count = await raw.unsafe(`explain (analyze, buffers) select count(*) from (select 1 from customers where search_name like $1 limit 10001) t`, [`%${folded}%`]);
      plans.push(...count.map((p) => String((p as Record<string, unknown>)["QUERY PLAN"])));
    }
    const outDir = path.resolve("tests/bench/results");
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, "customers-1m.json"), `${JSON.stringify({ customers: Number(c), iterations, results }, null, 2)}\n`);
    writeFileSync(path.join(outDir, "customers-1m-plans.md"), `# /customers name-fragment plans (${Number(c).toLocaleString("en")} customers)\n\n\`\`\`\n${plans.join("\n")}\n\`\`\`\n`);
    log(`results: tests/bench/results/customers-1m.json, customers-1m-plans.md`);
  } finally {
    await handle.close();
  }
}

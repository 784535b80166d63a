/**
 * Prepared vs unnamed statements (app/db/prepared.server.ts), the list pages' queries only: the
 * same services the /orders and /customers loaders call, in this process, on loket_bench (seeded by
 * the lists / orders benches), at concurrency 8. Rounds alternate openDb({ prepare: false }) and
 * the default (prepared within the budget); "CPU" is this process's user + system time per call —
 * the database client's share of a page's server CPU.
 *
 * Flags: --calls=N per query and mode (default 300)  --rounds=N (default 3)
 */
import { openDb, type Db } from "../../app/db/client.server";
import { preparedStats } from "../../app/db/prepared.server";
import { countCustomers, listCustomers, parseCustomerSearch } from "../../app/services/customers/list.server";
import { loadOrdersPage } from "../../app/services/orders/list.server";
import { parseOrderSearch } from "../../app/services/orders/search-params";
import { withDatabase } from "../support/pg-url";
import type { BenchFlags } from "./index";

const NO_SEARCH = parseCustomerSearch(new URLSearchParams(""));
const QUERIES: [string, (db: Db) => Promise<unknown>][] = [
  ["/orders", (db) => loadOrdersPage(db, parseOrderSearch(new URLSearchParams("")))],
  ["/orders?status=paid&range=30d", (db) => loadOrdersPage(db, parseOrderSearch(new URLSearchParams("status=paid&range=30d")))],
  ["/customers", (db) => Promise.all([listCustomers(db, NO_SEARCH), countCustomers(db, NO_SEARCH)])],
];
const CONCURRENCY = 8;

export default async function run(flags: BenchFlags): Promise<void> {
  const calls = Number(flags.calls ?? 300);
  const rounds = Number(flags.rounds ?? 3);
  const url = withDatabase(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", "loket_bench");
  const rows: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const prepare of [false, true]) {
      const h = await openDb({ url, max: 10, prepare });
      try {
        const cells: string[] = [];
        for (const [, q] of QUERIES) {
          for (let i = 0; i < 30; i++) await q(h.db); // warm: JIT, caches, statements
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          let next = 0;
          await Promise.all(
            Array.from({ length: CONCURRENCY }, async () => {
              while (next++ < calls) await q(h.db);
            }),
          );
          const cpu = process.cpuUsage(c0);
          cells.push(`${((cpu.user + cpu.system) / 1000 / calls).toFixed(2)} / ${((performance.now() - t0) / calls).toFixed(1)}`);
        }
        const st = preparedStats(h.db);
        rows.push(`| ${round} | ${prepare ? "prepared" : "unnamed"} | ${cells.join(" | ")} | ${st ? st.admitted : "–"} |`);
      } finally {
        await h.close();
      }
    }
  }
  console.log(`  CPU ms / wall ms per call, ${calls} calls per query at concurrency ${CONCURRENCY}`);
  console.log(`| round | statements | ${QUERIES.map(([n]) => n).join(" | ")} | admitted |`);
  console.log(`|---|---|${QUERIES.map(() => "---|").join("")}---|`);
  for (const r of rows) console.log(r);
}

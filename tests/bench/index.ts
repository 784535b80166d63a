/**
 * `npm run bench -- [flags]` — runs every tests/bench/*.bench.ts (each default-exports `run(flags)`),
 * in name order, one after the other. `npm run bench -- --help` lists the flags. A benchmark that
 * throws is reported and the next one still runs; the exit code is 1 if any failed.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export type BenchFlags = Record<string, string | true>;

const HELP = `Usage: npm run bench -- [flags]          (or: npx tsx tests/bench/index.ts [flags])

Runs every benchmark in tests/bench/*.bench.ts in name order (client, customers, ingest, lists, orders, reports), or only some.
Postgres: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); each bench uses its own
database (loket_bench, loket_bench_10m, loket_bench_ingest). Results and EXPLAIN plans go to tests/bench/results/;
numbers and how to read them: docs/benchmarks.md.

  --only=a,b           run only these benchmarks (client, customers, ingest, lists, orders, reports)
  --help               this text

coins-bulk  bulk coin payouts: checking a 100,000-row CSV (wall time, Loket CPU, peak RSS; goal ≤ 10 s, ≤ 300 MB) and
         paying an approved batch against the sandbox (payouts/s, Loket CPU per payout), both in a child process;
         database loket_bench_coins (recreated)
  --rows=N             CSV rows and customers (default 100000)
  --payouts=N          rows of the batch paid (default 2000)
  --concurrency=N      rows paid at once by the worker (default 8)

campaigns-audience  campaign audiences: a 100,000-row CSV streamed, checked, rendered and inserted as a draft's
         recipients (wall time, Loket CPU, peak RSS; goal ≤ 15 s, ≤ 300 MB) and a 1,000,000-customer segment
         enqueued as a draft (goal ≤ 60 s); database loket_bench_campaigns_audience (recreated)
  --rows=N             CSV rows (default 100000)
  --customers=N        customers seeded, the segment's pool (default 1000000)
  --no-fields          skip the segment draft with a per-customer parameter

campaigns-send  campaign send throughput: the delivery engine in 1 and then 2 worker processes on Postgres
         (loket_bench_campaigns, recreated) against the sandbox as a child process, throttle off: sends/s, Loket CPU
         per send, the sandbox's CPU per send shown apart; checks every recipient sent once (sandbox effect counts)
  --recipients=N       recipients per run (default 20000)
  --batch=N            rows claimed per batch (default 500)
  --concurrency=N      GoPay calls in flight per worker (default 64)

client   GoPay client vs the official SDK (midtrans-client SnapBi): SNAP status queries against the sandbox
         (child process); Loket, SDK token per call, SDK with a reused token; interleaved rounds; conc 1 and 32
  --requests=N         calls per mode and concurrency (default 3000)
  --rounds=N           interleaved rounds those calls are split into (default 6; the median of per-round ratios is printed)
  --warmup=N           unmeasured calls per mode first, one by one then 32 at a time (default 400)
  --modes=a,b          only these modes: loket, sdk-default, sdk-token, loket-per-call (e.g. to profile one side)
  --per-call           also Loket with its token cache off

ingest   signed SNAP notifications over HTTP (Express front, load generator in a child process) vs the
         bare-database ceiling (same statements, postgres.js, no HTTP), interleaved rounds, with the ratio
  --count=N            notifications per side (default 3000), each for a distinct pending order
  --rounds=N           interleaved rounds (default 3)
  --concurrency=N      requests / transactions in flight (default 32)
  --pool=N             Postgres connections of each side (default: the app's, DATABASE_POOL_MAX or 10)
  --server=express|remix|action   express (default): server/app.ts as deployed; remix: webhooks through
                       the Remix routes (needs npm run build); action: bare node:http → route action
  --cold-sockets       each batch's load generator starts its timed run cold (no untimed waves first, new sockets)
  --profile            CPU profile of the server during each timed Loket batch (in-process inspector; the
                       file names are printed; the ceiling and the request signing are not in them)
  INGEST_BENCH_PORT    env: port for the bench's HTTP server (default: any free port)

lists    list pages under load: /healthz vs /orders, /customers, /holds, /audit (document and .data), production
         build (npx remix vite:build) served by server/index.ts in a child process on loket_bench (seeds what is missing:
         1M orders, 1M customers, holds, 500k audit entries, and links the orders to customers before the server
         boots), signed in, autocannon (child process), page weight, encoding
  --seconds=N          per target and round (default 8)
  --rounds=N           rounds; each ratio is page ÷ /healthz of the same round (default 2)
  --amount=N           N requests per target instead of --seconds (exact server CPU per request under load)
  --connections=N      default 50
  --pages=a,b          default orders,customers,holds,audit
  --no-data            documents only (skip the .data requests)
  --profile            server under node --cpu-prof (tests/bench/results/lists-prof/)
  --root=DIR           serve another checkout with its own build (A/B against a git worktree)
  --rates=10,20,40     then each document at these offered rates (req/s over the same connections): p50/p95/p99
                       at a team's rate rather than at saturation
  --port=N             default 3190

orders   the /orders loader (page + totals) per view, EXPLAIN ANALYZE of each query, CSV export
  --scale=1m|10m       orders to seed (1m: 1M orders / 3M notifications, ~3 min; 10m: 10M / 50M)
  --reuse              keep an already seeded loket_bench[_10m] (skips the seed)
  --iterations=N       timed loads per view after 10 warm-ups (default 200)
  --no-export          skip the full CSV export measurement

customers  the /customers search (page + capped totals) per kind of query at 1,000,000 customers
  --customers=N        customers to seed (default 1000000; ~2 min), in loket_bench_customers
  --reuse              keep an already seeded loket_bench_customers
  --iterations=N       timed searches per kind after 10 warm-ups (default 200)

reconciliation  a run over N SNAP orders at a sandbox child process (loket_bench_recon): unthrottled orders/s and Loket
         CPU per order (sandbox CPU apart), then a smaller day at the default 20 calls/s
  --orders=N           orders of the unthrottled run (default 5000; the measured figure is 100000)
  --throttled=N        orders of the 20/s run (default 300)
  --create=bulk|api    payments made by the sandbox's bulk control (default) or one API call each
  --create-concurrency=N  API calls in flight with --create=api (default 32)
  --profile-sandbox[=DIR] the sandbox child under node --cpu-prof (default DIR: $TMPDIR/loket-recon-sandbox-prof)

reports  the overview loader (today / 7 days / 30 days) and the monthly report at 1,000,000 orders (loket_bench,
         report_days), the rows page, the same 30-day sum read from the raw rows, and the streamed rows CSV of a
         month and of 90 days (rows/s, peak RSS)
  --reuse              keep an already seeded loket_bench (migrations still run: report_days is backfilled)
  --iterations=N       timed loads per loader after 10 warm-ups (default 200)
  --no-export          skip the CSV exports
`;

function parseFlags(argv: string[]): BenchFlags {
  const flags: BenchFlags = {};
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m) flags[m[1]!] = m[2] ?? true;
  }
  return flags;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const flags = parseFlags(process.argv.slice(2));
if (flags.help || process.argv.includes("-h")) {
  console.log(HELP);
  process.exit(0);
}
const only = typeof flags.only === "string" ? flags.only.split(",") : undefined;
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => !only || only.includes(f.replace(/\.bench\.ts$/, "")))
  .sort();
if (files.length === 0) {
  console.error(`No benchmarks match ${only ? only.join(",") : "tests/bench/*.bench.ts"}. See --help.`);
  process.exit(1);
}
const failed: string[] = [];
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  try {
    const mod = (await import(pathToFileURL(path.join(here, f)).href)) as {
      default: (flags: BenchFlags) => Promise<void>;
    };
    await mod.default(flags);
  } catch (e) {
    // One broken benchmark must not hide the others' numbers.
    failed.push(f);
    console.error(`  ${f} FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}
if (failed.length) {
  console.error(`\n${failed.length} benchmark(s) failed: ${failed.join(", ")}`);
  process.exitCode = 1;
}
// Benchmarks may leave timers (sandbox sweeps, pools closing); the run is over.
process.exit(process.exitCode ?? 0);

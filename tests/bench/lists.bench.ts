/**
 * List pages under a team's load: the production build served by server/index.ts (its own process,
 * on the 1,000,000-order database loket_bench), signed in with a session row made as the sign-in
 * does (sha256 of a random token), loaded by autocannon (child process) at 50 connections.
 * Each round measures /healthz, then every list page's full document and its data request
 * (`.data`, single fetch), so each ratio page ÷ /healthz comes from the same round.
 *
 * Seeds what is missing in loket_bench: 1M orders (+3M notifications, as the orders bench does),
 * 1M customers, holds for every pre-auth order (~130k), 500k audit entries.
 *
 * Flags: --seconds=N per target (default 8)  --rounds=N (default 2)  --connections=N (default 50)
 *        --pages=orders,customers,holds,audit  --profile (server under node --cpu-prof, profiles in
 *        tests/bench/results/lists-prof/)  --no-data (documents only)  --port=N
 *        --amount=N (N requests per target instead of a time; exact server CPU per request)
 *        --root=DIR (serve another checkout with its own build, e.g. a git worktree of the commit before)
 *        --rates=10,20,40 (then each document at these offered rates: Poisson arrivals, requests per
 *        second over at most the same connections, open-loop-worker.mjs; p50/p95/p99 at a team's
 *        rate rather than at saturation)
 * Needs `npm run build` (the production build in build/).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import postgres from "postgres";
import { migrateDb, openDb, type DbHandle } from "../../app/db/client.server";
import { backfillCustomerLinks } from "../../app/services/customers/match.server";
import { withDatabase } from "../support/pg-url";
import type { BenchFlags } from "./index";
import { seedCustomers } from "./seed-customers";
import { seedOrders } from "./seed-orders";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const DB_NAME = "loket_bench";
const GOAL_RATIO = 0.25;
const GOAL_P95_MS = 150;
const GOAL_PAGE_BYTES = 60 * 1024;
/** What a browser sends: the document is compressed as it would be for a real staff member. */
const BROWSER_ENCODING = "gzip, deflate, br, zstd";

interface Load {
  requests: number;
  ok: number;
  seconds: number;
  rps: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytes: number;
  p50: number;
  p95: number;
  p99: number;
  cpuMs: number;
  /** the server process's CPU (user + system) during the run ÷ requests */
  serverCpuPerReq: number;
}

/** A process's CPU time so far (user + system), from /proc. */
function processCpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
}

async function autocannon(job: {
  url: string;
  connections: number;
  seconds: number;
  amount?: number;
  rate?: number;
  headers: Record<string, string>;
}): Promise<Load> {
  const dir = mkdtempSync(path.join(tmpdir(), "loket-ac-"));
  const file = path.join(dir, "job.json");
  writeFileSync(file, JSON.stringify(job));
  try {
    // An offered rate: the open-loop generator (Poisson arrivals); otherwise autocannon's closed loop.
    const worker = job.rate ? "open-loop-worker.mjs" : "autocannon-worker.mjs";
    const child = spawn(process.execPath, [path.join(HERE, worker), file], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    if (code !== 0) throw new Error(`autocannon exited ${code}: ${err}`);
    return JSON.parse(out) as Load;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function seedMissing(raw: postgres.Sql, log: (s: string) => void): Promise<void> {
  const count = async (table: string) =>
    Number(
      (
        await raw.unsafe<{ n: string }[]>(
          `select count(*)::text n from (select 1 from ${table} limit 1000) x`,
        )
      )[0]!.n,
    );
  const now = new Date();
  if ((await count("orders")) < 1000) {
    log("seeding 1,000,000 orders / 3,000,000 notifications");
    await seedOrders(raw, "1m", now, log);
  }
  if ((await count("customers")) < 1000) {
    log("seeding 1,000,000 customers");
    await seedCustomers(raw, 1_000_000, now, log);
  }
  if ((await count("holds")) < 1000) {
    const t = Date.now();
    await raw.unsafe(`
      insert into holds (order_id, amount, status, authorised_at, expires_at, captured_at, released_at, expired_at, release_reason, created_at, updated_at)
      select id, amount,
        case status when 'authorised' then 'authorised' when 'cancelled' then 'released' when 'expired' then 'expired' else 'captured' end,
        coalesce(paid_at, created_at), created_at + interval '7 days',
        case when status in ('paid', 'partially_refunded', 'refunded') then created_at + interval '1 day' end,
        case when status = 'cancelled' then created_at + interval '2 hours' end,
        case when status = 'expired' then created_at + interval '7 days' end,
        case when status = 'cancelled' then 'Customer cancelled the booking' end,
        created_at, created_at
      from orders where channel = 'preauth' and status in ('authorised', 'paid', 'partially_refunded', 'refunded', 'cancelled', 'expired')`);
    await raw.unsafe(`vacuum analyze holds`);
    log(`holds seeded in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  if ((await count("audit_log")) < 1000) {
    const t = Date.now();
    await raw.unsafe(`
      insert into audit_log (at, actor_email, action, target_type, target_id, amount, result, detail, ip)
      select timestamptz '${now.toISOString()}' - (g * interval '15 seconds'),
        'staff' || (g % 20) || '@example.com',
        (array['auth.sign_in', 'refund.request', 'hold.capture', 'payment.create', 'settings.limits', 'auth.sign_out'])[1 + g % 6],
        case when g % 6 in (1, 2, 3) then 'order' end,
        case when g % 6 in (1, 2, 3) then 'ORD-' || lpad((1 + g % 1000000)::text, 10, '0') end,
        case when g % 6 in (1, 2) then ((g % 500) + 10) * 100000 end,
        (array['ok', 'ok', 'ok', 'denied', 'failed'])[1 + g % 5],
        case when g % 6 = 1 then jsonb_build_object('reason', 'Customer asked for a refund', 'gopayStatus', '00') end,
        '10.0.' || (g % 200) || '.' || (g % 250)
      from generate_series(1, 500000) g`);
    await raw.unsafe(`vacuum analyze audit_log`);
    log(`audit entries seeded in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
}

/**
 * Every seeded order linked to its customer before the server starts. The seeds write orders
 * without customer_id, and the server's boot task (backfillCustomerLinks) links such rows one
 * transaction each, in the background: ~200 rows/s, so on a fresh loket_bench it ran for hours,
 * and every earlier measurement of this bench shared the server's CPU with it. Here the same rule
 * in bulk (a phone that belongs to exactly one customer; else one guest customer per unknown phone,
 * from its earliest order), then the real backfill for what is left, so the server boots with
 * nothing to do but the ambiguous rows it re-checks at every boot (counted in the log).
 */
async function linkCustomers(handle: DbHandle, log: (s: string) => void): Promise<void> {
  const raw = handle.sql!;
  const unlinked = async () =>
    Number(
      (
        await raw<{ n: string }[]>`
          select count(*)::text n from orders
          where customer_id is null and (pay_account_id is not null or customer_phone is not null or customer_email is not null)`
      )[0]!.n,
    );
  const before = await unlinked();
  if (before === 0) return;
  const t = Date.now();
  if (before > 10_000) {
    log(`linking ${before.toLocaleString("en")} orders to customers in bulk`);
    await raw.unsafe(`
      update orders o set customer_id = c.id, customer_matched_by = 'phone'
      from (select phone, (array_agg(id))[1] id from customers where phone is not null group by phone having count(*) = 1) c
      where o.customer_id is null and o.pay_account_id is null and o.customer_phone = c.phone`);
    await raw.unsafe(`
      insert into customers (name, search_name, phone, email)
      select distinct on (o.customer_phone) o.customer_name, lower(o.customer_name), o.customer_phone, o.customer_email
      from orders o
      where o.customer_id is null and o.pay_account_id is null and o.customer_phone is not null
        and not exists (select 1 from customers c where c.phone = o.customer_phone)
      order by o.customer_phone, o.created_at, o.id`);
    await raw.unsafe(`
      update orders o set customer_id = c.id, customer_matched_by = 'phone'
      from (select phone, (array_agg(id))[1] id from customers where phone is not null group by phone having count(*) = 1) c
      where o.customer_id is null and o.pay_account_id is null and o.customer_phone = c.phone`);
    await raw.unsafe(`vacuum analyze orders`);
    await raw.unsafe(`vacuum analyze customers`);
  }
  if ((await unlinked()) > 0) await backfillCustomerLinks(handle.db);
  log(
    `customers linked in ${((Date.now() - t) / 1000).toFixed(0)} s; ${(await unlinked()).toLocaleString("en")} orders left for the boot backfill`,
  );
}

/** A signed-in admin: the staff row and a session row exactly as createSession writes them. */
async function signIn(raw: postgres.Sql): Promise<string> {
  const [s] = await raw<{ id: string }[]>`
    insert into staff (email, name, role, password_hash, language)
    values ('bench-lists@example.com', 'Bench Lists', 'admin', 'x', 'en')
    on conflict (email) do update set active = true, role = 'admin'
    returning id`;
  const token = randomBytes(32).toString("base64url");
  const id = createHash("sha256").update(token).digest("hex");
  await raw`insert into sessions (id, staff_id, expires_at, last_seen_at) values (${id}, ${s!.id}, now() + interval '12 hours', now())`;
  return token;
}

async function startServer(
  root: string,
  port: number,
  url: string,
  profileDir?: string,
): Promise<ChildProcess> {
  const args = [
    ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
    "--import",
    "tsx",
    path.join(root, "server/index.ts"),
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: url,
      JOBS_ENABLED: "false",
      LOG_LEVEL: "warn",
      COOKIE_SECURE: "false",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  child.stdout!.on("data", () => {});
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${err}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return child;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`server did not answer /healthz: ${err}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGINT");
  await new Promise((r) => child.once("exit", r));
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const f0 = (n: number | null) => (n === null || Number.isNaN(n) ? "–" : n.toFixed(0));

export default async function run(flags: BenchFlags): Promise<void> {
  const seconds = Number(flags.seconds ?? 8);
  const rounds = Number(flags.rounds ?? 2);
  const connections = Number(flags.connections ?? 50);
  // --amount=N: N requests per target instead of --seconds (CPU per request without the requests
  // still in flight when a timed run stops: on a loaded machine those skew it several-fold).
  const amount = flags.amount === undefined ? undefined : Number(flags.amount);
  const pages =
    typeof flags.pages === "string" ? flags.pages.split(",") : ["orders", "customers", "holds", "audit"];
  const port = Number(flags.port ?? 3190);
  const log = (s: string) => console.log(`  ${s}`);
  // --root: serve another checkout (a `git worktree` of the commit before a change, for A/B runs).
  const root = typeof flags.root === "string" ? path.resolve(flags.root) : ROOT;
  if (!existsSync(path.join(root, "build/server/index.js")))
    throw new Error("lists needs the production build: npx remix vite:build");

  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = withDatabase(baseUrl, DB_NAME);
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  if ((await admin`select 1 from pg_database where datname = ${DB_NAME}`).length === 0)
    await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
  const handle = await openDb({ url, max: 2 });
  const raw = handle.sql!;
  let token: string;
  try {
    await migrateDb(handle);
    await seedMissing(raw, log);
    await linkCustomers(handle, log);
    token = await signIn(raw);
    const c = await raw<{ t: string; n: string }[]>`
      select 'orders' t, reltuples::bigint::text n from pg_class where relname = 'orders'
      union all select 'customers', reltuples::bigint::text from pg_class where relname = 'customers'
      union all select 'holds', reltuples::bigint::text from pg_class where relname = 'holds'
      union all select 'audit_log', reltuples::bigint::text from pg_class where relname = 'audit_log'`;
    log(`rows (estimates): ${c.map((r) => `${r.t} ${Number(r.n).toLocaleString("en")}`).join(", ")}`);
  } finally {
    await handle.close();
  }

  const profileDir = flags.profile ? path.join(HERE, "results", "lists-prof") : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const server = await startServer(root, port, url, profileDir);
  log(`server: ${root === ROOT ? "this checkout" : root}, pid ${server.pid}`);
  const origin = `http://127.0.0.1:${port}`;
  const cookie = `loket_session=${token}`;
  const results: { name: string; round: number; load: Load }[] = [];
  try {
    // Page weight and compression, once per page: uncompressed bytes, then what a browser receives.
    const weights: Record<
      string,
      { html: number; htmlGz: number; enc: string; data: number; dataGz: number; dataEnc: string }
    > = {};
    for (const p of pages) {
      const doc = await fetch(`${origin}/${p}`, {
        headers: { cookie, "accept-encoding": "identity" },
        redirect: "manual",
      });
      if (doc.status !== 200) throw new Error(`/${p} answered ${doc.status} (signed in?)`);
      const html = Buffer.from(await doc.arrayBuffer());
      const gz = await rawGet(`${origin}/${p}`, { cookie, "accept-encoding": "gzip" });
      const data = Buffer.from(
        await (
          await fetch(`${origin}/${p}.data`, { headers: { cookie, "accept-encoding": "identity" } })
        ).arrayBuffer(),
      );
      const dgz = await rawGet(`${origin}/${p}.data`, { cookie, "accept-encoding": "gzip" });
      const rows = (html.toString().match(/<tr/g) ?? []).length - 1;
      weights[p] = {
        html: html.length,
        htmlGz: gz.body.length,
        enc: gz.encoding,
        data: data.length,
        dataGz: dgz.body.length,
        dataEnc: dgz.encoding,
      };
      if (gz.encoding === "gzip") gunzipSync(gz.body); // it really is gzip
      log(
        `/${p}: ${rows} table rows; document ${kb(html.length)} (${gz.encoding}: ${kb(gz.body.length)}); data ${kb(data.length)} (${dgz.encoding}: ${kb(dgz.body.length)})`,
      );
    }
    // Warm-up: JIT and the database's caches.
    for (const p of ["healthz", ...pages]) {
      await autocannon({
        url: `${origin}/${p}`,
        connections: 10,
        seconds: 2,
        headers: { cookie, "accept-encoding": BROWSER_ENCODING },
      });
    }
    const targets = [
      { name: "/healthz", path: "/healthz" },
      ...pages.flatMap((p) => [
        { name: `/${p}`, path: `/${p}` },
        ...(flags["no-data"] ? [] : [{ name: `/${p}.data`, path: `/${p}.data` }]),
      ]),
    ];
    for (let round = 1; round <= rounds; round++) {
      for (const t of targets) {
        const cpu0 = processCpuMs(server.pid!);
        const load = await autocannon({
          url: `${origin}${t.path}`,
          connections,
          seconds,
          amount,
          headers: {
            cookie,
            accept: t.path.endsWith(".data") ? "*/*" : "text/html",
            "accept-encoding": BROWSER_ENCODING,
          },
        });
        const serverCpuMs = processCpuMs(server.pid!) - cpu0;
        load.serverCpuPerReq = serverCpuMs / Math.max(1, load.requests);
        if (load.non2xx || load.errors) log(`  ${t.name}: ${load.non2xx} non-2xx, ${load.errors} errors`);
        results.push({ name: t.name, round, load });
        log(
          `round ${round} ${t.name.padEnd(16)} ${f0(load.rps).padStart(5)} req/s  p50 ${f0(load.p50)} / p95 ${f0(load.p95)} / p99 ${f0(load.p99)} ms  server CPU ${load.serverCpuPerReq.toFixed(1)} ms/req`,
        );
      }
    }

    console.log(
      `\n  List pages at ${connections} connections, ${amount ? `${amount} requests` : `${seconds} s`} per target, ${rounds} round(s); ratio = page ÷ /healthz of the same round`,
    );
    console.log(
      `  ${"target".padEnd(16)} ${"req/s".padStart(6)} ${"ratio".padStart(6)} ${"p50".padStart(5)} ${"p95".padStart(5)} ${"p99".padStart(5)} ${"CPU ms".padStart(7)}  goal`,
    );
    const summary: Record<string, unknown>[] = [];
    for (const t of targets) {
      const rs = results.filter((r) => r.name === t.name);
      const rps = rs.reduce((a, r) => a + r.load.rps, 0) / rs.length;
      const ratios = rs.map(
        (r) => r.load.rps / results.find((h) => h.round === r.round && h.name === "/healthz")!.load.rps,
      );
      const ratio = ratios.reduce((a, b) => a + b, 0) / ratios.length;
      const p50 = Math.max(...rs.map((r) => r.load.p50));
      const p95 = Math.max(...rs.map((r) => r.load.p95));
      const p99 = Math.max(...rs.map((r) => r.load.p99));
      const cpu = rs.reduce((a, r) => a + r.load.serverCpuPerReq, 0) / rs.length;
      const isDoc = t.name !== "/healthz" && !t.name.endsWith(".data");
      const w = weights[t.name.slice(1)];
      const none = rs.some((r) => r.load.ok === 0);
      const goal = isDoc
        ? `${ratio >= GOAL_RATIO ? "✓" : "✗"} ratio ≥ ${GOAL_RATIO}  ${!none && p95 <= GOAL_P95_MS ? "✓" : "✗"} p95 ≤ ${GOAL_P95_MS}  ${w && w.html <= GOAL_PAGE_BYTES ? "✓" : "✗"} ${w ? kb(w.html) : "?"} ≤ 60 KB  ${w?.enc === "identity" ? "✗ uncompressed" : `✓ ${w?.enc}`}`
        : "";
      console.log(
        `  ${t.name.padEnd(16)} ${f0(rps).padStart(6)} ${t.name === "/healthz" ? "".padStart(6) : ratio.toFixed(2).padStart(6)} ${f0(p50).padStart(5)} ${f0(p95).padStart(5)} ${f0(p99).padStart(5)} ${cpu.toFixed(1).padStart(7)}  ${goal}`,
      );
      summary.push({ target: t.name, rps, ratio, ratios, p50, p95, p99, serverCpuMsPerRequest: cpu });
    }
    // --rates: each document at an offered rate. A closed loop of 50 connections measures the queue
    // in front of one core at saturation; a team sends pages at some rate, and what a member waits
    // is the latency at that rate.
    const rates = typeof flags.rates === "string" ? flags.rates.split(",").map(Number).filter((n) => n > 0) : [];
    const atRates: { target: string; rate: number; rps: number; p50: number; p95: number; p99: number; cpuMs: number }[] = [];
    if (rates.length) {
      console.log(`\n  Documents at an offered rate (${connections} connections, ${seconds} s each): latency at a team's rate`);
      console.log(`  ${"target".padEnd(16)} ${"offered".padStart(8)} ${"served".padStart(7)} ${"p50".padStart(5)} ${"p95".padStart(5)} ${"p99".padStart(5)} ${"CPU ms".padStart(7)}`);
      for (const p of pages) {
        for (const rate of rates) {
          const cpu0 = processCpuMs(server.pid!);
          const load = await autocannon({
            url: `${origin}/${p}`,
            connections,
            seconds,
            rate,
            headers: { cookie, accept: "text/html", "accept-encoding": BROWSER_ENCODING },
          });
          const cpuMs = (processCpuMs(server.pid!) - cpu0) / Math.max(1, load.requests);
          if (load.non2xx || load.errors) log(`  /${p} at ${rate}/s: ${load.non2xx} non-2xx, ${load.errors} errors`);
          atRates.push({ target: `/${p}`, rate, rps: load.rps, p50: load.p50, p95: load.p95, p99: load.p99, cpuMs });
          console.log(
            `  ${`/${p}`.padEnd(16)} ${`${rate}/s`.padStart(8)} ${f0(load.rps).padStart(7)} ${f0(load.p50).padStart(5)} ${f0(load.p95).padStart(5)} ${f0(load.p99).padStart(5)} ${cpuMs.toFixed(1).padStart(7)}`,
          );
        }
      }
    }
    mkdirSync(path.join(HERE, "results"), { recursive: true });
    writeFileSync(
      path.join(HERE, "results", "lists.json"),
      JSON.stringify(
        { at: new Date().toISOString(), connections, seconds, rounds, weights, summary, runs: results, atRates },
        null,
        2,
      ),
    );
  } finally {
    await stopServer(server);
    const cleanup = postgres(url, { max: 1, onnotice: () => {} });
    await cleanup`delete from sessions where staff_id = (select id from staff where email = 'bench-lists@example.com')`.catch(
      () => {},
    );
    await cleanup.end();
  }
  if (profileDir) log(`CPU profiles: ${profileDir}`);
}

/** One GET with node:http, body bytes as sent (fetch would decompress them). */
async function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ body: Buffer; encoding: string }> {
  const http = await import("node:http");
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            body: Buffer.concat(chunks),
            encoding: String(res.headers["content-encoding"] ?? "identity"),
          }),
        );
      })
      .on("error", reject);
  });
}

/**
 * Notification ingest against its ceiling, in the same run.
 *
 * Loket: signed SNAP BI notifications POSTed at concurrency 32 to the real Express front
 * (server/app.ts createApp — webhooks answered by server/webhooks.ts) listening in THIS process,
 * by a load generator in a CHILD process (tests/bench/load-worker.mjs), so this process's CPU is
 * the server's alone. Each notification is a distinct order's 00 (paid): verify RSA, store raw
 * (committed), then lock + dedupe + apply + history + applied mark + audit in one transaction.
 *
 * Ceiling: the same database work done bare — the same tables, the same statements, the same
 * concurrency, postgres.js tagged (prepared) queries, no HTTP, no verification, no query builder:
 * insert the raw row; begin; lock the notification; lock the order; dedupe lookup; order update +
 * history row + applied mark (one statement with data-modifying CTEs, as Loket); audit row; commit.
 *
 * The two run interleaved in rounds (ceiling, Loket, ceiling, Loket, …) on distinct pending orders,
 * so a busy machine slows both alike; the ratio is given per round and over all rounds.
 *
 * Flags: --count=N (Loket notifications, default 3000; the ceiling gets as many) --rounds=N (default 3)
 *        --concurrency=N (default 32) --pool=N (Postgres connections of each side, default: what the app
 *        runs with, DATABASE_POOL_MAX or DEFAULT_POOL_MAX; the ceiling gets the same pool, so it is the
 *        database's best for that many connections, not a different configuration)
 *        --server=express|remix|action (express: default; remix: webhooks through Remix's routes,
 *        needs `npm run build`; action: a bare node:http server calling the route action, the old bench)
 * Proof nothing was lost: accepted (HTTP 200) = rows stored = applied = orders paid, on both sides.
 */
import { spawn } from "node:child_process";
import { Session } from "node:inspector/promises";
import { createHash, generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "../../db/schema";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { DEFAULT_POOL_MAX, MIGRATIONS_FOLDER, setDbHandle, type Db, type DbHandle } from "../../app/db/client.server";
import { resetEnvCache } from "../../app/env.server";
import { signNotify, xTimestamp } from "../../app/gopay/signing.server";
import { webhookApplyQueue } from "../../app/services/notifications/apply-queue.server";
import { withDatabase } from "../support/pg-url";
import type { BenchFlags } from "./index";

const DB_NAME = "loket_bench_ingest";
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const SNAP_PATH = "/v1.0/debit/notify";

export function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface LoadResult {
  ok: number;
  failed: number;
  seconds: number;
  /** Epoch ms of the first request sent and the last answer received (the machine's one clock). */
  startedAt: number;
  endedAt: number;
  latencies: number[];
  cpuMs: number;
  firstError?: string;
}

/** Runs tests/bench/load-worker.mjs in its own process; resolves with what it measured. */
export async function runLoad(job: {
  url: string;
  concurrency: number;
  requests: { method?: string; path?: string; headers: Record<string, string>; body?: string }[];
  expect?: number;
  /** Untimed rounds of `concurrency` requests first (open sockets, warm generator). */
  warmup?: { rounds: number; method?: string };
}): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "loket-load-"));
  const file = path.join(dir, "job.json");
  writeFileSync(file, JSON.stringify(job));
  try {
    const child = spawn(process.execPath, [path.join(HERE, "load-worker.mjs"), file], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    if (code !== 0) throw new Error(`load generator exited ${code}: ${err}`);
    return JSON.parse(out) as LoadResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Side {
  name: string;
  n: number;
  seconds: number;
  latencies: number[];
  cpuMs: number;
  statements: number;
  commits: number;
  /** Loket: answered → applied per notification (ms, from the rows), and how long the last apply trailed the last answer. */
  applyLag?: { p50: number; p99: number; afterLastAnswerMs: number };
}

const fmt = (n: number, d = 0) => n.toFixed(d);

export default async function run(flags: BenchFlags): Promise<void> {
  const count = Number(flags.count ?? 3000);
  const rounds = Math.max(1, Number(flags.rounds ?? 3));
  const concurrency = Number(flags.concurrency ?? 32);
  // The pool the app itself runs with (app/env.server.ts DATABASE_POOL_MAX). Until 2026-12-01 this was
  // the concurrency (32): a configuration Loket never ships, whose p99 was 2.5–3.5× the shipped one's.
  const poolSize = Number(flags.pool ?? process.env.DATABASE_POOL_MAX ?? DEFAULT_POOL_MAX);
  const serverMode = String(flags.server ?? "express");
  // --cold-sockets: each batch's load generator starts cold (new process, no open sockets) into the
  // timed run, as before 2026-12-01's twelfth pass. Default: two untimed GET waves first (405s).
  const warmSockets = !flags["cold-sockets"];
  // --profile: the server's CPU during Loket's measured batches only (not the ceiling's, not signing).
  const profiler = flags.profile ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
  }
  let profiling = false;
  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const log = (s: string) => console.log(`  ${s}`);
  const perRound = Math.ceil(count / rounds);
  const warmup = Math.min(300, perRound);

  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const keyDir = mkdtempSync(path.join(tmpdir(), "loket-bench-"));
  const keyFile = path.join(keyDir, "notify.pub.pem");
  writeFileSync(keyFile, publicKey);
  process.env.GOPAY_NOTIFY_PUBLIC_KEY_FILE = keyFile;
  process.env.JOBS_ENABLED = "false";
  process.env.LOG_LEVEL = "warn";
  resetEnvCache();

  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
  // The pools keep their connections between batches, as the app's pool does (openDb sets no idle
  // timeout). With `idle_timeout: 1` here, every batch after the 1.5 s pause began on ten new
  // connections: connect, fetch types, prepare, and plan the report triggers' PL/pgSQL again. The
  // first 32 notifications of every round took 300–550 ms on both sides, and they were the p99.
  const pgOptions = (max: number) => ({ max, onnotice: () => {}, connection: { TimeZone: "UTC" } });
  // Statements are counted with postgres.js' debug hook, which makes every query capture a stack
  // trace (new Error()): a cost neither side has in production. So only the warm-up batches count,
  // on clients of their own; the measured rounds run on clients without the hook.
  let statements = 0;
  let ceilStatements = 0;
  const sqlClient = postgres(withDatabase(baseUrl, DB_NAME), pgOptions(poolSize));
  const sqlCounting = postgres(withDatabase(baseUrl, DB_NAME), { ...pgOptions(poolSize), debug: () => void statements++ });
  const handleOf = (c: postgres.Sql): DbHandle => ({
    db: drizzle(c, { schema }) as unknown as Db,
    kind: "postgres",
    sql: c,
    close: () => c.end({ timeout: 5 }),
  });
  const handle = handleOf(sqlClient);
  const countingHandle = handleOf(sqlCounting);
  setDbHandle(handle);
  const raw = handle.sql!;
  const ceilTimed = postgres(withDatabase(baseUrl, DB_NAME), pgOptions(poolSize));
  const ceilCounting = postgres(withDatabase(baseUrl, DB_NAME), { ...pgOptions(poolSize), debug: () => void ceilStatements++ });
  const probe = postgres(withDatabase(baseUrl, DB_NAME), { max: 1, onnotice: () => {} });

  let server: Server | undefined;
  try {
    // The migrator itself: one bench process, nothing to serialise (and independent of boot changes).
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    const total = (count + warmup * 3) * 2;
    log(`seeding ${total} pending orders in ${DB_NAME}`);
    await raw`insert into orders (order_id, channel, status, amount)
              select 'BENCH-' || g, 'deeplink', 'pending', 15000000 from generate_series(1, ${count + warmup * 3}) g
              union all
              select 'CEIL-' || g, 'deeplink', 'pending', 15000000 from generate_series(1, ${count + warmup * 3}) g`;
    await raw`vacuum analyze orders`;

    server = await startServer(serverMode);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SNAP_PATH}`;
    log(
      `Loket: ${serverModeText(serverMode)} at ${url}, pool ${poolSize}; load generator: child process (node:http keep-alive)`,
    );
    log(
      `ceiling: postgres.js in this process, same statements, pool ${poolSize}; concurrency ${concurrency} both; ${rounds} rounds × ${perRound} each`,
    );

    let nextLoket = 1;
    let nextCeil = 1;
    const snapRequests = (k: number) => {
      // Signing is GoPay's work, not ours: signed before the clock starts (fresh per batch: 10-min window).
      const ts = xTimestamp();
      return Array.from({ length: k }, () => {
        const i = nextLoket++;
        const body = snapBody(`BENCH-${i}`, i, ts);
        return {
          headers: {
            "Content-Type": "application/json",
            "X-TIMESTAMP": ts,
            "X-SIGNATURE": signNotify(SNAP_PATH, body, ts, privateKey),
            "X-PARTNER-ID": "BENCH",
            "X-EXTERNAL-ID": String(1e9 + i),
          },
          body,
        };
      });
    };
    const pause = () => new Promise((r) => setTimeout(r, 1500));
    const loketBatch = async (k: number, counting = false): Promise<Side> => {
      const requests = snapRequests(k);
      setDbHandle(counting ? countingHandle : handle);
      await pause();
      const commits0 = await dbCommits(probe);
      const [{ maxId }] = await probe<{ maxId: string }[]>`select coalesce(max(id), 0)::text "maxId" from notifications`;
      statements = 0;
      if (profiler && profiling) await profiler.post("Profiler.start");
      const cpu0 = process.cpuUsage();
      const r = await runLoad({ url, concurrency, requests, warmup: warmSockets ? { rounds: 2, method: "GET" } : undefined });
      // A notification is answered once stored; under a burst it applies after its answer
      // (app/services/notifications/apply-queue.server.ts). The batch is done when the last one has
      // applied: the rate below is notifications applied per second, as the ceiling's is.
      await webhookApplyQueue().drain();
      const cpu = process.cpuUsage(cpu0);
      const [lag] = await probe<{ p50: number; p99: number; last: number; n: number }[]>`
        select coalesce(percentile_cont(0.5) within group (order by extract(epoch from applied_at - received_at) * 1000), 0)::float8 p50,
               coalesce(percentile_cont(0.99) within group (order by extract(epoch from applied_at - received_at) * 1000), 0)::float8 p99,
               coalesce(extract(epoch from max(applied_at)) * 1000, 0)::float8 last,
               count(applied_at)::int n
          from notifications where id > ${maxId}::bigint`;
      if (lag!.n !== k) throw new Error(`${k - lag!.n} of ${k} notifications not applied after the queue drained`);
      const seconds = Math.max(r.endedAt, lag!.last) / 1000 - r.startedAt / 1000;
      if (profiler && profiling) {
        const { profile } = await profiler.post("Profiler.stop");
        const dir = path.join(tmpdir(), "loket-ingest-prof");
        mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `loket-${Date.now()}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        log(`profile of this Loket batch: ${file}`);
      }
      counting = false;
      if (r.failed) throw new Error(`${r.failed} notifications refused: ${r.firstError}`);
      return {
        name: "Loket",
        n: r.ok,
        seconds,
        applyLag: { p50: lag!.p50, p99: lag!.p99, afterLastAnswerMs: Math.max(0, lag!.last - r.endedAt) },
        latencies: r.latencies,
        cpuMs: (cpu.user + cpu.system) / 1000,
        statements,
        commits: (await dbCommits(probe)) - commits0,
      };
    };
    const ceilingBatch = async (k: number, counting = false): Promise<Side> => {
      const ceil = counting ? ceilCounting : ceilTimed;
      const ts = xTimestamp();
      const items = Array.from({ length: k }, () => {
        const i = nextCeil++;
        const orderId = `CEIL-${i}`;
        return {
          orderId,
          ref: `GPREF-C${i}`,
          body: snapBody(orderId, i, ts),
          dedupe: createHash("sha256").update(`snap_debit|${orderId}|00|`).digest("hex"),
          externalId: String(2e9 + i),
        };
      });
      await pause();
      const commits0 = await dbCommits(probe);
      ceilStatements = 0;
      const cpu0 = process.cpuUsage();
      const latencies: number[] = [];
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < items.length) {
            const it = items[next++]!;
            const s = performance.now();
            await ceilingOne(ceil, it, ts);
            latencies.push(performance.now() - s);
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      return {
        name: "ceiling",
        n: k,
        seconds,
        latencies,
        cpuMs: (cpu.user + cpu.system) / 1000,
        statements: ceilStatements,
        commits: (await dbCommits(probe)) - commits0,
      };
    };

    // Warm-up (JIT, connections, caches on both sides), not timed: first on the counting clients
    // (statements per notification), then on the timed ones (their connections and prepared statements).
    const warm = { ceiling: await ceilingBatch(warmup, true), loket: await loketBatch(warmup, true) };
    // The counting clients are done: their connections go, so the rounds hold only the timed pools'.
    await Promise.all([ceilCounting.end({ timeout: 5 }), sqlCounting.end({ timeout: 5 })]);
    await ceilingBatch(warmup);
    await loketBatch(warmup);

    profiling = true;
    const loadBefore = loadavg()[0]!.toFixed(2);
    const results: { ceiling: Side; loket: Side }[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate which side goes first, so neither always runs after the other's checkpoint/vacuum debt.
      if (r % 2 === 0) {
        const c = await ceilingBatch(perRound);
        const l = await loketBatch(perRound);
        results.push({ ceiling: c, loket: l });
      } else {
        const l = await loketBatch(perRound);
        const c = await ceilingBatch(perRound);
        results.push({ ceiling: c, loket: l });
      }
    }
    const loadAfter = loadavg()[0]!.toFixed(2);

    const rate = (s: Side) => s.n / s.seconds;
    const merge = (sides: Side[]): Side => ({
      name: sides[0]!.name,
      n: sides.reduce((a, s) => a + s.n, 0),
      seconds: sides.reduce((a, s) => a + s.seconds, 0),
      latencies: sides.flatMap((s) => s.latencies).sort((a, b) => a - b),
      cpuMs: sides.reduce((a, s) => a + s.cpuMs, 0),
      statements: sides.reduce((a, s) => a + s.statements, 0),
      commits: sides.reduce((a, s) => a + s.commits, 0),
    });
    const all = { ceiling: merge(results.map((r) => r.ceiling)), loket: merge(results.map((r) => r.loket)) };
    const head = [
      "side",
      "notif/s",
      "p50 ms",
      "p99 ms",
      "max ms",
      "CPU ms/notif",
      "stmts/notif",
      "commits/notif",
    ];
    const row = (s: Side) => [
      s.name,
      fmt(rate(s)),
      fmt(pct(s.latencies, 50), 1),
      fmt(pct(s.latencies, 99), 1),
      fmt(s.latencies.at(-1)!, 1),
      fmt(s.cpuMs / s.n, 2),
      // counted in the warm-up batches (the timed rounds run without the counting hook)
      fmt((s.name === "Loket" ? warm.loket : warm.ceiling).statements / warmup, 2),
      fmt(s.commits / s.n, 2),
    ];
    const rows = [row(all.ceiling), row(all.loket)];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) =>
      r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    log(
      `SNAP notifications, all rounds (${all.loket.n} each side; CPU = the side's own process: Loket's server, the ceiling's client):`,
    );
    log(line(head));
    for (const r of rows) log(line(r));
    const ratios = results.map((r) => rate(r.loket) / rate(r.ceiling));
    log(
      `ratio Loket / ceiling: ${fmt(rate(all.loket) / rate(all.ceiling), 2)} over all rounds; per round ${ratios.map((x) => fmt(x, 2)).join(", ")} ` +
        `(Loket ${results.map((r) => fmt(rate(r.loket))).join(", ")} /s; ceiling ${results.map((r) => fmt(rate(r.ceiling))).join(", ")} /s)`,
    );
    log(
      `Loket p99 per round: ${results
        .map((r) =>
          fmt(
            pct(
              [...r.loket.latencies].sort((a, b) => a - b),
              99,
            ),
            1,
          ),
        )
        .join(", ")} ms; load average ${loadBefore} → ${loadAfter}`,
    );
    log(
      `Loket answered → applied, per round (p50 / p99 ms; last apply after last answer): ${results
        .map((r) => r.loket.applyLag)
        .map((l) => (l ? `${fmt(l.p50, 1)} / ${fmt(l.p99, 1)}; +${fmt(l.afterLastAnswerMs)} ms` : "–"))
        .join(" · ")}`,
    );

    const [c] = await raw<
      { stored: number; applied: number; paid: number; events: number; audits: number }[]
    >`
      select (select count(*)::int from notifications) stored,
             (select count(*)::int from notifications where applied_at is not null) applied,
             (select count(*)::int from orders where status = 'paid') paid,
             (select count(*)::int from order_events) events,
             (select count(*)::int from audit_log where action = 'order.status_changed') audits`;
    const sent = nextLoket - 1 + (nextCeil - 1);
    const lost =
      c!.stored !== sent ||
      c!.applied !== sent ||
      c!.paid !== sent ||
      c!.events !== sent ||
      c!.audits !== sent;
    log(
      `both sides: sent ${sent}, stored ${c!.stored}, applied ${c!.applied}, orders paid ${c!.paid}, order_events ${c!.events}, audit rows ${c!.audits}`,
    );
    log(
      lost
        ? "LOST OR UNAPPLIED NOTIFICATIONS: counts differ"
        : "none lost: sent = stored = applied = paid = history = audit",
    );
    if (lost) process.exitCode = 1;
    writeFileSync(
      path.join(HERE, "results", "ingest.json"),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          serverMode,
          count,
          rounds,
          concurrency,
          load: [loadBefore, loadAfter],
          stmtsPerNotification: { ceiling: warm.ceiling.statements / warmup, loket: warm.loket.statements / warmup },
          rounds_: results.map((r) => ({ ceiling: summary(r.ceiling), loket: summary(r.loket) })),
        },
        null,
        2,
      ),
    );
  } finally {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    setDbHandle(undefined);
    await Promise.all([handle.close(), countingHandle.close(), ceilTimed.end({ timeout: 5 }), ceilCounting.end({ timeout: 5 }), probe.end({ timeout: 5 })]);
    rmSync(keyDir, { recursive: true, force: true });
  }
}

function summary(s: Side) {
  const l = [...s.latencies].sort((a, b) => a - b);
  return {
    n: s.n,
    ...(s.applyLag ? { applyLag: s.applyLag } : {}),
    perSecond: Math.round(s.n / s.seconds),
    p50: +pct(l, 50).toFixed(1),
    p99: +pct(l, 99).toFixed(1),
    cpuMsPer: +(s.cpuMs / s.n).toFixed(2),
  };
}

function snapBody(orderId: string, i: number, ts: string): string {
  return JSON.stringify({
    originalReferenceNo: `GPREF-${orderId}`,
    originalPartnerReferenceNo: orderId,
    originalExternalId: String(1e9 + i),
    latestTransactionStatus: "00",
    transactionStatusDesc: "Success",
    finishedTime: ts,
    amount: { value: "150000.00", currency: "IDR" },
    additionalInfo: {
      userPaymentDetails: [
        {
          payMethod: "gopay",
          payOption: "GOPAY_WALLET",
          transAmount: { value: "150000.00", currency: "IDR" },
        },
      ],
    },
  });
}

/**
 * One notification, bare: Loket's statements in Loket's order, with postgres.js prepared
 * statements. What a perfect Node side would cost the database.
 */
async function ceilingOne(
  sql: postgres.Sql,
  it: { orderId: string; ref: string; body: string; dedupe: string; externalId: string },
  ts: string,
): Promise<void> {
  const headers = {
    "content-type": "application/json",
    "x-timestamp": ts,
    "x-partner-id": "BENCH",
    "x-external-id": it.externalId,
    "x-signature": "…",
  };
  const [n] = await sql<{ id: string }[]>`
    insert into notifications (source, headers, raw_body, signature_valid, verification, reference, external_id, status_code, dedupe_key)
    values ('snap_debit', ${sql.json(headers)}, ${it.body}, true, 'ok', ${it.orderId}, ${it.externalId}, '00', ${it.dedupe}) returning id`;
  const id = n!.id;
  await sql.begin(async (tx) => {
    await tx`select * from notifications where id = ${id} for update`;
    const [o] = await tx<{ id: string; status: string; amount: string }[]>`
      select * from orders where order_id = ${it.orderId} or gopay_reference = ${it.ref} limit 1 for update`;
    await tx`select id from notifications where dedupe_key = ${it.dedupe} and id <> ${id} and applied_at is not null limit 1`;
    const detail = {
      before: o!.status,
      after: "paid",
      gopayStatus: "00",
      source: "snap_debit",
      refundedAmount: "0",
      paymentOption: "GOPAY_WALLET",
    };
    await tx`
      with applied_event as (
        insert into order_events (order_id, kind, title, actor_label, notification_id, detail)
        values (${o!.id}, 'status.changed', 'Paid at GoPay (GOPAY_WALLET)', 'gopay', ${id}, ${tx.json(detail)}) returning id),
      applied_mark as (
        update notifications set applied_at = now(), apply_error = null, apply_attempts = apply_attempts + 1, dedupe_key = ${it.dedupe},
          result = ${tx.json({ action: "applied", from: o!.status, to: "paid" })} where id = ${id} returning id)
      update orders set status = 'paid', status_rank = 30, gopay_status = '00', gopay_reference = coalesce(gopay_reference, ${it.ref}),
        updated_at = now(), paid_amount = ${o!.amount}, paid_at = now(), payment_option = 'GOPAY_WALLET', refunded_amount = 0
      where id = ${o!.id} returning *`;
    await tx`
      insert into audit_log (actor_email, action, target_type, target_id, amount, result, detail)
      values ('gopay', 'order.status_changed', 'order', ${it.orderId}, ${o!.amount}, 'ok',
              ${tx.json({ from: o!.status, to: "paid", gopayStatus: "00", refundedAmount: "0", notificationId: id, source: "snap_debit", confirmedBy: "signature" })})`;
  });
}

function serverModeText(mode: string): string {
  if (mode === "remix") return "Express front (server/app.ts) → Remix route (production build)";
  if (mode === "action") return "bare node:http → route action (no Express)";
  return "Express front (server/app.ts) → webhook handler (server/webhooks.ts)";
}

async function startServer(mode: string): Promise<Server> {
  let listener: Parameters<typeof createServer>[1];
  if (mode === "action") {
    const { action } = await import("../../app/routes/v1[.]0.debit.notify");
    listener = (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const rawBody = Buffer.concat(chunks);
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: rawBody });
        action({ request, context: { rawBody, cspNonce: "", clientIp: "127.0.0.1" }, params: {} })
          .then(async (r) => {
            res.writeHead(r.status, Object.fromEntries(r.headers));
            res.end(Buffer.from(await r.arrayBuffer()));
          })
          .catch((e: Error) => {
            res.writeHead(500);
            res.end(e.message);
          });
      });
    };
  } else {
    const { createApp } = await import("../../server/app");
    const build =
      mode === "remix"
        ? ((await import(path.join(ROOT, "build/server/index.js")).catch(() => {
            throw new Error("--server=remix needs a production build: npm run build");
          })) as ServerBuild)
        : () => Promise.reject(new Error("the ingest bench serves webhooks only"));
    listener = createApp({ build, mode: "production", webhooksInExpress: mode !== "remix" });
  }
  const server = createServer(listener);
  await new Promise<void>((r) => server.listen(Number(process.env.INGEST_BENCH_PORT ?? 0), "127.0.0.1", r));
  return server;
}

async function dbCommits(probe: postgres.Sql): Promise<number> {
  // Statistics are per backend until flushed; pg_stat_clear_snapshot makes this read fresh.
  await probe`select pg_stat_clear_snapshot()`;
  const [r] = await probe<
    { n: string }[]
  >`select xact_commit::text n from pg_stat_database where datname = ${DB_NAME}`;
  return Number(r!.n);
}

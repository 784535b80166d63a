/**
 * Notification ingest throughput: signed SNAP BI notifications accepted into Postgres at
 * concurrency 32 over real HTTP. Server: a minimal node:http server in this process that hands
 * each request (exact bytes) to the real route action `app/routes/v1[.]0.debit.notify.ts` — the
 * same code path server/index.ts runs after Express, without needing a production build.
 * Each notification is a distinct order's 00 (paid): verify RSA, store raw, lock + apply + event.
 * Proof nothing was lost: count sent (HTTP 200) = rows stored = orders paid.
 * Flags: --count=N (default 5000) --concurrency=N (default 32) --pool=N (Postgres connections,
 *        default = concurrency) --store-only (verify + store, no apply: the floor)
 * Profile printed with the result: SQL statements and transactions per notification (counted at
 * the driver and from pg_stat_database), and what backends were waiting on (pg_stat_activity
 * sampled every 20 ms: lock waits vs WAL/IO vs CPU).
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "../../db/schema";
import { migrateDb, setDbHandle, type Db, type DbHandle } from "../../app/db/client.server";
import { resetEnvCache } from "../../app/env.server";
import { signNotify, xTimestamp } from "../../app/gopay/signing.server";
import { withDatabase } from "../support/pg-url";
import type { BenchFlags } from "./index";

const DB_NAME = "loket_bench_ingest";

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export default async function run(flags: BenchFlags): Promise<void> {
  const count = Number(flags.count ?? 5000);
  const concurrency = Number(flags.concurrency ?? 32);
  const poolSize = Number(flags.pool ?? concurrency);
  const storeOnly = Boolean(flags["store-only"]);
  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const log = (s: string) => console.log(`  ${s}`);

  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const keyFile = path.join(mkdtempSync(path.join(tmpdir(), "loket-bench-")), "notify.pub.pem");
  writeFileSync(keyFile, publicKey);
  process.env.GOPAY_NOTIFY_PUBLIC_KEY_FILE = keyFile;
  process.env.JOBS_ENABLED = "false";
  process.env.LOG_LEVEL = "warn";
  resetEnvCache();

  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
  // The app's own openDb settings, plus a driver hook that counts statements by their first word.
  const statements = new Map<string, number>();
  let counting = false;
  const sqlClient = postgres(withDatabase(baseUrl, DB_NAME), {
    max: poolSize,
    onnotice: () => {},
    connection: { TimeZone: "UTC" },
    debug: (_conn, query) => {
      if (!counting) return;
      const verb = /^\s*(\w+)/.exec(query)?.[1]?.toLowerCase() ?? "?";
      statements.set(verb, (statements.get(verb) ?? 0) + 1);
    },
  });
  const handle: DbHandle = {
    db: drizzle(sqlClient, { schema }) as unknown as Db,
    kind: "postgres",
    sql: sqlClient,
    close: () => sqlClient.end({ timeout: 5 }),
  };
  setDbHandle(handle);
  const raw = handle.sql!;
  const { action } = await import("../../app/routes/v1[.]0.debit.notify");
  const { ingestSnapNotification } = await import("../../app/services/notifications/ingest.server");
  // --store-only: the same verify + store, without the apply transaction (what apply costs on top).
  const handle1 = (request: Request, rawBody: Buffer): Promise<Response> =>
    storeOnly
      ? request.text().then(async (text) => {
          const r = await ingestSnapNotification({ rawBody: text, headers: request.headers }, { apply: false });
          return new Response(JSON.stringify(r.body), { status: r.status, headers: r.headers });
        })
      : action({ request, context: { rawBody, cspNonce: "", clientIp: "127.0.0.1" }, params: {} });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: rawBody });
      handle1(request, rawBody)
        .then(async (r) => {
          res.writeHead(r.status, Object.fromEntries(r.headers));
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch((e: Error) => {
          res.writeHead(500);
          res.end(e.message);
        });
    });
  });
  try {
    await migrateDb(handle);
    log(`seeding ${count} pending orders in ${DB_NAME}`);
    await raw`insert into orders (order_id, channel, status, amount)
              select 'BENCH-' || g, 'deeplink', 'pending', 15000000 from generate_series(1, ${count}) g`;

    // Signing is GoPay's work, not ours: pre-sign everything before the clock starts.
    const ts = xTimestamp();
    const payloads = Array.from({ length: count }, (_, i) => {
      const body = JSON.stringify({
        originalReferenceNo: `GPREF-${i + 1}`,
        originalPartnerReferenceNo: `BENCH-${i + 1}`,
        originalExternalId: String(1e9 + i),
        latestTransactionStatus: "00",
        transactionStatusDesc: "Success",
        finishedTime: ts,
        amount: { value: "150000.00", currency: "IDR" },
        additionalInfo: { userPaymentDetails: [{ payMethod: "gopay", payOption: "GOPAY_WALLET", transAmount: { value: "150000.00", currency: "IDR" } }] },
      });
      return { body, sig: signNotify("/v1.0/debit/notify", body, ts, privateKey) };
    });

    await new Promise<void>((r) => server.listen(Number(process.env.INGEST_BENCH_PORT ?? 0), "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0/debit/notify`;
    log(
      `server ${url} (node:http → ${storeOnly ? "verify + store only" : "route action"}), concurrency ${concurrency}, pool ${poolSize}, ${count} notifications`,
    );

    // What the backends wait on, sampled from a separate connection while the run lasts.
    const probe = postgres(withDatabase(baseUrl, DB_NAME), { max: 1, onnotice: () => {} });
    const waits = new Map<string, number>();
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const got = await probe<{ w: string }[]>`
          select case when state = 'active' and wait_event is null then 'running (CPU)'
                      when state = 'active' and wait_event = 'ClientRead' then 'mid-query, waiting for Node'
                      when state = 'idle in transaction' then 'idle in transaction (waiting for Node)'
                      when state = 'idle' then 'idle (no work from Node)'
                      else coalesce(wait_event_type || ':' || wait_event, state) end w
          from pg_stat_activity where datname = ${DB_NAME} and pid <> pg_backend_pid() and backend_type = 'client backend'`;
        samples++;
        for (const { w } of got) waits.set(w, (waits.get(w) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const commitsBefore = await dbCommits(probe);
    counting = true;
    // CPU this process spent (server + the load generator, which share it): unlike wall time, it
    // hardly depends on how busy the rest of the machine is, so it compares runs on a loaded box.
    const cpuBefore = process.cpuUsage();

    const latencies: number[] = [];
    let ok = 0;
    let failed = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const p = payloads[next++]!;
          const t0 = performance.now();
          const res = await fetch(url, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-TIMESTAMP": ts, "X-SIGNATURE": p.sig, "X-PARTNER-ID": "BENCH", "X-EXTERNAL-ID": "1" },
            body: p.body,
          });
          const json = (await res.json()) as { responseCode?: string };
          latencies.push(performance.now() - t0);
          if (res.status === 200 && json.responseCode === "2005600") ok++;
          else failed++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    counting = false;
    const cpu = process.cpuUsage(cpuBefore);
    sampling = false;
    await sampler;
    const commits = (await dbCommits(probe)) - commitsBefore;
    await probe.end();
    latencies.sort((a, b) => a - b);
    const [{ stored, applied, paid, events }] = await raw<{ stored: number; applied: number; paid: number; events: number }[]>`
      select (select count(*)::int from notifications) stored,
             (select count(*)::int from notifications where applied_at is not null) applied,
             (select count(*)::int from orders where status = 'paid') paid,
             (select count(*)::int from order_events) events`;
    log(`accepted ${ok}/${count} (${failed} failed) in ${seconds.toFixed(2)} s → ${(ok / seconds).toFixed(0)} notifications/s`);
    log(`latency p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
    log(`stored ${stored}, applied ${applied}, orders paid ${paid}, order_events ${events}`);
    const perN = (k: number) => (k / count).toFixed(2);
    const totalStatements = [...statements.values()].reduce((a, b) => a + b, 0);
    log(
      `per notification: ${perN(totalStatements)} SQL statements (${[...statements].map(([k, v]) => `${k} ${perN(v)}`).join(", ")}), ${perN(commits)} commits (pg_stat_database)`,
    );
    log(`Node CPU (this process: server + load generator): ${((cpu.user + cpu.system) / 1000 / count).toFixed(2)} ms per notification`);
    log(`backend states over ${samples} samples of pg_stat_activity (average backends in each):`);
    for (const [w, k] of [...waits].sort((a, b) => b[1] - a[1])) log(`  ${(k / samples).toFixed(2).padStart(6)}  ${w}`);
    const lost = storeOnly ? ok !== stored : ok !== stored || stored !== applied || applied !== paid;
    log(lost ? "LOST OR UNAPPLIED NOTIFICATIONS: counts differ" : storeOnly ? "none lost: sent = stored" : "none lost: sent = stored = applied = paid");
    if (lost) process.exitCode = 1;
  } finally {
    server.close();
    setDbHandle(undefined);
    await handle.close();
  }
}

async function dbCommits(probe: postgres.Sql): Promise<number> {
  // Statistics are per backend until flushed; pg_stat_clear_snapshot makes this read fresh.
  await probe`select pg_stat_clear_snapshot()`;
  const [r] = await probe<{ n: string }[]>`select xact_commit::text n from pg_stat_database where datname = ${DB_NAME}`;
  return Number(r!.n);
}

/**
 * Coin payout throughput: the executor (payPayout — claim, cashback with the row's Request-Id,
 * outcome, audit) against the GoPay sandbox running as a CHILD PROCESS, on Postgres
 * (loket_bench_coins_pay). Reports payouts/s, p50/p99 per payout, and Loket's own CPU per payout
 * (process.cpuUsage of this process: client, signing-free JSON, postgres.js; the sandbox and
 * Postgres are other processes). Checks every row paid and the sandbox's ledger grew by exactly N.
 *
 *   npm run bench -- --only=coins-pay [--payouts=2000] [--concurrency=1,16]
 */
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import postgres from "postgres";
import { coinPayouts, customers } from "../../db/schema";
import { migrateDb, openDb } from "../../app/db/client.server";
import { resetEnvCache } from "../../app/env.server";
import { createGopayClient } from "../../app/gopay/index.server";
import { encryptSecret } from "../../app/lib/crypto.server";
import { mintCoinRequestId, payPayout } from "../../app/services/coins/pay.server";
import { prepareDemoConfig } from "../../server/demo-config";
import { withDatabase } from "../support/pg-url";
import type { BenchFlags } from "./index";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DB_NAME = "loket_bench_coins_pay";
const MINIAPP = {
  GOPAY_MINIAPP_CLIENT_ID: "loket-bench-miniapp",
  GOPAY_MINIAPP_CLIENT_SECRET: "loket-bench-miniapp-secret",
};

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startChildSandbox() {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "loket-bench-coins-"));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (/^(GOPAY_|SANDBOX_|MIDTRANS_)/.test(k)) delete env[k];
  Object.assign(env, MINIAPP, {
    LOKET_DATA_DIR: dataDir,
    SANDBOX_PORT: String(port),
    PORT: String(await freePort()),
  });
  prepareDemoConfig(env);
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["sandbox/index.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  };
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sandbox child exited:\n${output}`);
    try {
      if ((await fetch(`${url}/_sandbox/state`)).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`sandbox did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const control = async <T>(p: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}/_sandbox${p}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as T;
  };
  return { url, stop, control };
}

export default async function run(flags: BenchFlags): Promise<void> {
  const n = Number(flags.payouts ?? 2000);
  const concurrencies = String(flags.concurrency ?? "1,16")
    .split(",")
    .map(Number);
  const log = (s: string) => console.log(`  ${s}`);
  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
  process.env.DATA_ENCRYPTION_KEY ??= "bench-coins-data-encryption-key-0123456789";
  resetEnvCache();

  const handle = await openDb({ url: withDatabase(baseUrl, DB_NAME), max: 40 });
  const sb = await startChildSandbox();
  try {
    await migrateDb(handle);
    const db = handle.db;
    await sb.control("/coins/wallet", { rupiah: 1_000_000_000_000 });
    const users =
      await sb.control<{ id: string; name: string; phone: string; authToken: string }[]>("/customers");
    const rows = await db
      .insert(customers)
      .values(
        users.map((u) => ({
          merchantUserId: `bench-${u.id}`,
          name: u.name,
          phone: u.phone,
          authTokenEnc: encryptSecret(u.authToken),
        })),
      )
      .returning({ id: customers.id });
    const client = createGopayClient({
      snap: {
        baseUrl: sb.url,
        clientId: "x",
        clientSecret: "y",
        partnerId: "P",
        channelId: "1",
        merchantId: "M",
        privateKeyPem: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey,
      },
      core: { baseUrl: sb.url, serverKey: "x" },
      miniApp: {
        baseUrl: sb.url,
        clientId: MINIAPP.GOPAY_MINIAPP_CLIENT_ID,
        clientSecret: MINIAPP.GOPAY_MINIAPP_CLIENT_SECRET,
      },
      timeoutMs: 10_000,
      maxRetries: 2,
      logger: pino({ level: "silent" }),
    });
    log(
      `load average before: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}`,
    );
    const results: Record<string, unknown>[] = [];
    for (const conc of concurrencies) {
      const ids: string[] = [];
      for (let i = 0; i < n; i += 1000) {
        const chunk = Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({
          customerId: rows[(i + k) % rows.length]!.id,
          amount: 1_000_00n,
          description: `Bench ${randomUUID().slice(0, 8)}`,
          requestId: mintCoinRequestId(),
          status: "queued" as const,
        }));
        ids.push(
          ...(await db.insert(coinPayouts).values(chunk).returning({ id: coinPayouts.id })).map((r) => r.id),
        );
      }
      const before = (await sb.control<{ cashbacks: unknown[] }>("/miniapp")).cashbacks.length;
      const latencies: number[] = [];
      const kinds: Record<string, number> = {};
      let next = 0;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: conc }, async () => {
          for (;;) {
            const i = next++;
            if (i >= ids.length) return;
            const s = performance.now();
            const r = await payPayout({ database: db, client }, ids[i]!);
            latencies.push(performance.now() - s);
            kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const after = (await sb.control<{ cashbacks: unknown[] }>("/miniapp")).cashbacks.length;
      latencies.sort((a, b) => a - b);
      const r = {
        concurrency: conc,
        payouts: n,
        seconds: Number(seconds.toFixed(2)),
        payoutsPerSecond: Number((n / seconds).toFixed(1)),
        p50Ms: Number(pct(latencies, 50).toFixed(1)),
        p99Ms: Number(pct(latencies, 99).toFixed(1)),
        loketCpuMsPerPayout: Number(((cpu.user + cpu.system) / 1000 / n).toFixed(2)),
        outcomes: kinds,
        sandboxLedgerGrewBy: after - before,
      };
      if (r.sandboxLedgerGrewBy !== n || kinds.paid !== n)
        throw new Error(`not every payout paid exactly once: ${JSON.stringify(r)}`);
      results.push(r);
      log(
        `concurrency ${conc}: ${r.payoutsPerSecond} payouts/s (${n} in ${r.seconds} s), p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, Loket CPU ${r.loketCpuMsPerPayout} ms/payout; ledger +${r.sandboxLedgerGrewBy}`,
      );
    }
    log(
      `load average after: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}`,
    );
    const dir = path.join(ROOT, "tests/bench/results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "coins-pay.json"),
      JSON.stringify({ at: new Date().toISOString(), load: loadavg(), results }, null, 2),
    );
  } finally {
    await sb.stop();
    await handle.close();
  }
}

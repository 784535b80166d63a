/**
 * Bulk coin payouts (issue 13): validation of a 100,000-row CSV (goal ≤ 10 s and ≤ 300 MB peak RSS)
 * and payout throughput against the sandbox (payouts/s, Loket CPU per payout). Both measured in a
 * child process (tests/bench/coins-bulk-child.ts) so the sandbox's own work (in this process) is not
 * counted. Database: loket_bench_coins (recreated each run).
 * Flags: --rows=N (CSV rows, default 100000)  --payouts=N (batch paid, default 2000)  --concurrency=N (default 8)
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { coinSettings, customers, staff } from "../../db/schema";
import { migrateDb, openDb, setDbHandle } from "../../app/db/client.server";
import { resetEnvCache } from "../../app/env.server";
import { encryptSecret } from "../../app/lib/crypto.server";
import { approveBatch } from "../../app/services/coins/batch-approval.server";
import { submitBatch } from "../../app/services/coins/batch-submit.server";
import { checkBulkCsv } from "../../app/services/coins/bulk-check.server";
import { bytesOf } from "../../app/services/coins/bulk-csv.server";
import { startSandbox } from "../../sandbox/server";
import { sandboxControl } from "../support/sandbox-control";
import { withDatabase } from "../support/pg-url";
import type { BenchFlags } from "./index";

const DB_NAME = "loket_bench_coins";
const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CHILD = path.join(ROOT, "tests/bench/coins-bulk-child.ts");
const MINIAPP = { id: "bench-miniapp", secret: "bench-miniapp-secret" };
const run$ = promisify(execFile);

async function child(args: string[], env: Record<string, string>): Promise<Record<string, number | string>> {
  const { stdout } = await run$(TSX, [CHILD, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: "silent" },
    maxBuffer: 10 * 1024 * 1024,
  });
  const line = stdout.trim().split("\n").pop()!;
  return JSON.parse(line) as Record<string, number | string>;
}

export default async function run(flags: BenchFlags): Promise<void> {
  const rows = Number(flags.rows ?? 100_000);
  const payouts = Number(flags.payouts ?? 2_000);
  const concurrency = Number(flags.concurrency ?? 8);
  const log = (s: string) => console.log(`  ${s}`);
  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = withDatabase(baseUrl, DB_NAME);
  process.env.DATA_ENCRYPTION_KEY ??= "coins-bulk-bench-encryption-key-0123456789";
  resetEnvCache();
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
  const handle = await openDb({ url, max: 8 });
  setDbHandle(handle);
  const db = handle.db;
  const sb = await startSandbox({
    port: 0,
    miniappClientId: MINIAPP.id,
    miniappClientSecret: MINIAPP.secret,
    sweepIntervalMs: 600_000,
  });
  try {
    await migrateDb(handle);
    await db
      .insert(coinSettings)
      .values({ id: 1, monthlyBudget: 1_000_000_000_000n })
      .onConflictDoUpdate({ target: coinSettings.id, set: { monthlyBudget: 1_000_000_000_000n } });
    // Customers: the first `payouts` are real sandbox mini-app users (their tokens work); the rest only need a token on file.
    const users = await sandboxControl<{ id: string; phone: string; name: string; authToken: string }[]>(
      sb.url,
      "/miniapp/users",
      { count: payouts },
    );
    const t0 = performance.now();
    const made: { id: string; phone: string; merchantUserId: string }[] = [];
    for (let i = 0; i < rows; i += 5_000) {
      const chunk = Array.from({ length: Math.min(5_000, rows - i) }, (_, k) => {
        const n = i + k;
        const u = users[n];
        return {
          merchantUserId: `MU-bench-${n}`,
          name: u?.name ?? `Bench Customer ${n}`,
          searchName: (u?.name ?? `bench customer ${n}`).toLowerCase(),
          phone: u?.phone ?? `6289${String(100_000_000 + n)}`,
          authTokenEnc: encryptSecret(u?.authToken ?? `AT-bench-${randomUUID()}`),
        };
      });
      made.push(
        ...(
          await db
            .insert(customers)
            .values(chunk)
            .returning({ id: customers.id, phone: customers.phone, merchantUserId: customers.merchantUserId })
        ).map((r) => ({ id: r.id, phone: r.phone!, merchantUserId: r.merchantUserId! })),
      );
    }
    log(`${rows.toLocaleString("en")} customers seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // The CSV: customers by id, phone and merchant user id in turn; amounts written as people do.
    const amounts = ["10000", "10.000", "Rp 25.000", "5.000", "Rp. 12.500"];
    const line = (c: (typeof made)[number], n: number) =>
      `${n % 3 === 0 ? c.id : n % 3 === 1 ? c.phone : c.merchantUserId},"${amounts[n % amounts.length]}",Terima kasih pelanggan setia #${n}`;
    const csv = ["customer,amount,description", ...made.map(line)].join("\n") + "\n";
    const file = path.join(os.tmpdir(), `coins-bulk-bench-${process.pid}.csv`);
    writeFileSync(file, csv);
    log(`CSV: ${rows.toLocaleString("en")} rows, ${(Buffer.byteLength(csv) / 1024 / 1024).toFixed(1)} MB`);

    const env = {
      DATABASE_URL: url,
      DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY!,
      SANDBOX_URL: sb.url,
      MINIAPP_ID: MINIAPP.id,
      MINIAPP_SECRET: MINIAPP.secret,
      CONCURRENCY: String(concurrency),
    };
    const checks = [];
    for (let r = 0; r < 2; r++) checks.push(await child(["check", file], env));
    for (const c of checks)
      log(
        `validation: ${(Number(c.ms) / 1000).toFixed(2)} s (CPU ${(Number(c.cpuMs) / 1000).toFixed(2)} s), peak RSS ${Number(c.maxRssMb).toFixed(0)} MB, ${c.rows} rows valid, ${c.errors} errors, ${c.warnings} warnings`,
      );

    // Throughput: a batch of `payouts` rows to the real sandbox users, submitted and approved by the services.
    const [a, b] = await db
      .insert(staff)
      .values([
        {
          email: `bench-a-${randomUUID().slice(0, 6)}@loket.test`,
          name: "Bench A",
          role: "finance",
          passwordHash: "x",
        },
        {
          email: `bench-b-${randomUUID().slice(0, 6)}@loket.test`,
          name: "Bench B",
          role: "finance",
          passwordHash: "x",
        },
      ])
      .returning();
    const small = [
      "customer,amount,description",
      ...made.slice(0, payouts).map((c, n) => `${c.id},1000,Bench payout ${n}`),
    ].join("\n");
    const checked = await checkBulkCsv(db, bytesOf(new TextEncoder().encode(small)));
    if (!checked.ok || !checked.canSubmit) throw new Error("bench batch does not pass its check");
    const sub = await submitBatch(db, {
      check: checked,
      filename: "bench.csv",
      actor: { id: a!.id, email: a!.email },
    });
    if (sub.kind !== "submitted") throw new Error(sub.message);
    await approveBatch(db, { approvalId: sub.approvalId, actor: { id: b!.id, email: b!.email } });
    const pay = await child(["pay", sub.batchId], env);
    const perSec = (Number(pay.paid) / Number(pay.ms)) * 1000;
    const cpuPer = Number(pay.cpuMs) / Number(pay.paid);
    log(
      `payouts: ${pay.paid} paid in ${(Number(pay.ms) / 1000).toFixed(1)} s = ${perSec.toFixed(0)} payouts/s at concurrency ${concurrency}; Loket CPU ${cpuPer.toFixed(2)} ms per payout`,
    );
    log(
      `load average now: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")} on ${os.cpus().length} CPUs`,
    );
    mkdirSync(path.join(ROOT, "tests/bench/results"), { recursive: true });
    writeFileSync(
      path.join(ROOT, "tests/bench/results/coins-bulk.json"),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          rows,
          checks,
          payouts: { ...pay, perSec, cpuPerPayoutMs: cpuPer, concurrency },
          loadavg: os.loadavg(),
        },
        null,
        2,
      ),
    );
  } finally {
    await sb.close();
    setDbHandle(undefined);
    await handle.close();
  }
}

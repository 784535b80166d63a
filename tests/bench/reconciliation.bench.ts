/**
 * Reconciliation against the sandbox (issue 14): N SNAP orders exist at a sandbox running as a CHILD
 * PROCESS (its own event loop, as GoPay would be) and in loket_bench_recon (Postgres); a run checks
 * them all unthrottled (orders/s, Loket CPU per order from process.cpuUsage — the sandbox's CPU is
 * not ours), and a second run checks a smaller day at the default throttle (20/s) to show the pace
 * holds. 100,000 orders take the sandbox ~minutes to create on this machine: N defaults to 5,000
 * and the 100,000 figures are extrapolated (linear: each order is one status call and a share of a
 * batch write).
 *
 *   npm run bench -- --only=reconciliation [--orders=5000] [--throttled=300]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import postgres from "postgres";
import { migrateDb, openDb } from "../../app/db/client.server";
import { createGopayClient } from "../../app/gopay/index.server";
import { wibDateString } from "../../app/lib/time";
import { DEFAULT_THROTTLE_PER_SECOND } from "../../app/services/reconciliation/kinds";
import { insertRun, runToEnd } from "../../app/services/reconciliation/run.server";
import { orders, reconRuns } from "../../db/schema";
import { eq } from "drizzle-orm";
import { prepareDemoConfig } from "../../server/demo-config";
import { withDatabase } from "../support/pg-url";
import type { BenchFlags } from "./index";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DB_NAME = "loket_bench_recon";
const CREDS = {
  GOPAY_CLIENT_ID: "loket-bench-recon",
  GOPAY_CLIENT_SECRET: "loket-bench-recon-secret",
  GOPAY_PARTNER_ID: "LOKETBENCHRC",
  MIDTRANS_SERVER_KEY: "SB-Mid-server-loket-bench-rc",
  GOPAY_MINIAPP_CLIENT_ID: "loket-bench-miniapp",
  GOPAY_MINIAPP_CLIENT_SECRET: "loket-bench-miniapp-secret",
};
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

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

async function startChildSandbox(): Promise<{
  url: string;
  child: ChildProcess;
  privateKeyPem: string;
  stop(): Promise<void>;
}> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "loket-bench-recon-"));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (/^(GOPAY_|SANDBOX_|MIDTRANS_)/.test(k)) delete env[k];
  Object.assign(env, CREDS, {
    LOKET_DATA_DIR: dataDir,
    SANDBOX_PORT: String(port),
    PORT: String(await freePort()),
  });
  const config = prepareDemoConfig(env);
  // A webhook that answers 200 at once: with none listening the sandbox keeps every notification
  // pending and its sweeper re-walks an ever longer outbox (creation slowed to ~2 orders/s).
  const hook = createHttpServer((_req, res) => res.end("{}"));
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}`;
  env.SANDBOX_NOTIFY_URL = `${hookUrl}/v1.0/debit/notify`;
  env.SANDBOX_CORE_NOTIFY_URL = `${hookUrl}/webhooks/gopay`;
  env.SANDBOX_SNAPSHOT_FILE = ""; // no state file: serialising thousands of payments every 200 ms is not what we measure
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["sandbox/index.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
    hook.close();
  };
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sandbox child exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/_sandbox/state`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`sandbox child did not answer within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child, privateKeyPem: readFileSync(config.GOPAY_PRIVATE_KEY_FILE!, "utf8"), stop };
}

async function pool<T>(items: T[], concurrency: number, f: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < items.length) await f(items[i++]!);
    }),
  );
}

export default async function run(flags: BenchFlags): Promise<void> {
  const n = Number(flags.orders ?? 5_000);
  const throttledN = Number(flags.throttled ?? 300);
  const log = (s: string) => console.log(`  ${s}`);
  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
  const handle = await openDb({ url: withDatabase(baseUrl, DB_NAME), max: 8 });
  const sb = await startChildSandbox();
  try {
    await migrateDb(handle);
    const db = handle.db;
    const client = createGopayClient({
      snap: {
        baseUrl: sb.url,
        clientId: CREDS.GOPAY_CLIENT_ID,
        clientSecret: CREDS.GOPAY_CLIENT_SECRET,
        partnerId: CREDS.GOPAY_PARTNER_ID,
        channelId: "12345",
        merchantId: "M-BENCH",
        privateKeyPem: sb.privateKeyPem,
      },
      core: { baseUrl: sb.url, serverKey: CREDS.MIDTRANS_SERVER_KEY },
      miniApp: {
        baseUrl: sb.url,
        clientId: CREDS.GOPAY_MINIAPP_CLIENT_ID,
        clientSecret: CREDS.GOPAY_MINIAPP_CLIENT_SECRET,
      },
      timeoutMs: 30_000,
      logger: pino({ level: "silent" }),
    });
    const dayA = wibDateString(new Date(Date.now() - 86_400_000)); // the unthrottled run's day
    const dayB = wibDateString(new Date(Date.now() - 2 * 86_400_000)); // the throttled run's day
    const at = (day: string) => new Date(`${day}T12:00:00+07:00`);
    log(`load average before: ${load()}`);
    const t0 = Date.now();
    const specs = [
      ...Array.from({ length: n }, () => dayA),
      ...Array.from({ length: throttledN }, () => dayB),
    ].map((day, i) => ({ day, i }));
    const rows: (typeof orders.$inferInsert)[] = [];
    await pool(specs, 16, async ({ day, i }) => {
      const orderId = `BR-${i}-${randomUUID().slice(0, 6)}`;
      const externalId = randomUUID().replace(/-/g, "");
      const amount = 10_000_00n + BigInt(i % 50) * 1_000_00n;
      const res = await client.snap.payment({
        externalId,
        partnerReferenceNo: orderId,
        amount,
        returnUrl: "https://loket.test/back",
      });
      rows.push({
        orderId,
        externalId,
        gopayReference: res.referenceNo ?? null,
        channel: "deeplink",
        status: "pending",
        amount,
        createdAt: new Date(at(day).getTime() + i),
      });
    });
    for (let k = 0; k < rows.length; k += 1000) await db.insert(orders).values(rows.slice(k, k + 1000));
    log(
      `${rows.length.toLocaleString("en")} orders at the sandbox and in ${DB_NAME} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    const measure = async (day: string, throttle: number, count: number) => {
      const r = await insertRun(db, {
        from: day,
        to: day,
        throttlePerSecond: throttle,
        kind: "manual",
        startedBy: null,
      });
      const cpu0 = process.cpuUsage();
      const w0 = performance.now();
      await runToEnd(r!.id, { client, database: db });
      const wall = (performance.now() - w0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const [done] = await db.select().from(reconRuns).where(eq(reconRuns.id, r!.id));
      if (done!.checked !== count) throw new Error(`checked ${done!.checked} of ${count}`);
      const cpuUsPerOrder = (cpu.user + cpu.system) / count;
      return { wall, perSecond: count / wall, cpuUsPerOrder, differences: done!.differences };
    };
    const free = await measure(dayA, 0, n);
    log(
      `unthrottled: ${n.toLocaleString("en")} orders in ${free.wall.toFixed(1)} s = ${free.perSecond.toFixed(0)} orders/s; Loket CPU ${(free.cpuUsPerOrder / 1000).toFixed(2)} ms/order; ${free.differences} differences`,
    );
    const paced = await measure(dayB, DEFAULT_THROTTLE_PER_SECOND, throttledN);
    log(
      `throttled at ${DEFAULT_THROTTLE_PER_SECOND}/s: ${throttledN} orders in ${paced.wall.toFixed(1)} s = ${paced.perSecond.toFixed(1)} orders/s; Loket CPU ${(paced.cpuUsPerOrder / 1000).toFixed(2)} ms/order`,
    );
    log(
      `extrapolated to 100,000 orders: unthrottled ≈ ${(100_000 / free.perSecond / 60).toFixed(1)} min; at ${DEFAULT_THROTTLE_PER_SECOND}/s ≈ ${(100_000 / paced.perSecond / 60).toFixed(0)} min; Loket CPU ≈ ${((100_000 * free.cpuUsPerOrder) / 1e6).toFixed(0)} s`,
    );
    log(`load average after: ${load()}`);
  } finally {
    await sb.stop();
    await handle.close();
  }
}

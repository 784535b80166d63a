/**
 * Reconciliation against the sandbox (issue 14): N SNAP orders exist at a sandbox running as a CHILD
 * PROCESS (its own event loop, as GoPay would be; its state file on, as in the demo) and in
 * loket_bench_recon (Postgres); a run checks them all unthrottled (orders/s, Loket CPU per order from
 * process.cpuUsage; the sandbox's CPU from /proc, shown apart), and a second run checks a smaller day
 * at the default throttle (20/s) — a few hundred orders show the pace, which is the limit by design.
 *
 * The payments are created with the sandbox's bulk control (real pending payments that status
 * queries answer, without a signed "pending" notification each); `--create=api` creates them
 * through Loket's client instead (under 60/s at load average ~27: 100,000 take ~30 min).
 * Measured 2026-11-30 at 100,000 orders: docs/benchmarks.md, "Reconciliation against the sandbox";
 * the numbers also go to tests/bench/results/reconciliation.json.
 *
 *   npm run bench -- --only=reconciliation [--orders=5000] [--throttled=300]
 *                    [--create=bulk|api] [--create-concurrency=32] [--profile-sandbox[=DIR]]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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

/** CPU seconds (user + system) of a process and all its descendants, from /proc (Linux). */
function treeCpuSeconds(pid: number): number {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return 0;
  const fields = readFileSync(stat, "utf8").split(") ")[1]!.split(" ");
  let total = (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks
  const children = `/proc/${pid}/task/${pid}/children`;
  if (existsSync(children))
    for (const c of readFileSync(children, "utf8").trim().split(/\s+/).filter(Boolean)) total += treeCpuSeconds(Number(c));
  return total;
}

async function startChildSandbox(profileDir?: string): Promise<{
  url: string;
  child: ChildProcess;
  privateKeyPem: string;
  snapshotFile: string;
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
  // The sandbox keeps its state file as in the demo (an empty value would be filled in by
  // prepareDemoConfig in the child anyway): at 100,000 payments writing it is part of its cost.
  const snapshotFile = path.join(dataDir, "sandbox-state.json");
  env.SANDBOX_SNAPSHOT_FILE = snapshotFile;
  // --profile-sandbox: the child itself under --cpu-prof (not allowed in NODE_OPTIONS, so node runs tsx as a loader).
  const [cmd, args] = profileDir
    ? [process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--import", "tsx", "sandbox/index.ts"]]
    : [path.join(ROOT, "node_modules/.bin/tsx"), ["sandbox/index.ts"]];
  const child = spawn(cmd, args, {
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
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
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
  return { url, child, privateKeyPem: readFileSync(config.GOPAY_PRIVATE_KEY_FILE!, "utf8"), snapshotFile, stop };
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
  const createConcurrency = Number(flags["create-concurrency"] ?? 32);
  const createMode = flags.create === "api" ? "api" : "bulk";
  const log = (s: string) => console.log(`  ${s}`);
  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
  const handle = await openDb({ url: withDatabase(baseUrl, DB_NAME), max: 8 });
  const profileDir = flags["profile-sandbox"] ? String(flags["profile-sandbox"] === true ? path.join(tmpdir(), "loket-recon-sandbox-prof") : flags["profile-sandbox"]) : undefined;
  const sb = await startChildSandbox(profileDir);
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
    const sandboxCpu = () => treeCpuSeconds(sb.child.pid!);
    const t0 = Date.now();
    const c0 = sandboxCpu();
    const specs = [
      ...Array.from({ length: n }, () => dayA),
      ...Array.from({ length: throttledN }, () => dayB),
    ].map((day, i) => ({ day, i }));
    const rows: (typeof orders.$inferInsert)[] = [];
    const spec = ({ day, i }: { day: string; i: number }) => ({
      orderId: `BR-${i}-${randomUUID().slice(0, 6)}`,
      externalId: randomUUID().replace(/-/g, ""),
      amount: 10_000_00n + BigInt(i % 50) * 1_000_00n,
      createdAt: new Date(at(day).getTime() + i),
    });
    const row = (o: ReturnType<typeof spec>, referenceNo: string | undefined) => ({
      ...o,
      gopayReference: referenceNo ?? null,
      channel: "deeplink" as const,
      status: "pending" as const,
    });
    if (createMode === "api") {
      // Real SNAP payments through Loket's client, as an order page creates them; the sandbox is
      // one event loop, so more in flight only queues there.
      await pool(specs, createConcurrency, async (x) => {
        const o = spec(x);
        const res = await client.snap.payment({ externalId: o.externalId, partnerReferenceNo: o.orderId, amount: o.amount, returnUrl: "https://loket.test/back" });
        if ((rows.length + 1) % 10_000 === 0)
          log(`  … ${(rows.length + 1).toLocaleString("en")} payments after ${((Date.now() - t0) / 1000).toFixed(0)} s (load average ${load()})`);
        rows.push(row(o, res.referenceNo));
      });
    } else {
      // The sandbox's bulk control: the same pending payments, valid for 6 hours, without an HTTP
      // call and a signed "pending" notification each (sandbox/snap.ts createPaymentsInBulk).
      for (let k = 0; k < specs.length; k += 5_000) {
        const chunk = specs.slice(k, k + 5_000).map(spec);
        const res = await fetch(`${sb.url}/_sandbox/snap/payments/bulk`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            validForMs: 6 * 3_600_000,
            payments: chunk.map((o) => ({ partnerReferenceNo: o.orderId, externalId: o.externalId, amountSen: Number(o.amount) })),
          }),
        });
        if (!res.ok) throw new Error(`bulk create: ${res.status} ${await res.text()}`);
        const { referenceNos } = (await res.json()) as { referenceNos: string[] };
        chunk.forEach((o, j) => rows.push(row(o, referenceNos[j])));
      }
    }
    const createdS = (Date.now() - t0) / 1000;
    const createSandboxCpuMs = ((sandboxCpu() - c0) * 1000) / rows.length;
    for (let k = 0; k < rows.length; k += 1000) await db.insert(orders).values(rows.slice(k, k + 1000));
    log(
      `${rows.length.toLocaleString("en")} payments created at the sandbox (${createMode === "api" ? `API, ${createConcurrency} in flight` : "bulk control"}) in ${createdS.toFixed(1)} s (${(rows.length / createdS).toFixed(0)}/s; sandbox CPU ${createSandboxCpuMs.toFixed(2)} ms/payment), in ${DB_NAME} after ${((Date.now() - t0) / 1000).toFixed(1)} s; load average ${load()}`,
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
      const sb0 = sandboxCpu();
      const w0 = performance.now();
      await runToEnd(r!.id, { client, database: db });
      const wall = (performance.now() - w0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const sandboxMsPerOrder = ((sandboxCpu() - sb0) * 1000) / count;
      const [done] = await db.select().from(reconRuns).where(eq(reconRuns.id, r!.id));
      if (done!.checked !== count) throw new Error(`checked ${done!.checked} of ${count}`);
      const cpuUsPerOrder = (cpu.user + cpu.system) / count;
      return { orders: count, throttle, wall, perSecond: count / wall, cpuUsPerOrder, sandboxMsPerOrder, differences: done!.differences, load: load() };
    };
    const free = await measure(dayA, 0, n);
    log(
      `unthrottled: ${n.toLocaleString("en")} orders in ${free.wall.toFixed(1)} s = ${free.perSecond.toFixed(0)} orders/s; Loket CPU ${(free.cpuUsPerOrder / 1000).toFixed(2)} ms/order (${((n * free.cpuUsPerOrder) / 1e6).toFixed(1)} s in all); sandbox CPU ${free.sandboxMsPerOrder.toFixed(2)} ms/order; ${free.differences} differences; load average ${free.load}`,
    );
    const paced = await measure(dayB, DEFAULT_THROTTLE_PER_SECOND, throttledN);
    log(
      `throttled at ${DEFAULT_THROTTLE_PER_SECOND}/s: ${throttledN} orders in ${paced.wall.toFixed(1)} s = ${paced.perSecond.toFixed(1)} orders/s; Loket CPU ${(paced.cpuUsPerOrder / 1000).toFixed(2)} ms/order; load average ${paced.load}`,
    );
    log(
      `${n < 100_000 ? "extrapolated" : "scaled"} to 100,000 orders: unthrottled ≈ ${(100_000 / free.perSecond / 60).toFixed(1)} min; at ${DEFAULT_THROTTLE_PER_SECOND}/s ≈ ${(100_000 / paced.perSecond / 60).toFixed(0)} min`,
    );
    const snapshotMb = existsSync(sb.snapshotFile) ? statSync(sb.snapshotFile).size / 1e6 : 0;
    log(`sandbox state file: ${snapshotMb.toFixed(0)} MB; load average after: ${load()}`);
    const dir = path.join(ROOT, "tests/bench/results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, `reconciliation${n === 100_000 ? "" : `-${n}`}.json`),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          command: `npm run bench -- --only=reconciliation --orders=${n} --throttled=${throttledN} --create=${createMode}${createMode === "api" ? ` --create-concurrency=${createConcurrency}` : ""}`,
          create: { mode: createMode, payments: rows.length, seconds: createdS, perSecond: rows.length / createdS, sandboxCpuMsPerPayment: createSandboxCpuMs },
          unthrottled: free,
          throttled: paced,
          snapshotMb,
        },
        null,
        2,
      ),
    );
  } finally {
    await sb.stop();
    await handle.close();
  }
}

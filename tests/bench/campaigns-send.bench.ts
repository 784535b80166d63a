/**
 * Campaign send throughput: the delivery engine (drainCampaign — SKIP LOCKED claims, the gate
 * under the campaign row's lock, a push per recipient with its own Request-Id, outcomes written per
 * batch) in one and then two worker PROCESSES (tests/integration/campaigns-delivery-worker.ts) on
 * Postgres (loket_bench_campaigns, recreated), against the GoPay sandbox as a child process, throttle
 * off. Reports sends/s, Loket CPU per send (each worker's own process.cpuUsage, start-up excluded)
 * and the sandbox's CPU per send (/proc of its process tree) separately; checks every recipient
 * sent and no Request-Id with two effects at the sandbox.
 *
 *   npm run bench -- --only=campaigns-send [--recipients=20000] [--batch=500] [--concurrency=64]
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { campaignRecipients, campaigns, campaignTemplates, customers } from "../../db/schema";
import { migrateDb, openDb, type Db } from "../../app/db/client.server";
import { encryptSecret } from "../../app/lib/crypto.server";
import { prepareDemoConfig } from "../../server/demo-config";
import { ENCRYPTION_KEY, MINIAPP } from "../integration/campaigns-delivery-client";
import { withDatabase } from "../support/pg-url";
import type { BenchFlags } from "./index";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const WORKER = path.join(ROOT, "tests/integration/campaigns-delivery-worker.ts");
const DB_NAME = "loket_bench_campaigns";
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
  let total = 0;
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return 0;
  const fields = readFileSync(stat, "utf8").split(") ")[1]!.split(" ");
  total += (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (field 14, 15) in clock ticks
  for (const task of ["children"]) {
    const f = `/proc/${pid}/task/${pid}/${task}`;
    if (!existsSync(f)) continue;
    for (const c of readFileSync(f, "utf8").trim().split(/\s+/).filter(Boolean))
      total += treeCpuSeconds(Number(c));
  }
  return total;
}

async function startChildSandbox() {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "loket-bench-campaigns-"));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (/^(GOPAY_|SANDBOX_|MIDTRANS_)/.test(k)) delete env[k];
  Object.assign(env, {
    GOPAY_MINIAPP_CLIENT_ID: MINIAPP.clientId,
    GOPAY_MINIAPP_CLIENT_SECRET: MINIAPP.clientSecret,
    LOKET_DATA_DIR: dataDir,
    SANDBOX_PORT: String(port),
    PORT: String(await freePort()),
  });
  prepareDemoConfig(env);
  const child = spawn(TSX, ["sandbox/index.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (const until = Date.now() + 30_000; ;) {
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
  const control = async <T>(p: string, body?: unknown, method?: string): Promise<T> => {
    const res = await fetch(`${url}/_sandbox${p}`, {
      method: method ?? (body === undefined ? "GET" : "POST"),
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as T;
  };
  return { url, stop, control, cpu: () => treeCpuSeconds(child.pid!) };
}

type Sandbox = Awaited<ReturnType<typeof startChildSandbox>>;

async function makeCampaign(db: Db, sb: Sandbox, n: number, templateId: string): Promise<string> {
  const users: { authToken: string; phone: string; name: string }[] = [];
  for (let left = n; left > 0; left -= 5_000)
    users.push(...(await sb.control<typeof users>("/miniapp/users", { count: Math.min(left, 5_000) })));
  const ids: string[] = [];
  for (let i = 0; i < users.length; i += 2_000) {
    const got = await db
      .insert(customers)
      .values(
        users
          .slice(i, i + 2_000)
          .map((u) => ({
            merchantUserId: `bench-${randomUUID()}`,
            name: u.name,
            phone: u.phone,
            authTokenEnc: encryptSecret(u.authToken, ENCRYPTION_KEY),
          })),
      )
      .returning({ id: customers.id });
    ids.push(...got.map((g) => g.id));
  }
  const [c] = await db
    .insert(campaigns)
    .values({
      name: `bench ${n}`,
      kind: "push",
      templateId,
      paramSources: {},
      audience: { type: "segment", segment: "bench" },
      status: "sending",
      schedule: { mode: "now" },
      throttlePerSecond: 0,
      startedAt: new Date(),
    })
    .returning({ id: campaigns.id });
  const due = new Date(Date.now() - 1_000);
  for (let i = 0; i < ids.length; i += 2_000)
    await db
      .insert(campaignRecipients)
      .values(
        ids
          .slice(i, i + 2_000)
          .map((customerId) => ({
            campaignId: c!.id,
            customerId,
            params: { title: "Promo", body: "Your order is on its way" },
            requestId: randomUUID(),
            dueAt: due,
          })),
      );
  return c!.id;
}

function runWorker(env: Record<string, string>): Promise<{ sent: number; ms: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [WORKER], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "silent", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err.slice(-2000)}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!) as { sent: number; ms: number; cpuMs: number });
    });
  });
}

export default async function run(flags: BenchFlags): Promise<void> {
  const n = Number(flags.recipients ?? 20_000);
  const batch = String(flags.batch ?? 500);
  const concurrency = String(flags.concurrency ?? 64);
  const log = (s: string) => console.log(`  ${s}`);
  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
  const url = withDatabase(baseUrl, DB_NAME);
  const handle = await openDb({ url, max: 4 });
  const sb = await startChildSandbox();
  try {
    await migrateDb(handle);
    const db = handle.db;
    const [tpl] = await db
      .insert(campaignTemplates)
      .values({ name: "HK_PDS_NOTIFY", kind: "push", params: [] })
      .returning({ id: campaignTemplates.id });
    log(
      `${n} recipients per run, throttle off, batch ${batch}, ${concurrency} calls in flight per worker; load ${load()}`,
    );
    for (const procs of [1, 2]) {
      const campaignId = await makeCampaign(db, sb, n, tpl!.id);
      await sb.control("/miniapp/effects", undefined, "DELETE");
      const cpu0 = sb.cpu();
      const t0 = Date.now();
      const outs = await Promise.all(
        Array.from({ length: procs }, (_, i) =>
          runWorker({
            DATABASE_URL: url,
            SANDBOX_URL: sb.url,
            CAMPAIGN_ID: campaignId,
            DATA_ENCRYPTION_KEY: ENCRYPTION_KEY,
            WORKER_ID: `bench-${procs}-${i}`,
            BATCH: batch,
            CONCURRENCY: concurrency,
          }),
        ),
      );
      const wallWithStart = Date.now() - t0;
      const sbCpu = sb.cpu() - cpu0;
      const sent = outs.reduce((a, o) => a + o.sent, 0);
      const ms = Math.max(...outs.map((o) => o.ms));
      const cpuMs = outs.reduce((a, o) => a + o.cpuMs, 0);
      const fx = await sb.control<{ total: number; duplicates: unknown[] }>("/miniapp/effects");
      const [left] = await handle.sql!<
        { n: number }[]
      >`select count(*)::int as n from campaign_recipients where campaign_id = ${campaignId} and status <> 'sent'`;
      log(
        `${procs} worker process${procs > 1 ? "es" : ""}: ${sent} sent in ${(ms / 1000).toFixed(2)} s = ${Math.round(sent / (ms / 1000))} sends/s ` +
          `(wall incl. process start ${(wallWithStart / 1000).toFixed(1)} s); Loket CPU ${(cpuMs / sent).toFixed(3)} ms/send` +
          `${procs > 1 ? ` (${outs.map((o) => o.sent).join(" + ")})` : ""}; sandbox CPU ${((sbCpu * 1000) / sent).toFixed(3)} ms/send; ` +
          `effects at the sandbox ${fx.total}, duplicates ${fx.duplicates.length}, not sent ${left!.n}; load ${load()}`,
      );
      if (fx.duplicates.length > 0 || left!.n > 0 || fx.total !== n)
        throw new Error("campaign send bench: a recipient was not sent exactly once");
    }
  } finally {
    await sb.stop();
    await handle.close();
  }
}

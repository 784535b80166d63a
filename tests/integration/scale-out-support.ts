import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { inject } from "vitest";
import { openDb, setDbHandle, type DbHandle } from "../../app/db/client.server";
import { createGopayClient, type GopayClient } from "../../app/gopay/index.server";
import { startSandbox, type Sandbox } from "../../sandbox/server";
import { sandboxControl } from "../support/sandbox-control";
import { withDatabase } from "../support/pg-url";

/**
 * Several real Loket app processes on one Postgres database, as behind a load balancer: each is
 * `tsx server/index.ts` (the production entry: boot, migrations, pg-boss, Express + Remix) serving
 * the route sources (scale-out-build.ts), on its own port, with its own data directory and the same
 * secrets and public origin. They share one in-process GoPay sandbox, and the test has its own
 * connection and GoPay client to set up and read the truth. Postgres only (PGlite is one process).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const BUILD = path.join(ROOT, "tests/integration/scale-out-build.ts");
/** The public origin every process is configured with (what a load balancer would expose). */
export const PUBLIC_URL = "http://loket.test";
const CREDS = { clientId: "so-client", clientSecret: "so-client-secret-0123456789", partnerId: "SOPARTNER", serverKey: "SB-Mid-server-scale-out" };

export interface AppProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** stdout + stderr lines. */
  output: string[];
  /** Set when the process ended. */
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  exited: Promise<void>;
}

export interface Cluster {
  databaseUrl: string;
  /** The test's own connection to the cluster's database (open once the schema exists). */
  handle?: DbHandle;
  sb: Sandbox;
  /** The test's GoPay client: same credentials as the apps, generous timeout. */
  client: GopayClient;
  apps: AppProcess[];
  control(p: string, body?: unknown, method?: string): Promise<unknown>;
  openHandle(): Promise<DbHandle>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** A new EMPTY database (no template, no migrations), dropped by the run's global teardown (its name holds the run id). */
export async function createEmptyDatabase(): Promise<string> {
  const admin = process.env.DATABASE_URL!;
  const name = `loket_so_${inject("runId")}_${randomBytes(3).toString("hex")}`;
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await sql.end();
  }
  return withDatabase(admin, name);
}

export async function startCluster(opts: { processes: number }): Promise<Cluster> {
  const databaseUrl = await createEmptyDatabase();
  // Notifications go nowhere (a closed port): these tests look at what the apps do on their own.
  const dead = `http://127.0.0.1:${await freePort()}`;
  const sb = await startSandbox({ port: 0, ...CREDS, notifyUrl: `${dead}/v1.0/debit/notify`, coreNotifyUrl: `${dead}/webhooks/gopay`, sweepIntervalMs: 60_000 });
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), "loket-so-keys-"));
  const merchantKey = path.join(keysDir, "merchant-private.pem");
  const notifyPub = path.join(keysDir, "notify-public.pem");
  fs.writeFileSync(merchantKey, sb.keys.merchantPrivateKeyPem!);
  fs.writeFileSync(notifyPub, sb.keys.notifyPublicKeyPem);
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    LOKET_SERVER_BUILD: BUILD,
    APP_URL: PUBLIC_URL,
    COOKIE_SECURE: "false",
    TRUST_PROXY: "true",
    LOG_LEVEL: "warn",
    // The same secrets on every instance (README "Running several instances").
    SESSION_SECRET: randomBytes(24).toString("hex"),
    DATA_ENCRYPTION_KEY: randomBytes(24).toString("hex"),
    DEMO_PASSWORD: "scale-out-demo-pass",
    GOPAY_SNAP_BASE_URL: sb.url,
    GOPAY_CORE_BASE_URL: sb.url,
    GOPAY_MINIAPP_BASE_URL: sb.url,
    GOPAY_CLIENT_ID: CREDS.clientId,
    GOPAY_CLIENT_SECRET: CREDS.clientSecret,
    GOPAY_PARTNER_ID: CREDS.partnerId,
    MIDTRANS_SERVER_KEY: CREDS.serverKey,
    GOPAY_PRIVATE_KEY_FILE: merchantKey,
    GOPAY_NOTIFY_PUBLIC_KEY_FILE: notifyPub,
    GOPAY_TIMEOUT_MS: "15000",
  };
  const dataDirs: string[] = [keysDir];
  const apps: AppProcess[] = [];
  const ports = await Promise.all(Array.from({ length: opts.processes }, () => freePort()));
  // All spawned in the same tick: they boot against the empty database together.
  for (const [i, port] of ports.entries()) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loket-so-data-"));
    dataDirs.push(dataDir);
    apps.push(spawnApp(`app${i + 1}`, { ...shared, PORT: String(port), LOKET_DATA_DIR: dataDir }, port));
  }
  const client = createGopayClient({
    snap: { baseUrl: sb.url, clientId: CREDS.clientId, clientSecret: CREDS.clientSecret, partnerId: CREDS.partnerId, channelId: "12345", merchantId: "M-LOKET-DEMO", privateKeyPem: sb.keys.merchantPrivateKeyPem! },
    core: { baseUrl: sb.url, serverKey: CREDS.serverKey },
    miniApp: { baseUrl: sb.url, clientId: "x", clientSecret: "y" },
    timeoutMs: 30_000,
    maxRetries: 0,
  });
  const cluster: Cluster = {
    databaseUrl,
    sb,
    client,
    apps,
    control: (p, body, method) => sandboxControl(sb.url, p, body, method),
    async openHandle() {
      if (!cluster.handle) {
        cluster.handle = await openDb({ url: databaseUrl, max: 10 });
        setDbHandle(cluster.handle);
      }
      return cluster.handle;
    },
    async stop() {
      await Promise.all(apps.map((a) => stopApp(a)));
      if (cluster.handle) {
        setDbHandle(undefined);
        await cluster.handle.close();
      }
      await sb.close();
      for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
    },
  };
  return cluster;
}

function spawnApp(name: string, env: NodeJS.ProcessEnv, port: number): AppProcess {
  const child = spawn(TSX, ["server/index.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const app: AppProcess = { name, url: `http://127.0.0.1:${port}`, child, output: [], exited: Promise.resolve() };
  const collect = (chunk: Buffer) => app.output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  app.exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      app.exit = { code, signal };
      resolve();
    });
  });
  return app;
}

async function stopApp(app: AppProcess): Promise<void> {
  if (app.exit) return;
  app.child.kill("SIGTERM");
  const t = setTimeout(() => app.child.kill("SIGKILL"), 10_000);
  await app.exited;
  clearTimeout(t);
}

/** Polls /healthz until it answers 200; stops early when the process has exited. */
export async function waitHealthy(app: AppProcess, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until && !app.exit) {
    try {
      const res = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** What a process logged at error level or above (pino JSON, level ≥ 50), and any non-JSON stderr trace. */
export function errorLines(app: AppProcess): string[] {
  return app.output.filter((line) => {
    try {
      return (JSON.parse(line) as { level?: number }).level! >= 50;
    } catch {
      return /error/i.test(line);
    }
  });
}

/** A staff form POST to one process, from the public origin, as a signed-in browser would send it. */
export async function postForm(app: AppProcess, pathName: string, form: Record<string, string>, cookie: string): Promise<number> {
  const res = await fetch(`${app.url}${pathName}`, {
    method: "POST",
    redirect: "manual",
    // As a load balancer forwards it: the public host (Remix compares it with Origin).
    headers: { Origin: PUBLIC_URL, "X-Forwarded-Host": new URL(PUBLIC_URL).host, "X-Forwarded-Proto": "http", Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en-US" },
    body: new URLSearchParams(form).toString(),
  });
  await res.arrayBuffer();
  return res.status;
}

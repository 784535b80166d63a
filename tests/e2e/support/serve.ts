/**
 * The server the Playwright run talks to (playwright.config.ts `webServer`). Everything is fresh
 * per run: a temp data dir (keys, PGlite), and with DATABASE_URL a new database `loket_e2e_<runid>`
 * on that server, dropped at exit. Seeds the five demo sign-ins with E2E_PASSWORD, starts the
 * GoPay sandbox when sandbox/index.ts exists, then the built app (server/index.ts; needs `build/`).
 * Playwright stops it with SIGTERM to the process group; children are stopped and waited for.
 */
import { stopChildren } from "../../../server/children";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { prepareDemoConfig } from "../../../server/demo-config";
import { withDatabase } from "../../support/pg-url";
import { E2E_PASSWORD, E2E_PORT, E2E_SANDBOX_PORT, E2E_TOTP_SEED } from "./constants";

const root = path.resolve(import.meta.dirname, "../../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const runId = `${Date.now().toString(36)}${process.pid}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loket-e2e-"));
const adminUrl = process.env.DATABASE_URL;
const dbName = `loket_e2e_${runId}`;
const children: ChildProcess[] = [];

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  LOKET_DATA_DIR: dataDir,
  DEMO_PASSWORD: E2E_PASSWORD,
  DEMO_TOTP_SEED: E2E_TOTP_SEED,
  COOKIE_SECURE: "false",
  PORT: String(E2E_PORT),
  SANDBOX_PORT: String(E2E_SANDBOX_PORT),
  APP_URL: `http://127.0.0.1:${E2E_PORT}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  // Lets auth.spec.ts give its throttling test its own client IP (X-Forwarded-For), so blocking
  // that IP does not lock every other spec (all on 127.0.0.1) out for 15 minutes.
  TRUST_PROXY: "true",
};
if (adminUrl) env.DATABASE_URL = withDatabase(adminUrl, dbName);
// Keys and secrets into the temp dir, sandbox URLs on E2E_SANDBOX_PORT: app and sandbox share them.
prepareDemoConfig(env);

async function createDatabase(): Promise<void> {
  if (!adminUrl) return;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${dbName}`);
  } finally {
    await admin.end();
  }
}

async function dropDatabase(): Promise<void> {
  if (!adminUrl) return;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  } catch (err) {
    console.error(`[e2e] could not drop ${dbName}: ${(err as Error).message}`);
  } finally {
    await admin.end();
  }
}

/** Migrate and create the demo staff before the app starts (the app's boot task seeds only PGlite). */
async function seed(): Promise<void> {
  Object.assign(process.env, env);
  const { openDb, migrateDb } = await import("../../../app/db/client.server");
  const { ensureDemoStaff } = await import("../../../app/services/staff/demo-staff.server");
  const handle = await openDb({ url: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : path.join(dataDir, "pglite") });
  try {
    await migrateDb(handle);
    await ensureDemoStaff(handle.db, E2E_PASSWORD, E2E_TOTP_SEED);
  } finally {
    await handle.close();
  }
}

function start(name: string, script: string): ChildProcess {
  const child = spawn(tsx, [script], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[e2e] ${name} exited early (code ${code}, signal ${signal})`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url: string, what: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`[e2e] ${what} did not answer at ${url} within ${ms / 1000}s`);
}

let stopping = false;
async function stop(code: number): Promise<never> {
  stopping = true;
  await stopChildren(children, 8000);
  await dropDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

try {
  if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
    throw new Error("[e2e] build/ is missing: run `npx remix vite:build` first (npm run test:e2e does).");
  }
  await createDatabase();
  await seed();
  if (fs.existsSync(path.join(root, "sandbox/index.ts"))) {
    start("sandbox", "sandbox/index.ts");
    await waitFor(`http://127.0.0.1:${E2E_SANDBOX_PORT}/`, "the GoPay sandbox");
  }
  start("app", "server/index.ts");
  await waitFor(`http://127.0.0.1:${E2E_PORT}/healthz`, "the app");
  console.log(`[e2e] ready: app :${E2E_PORT}, ${adminUrl ? `Postgres db ${dbName}` : "embedded PGlite"}, data ${dataDir}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stop(1);
}

/**
 * `npm run db:seed`: works alone, in the order the README gives (`export DATABASE_URL=…;
 * npm run db:seed; npm start`), on a fresh or a half-seeded database:
 *
 *  1. the demo configuration `npm start` uses (server/demo-config.ts): the same generated secrets
 *     and keys in LOKET_DATA_DIR (.data/), so tokens encrypted now decrypt in the app later and
 *     the printed password is the one `npm start` would use;
 *  2. the database from the environment (DATABASE_URL, else the embedded one), migrations;
 *  3. the demo staff (one per role) — the password printed is checked against the accounts;
 *  4. the local GoPay sandbox, started for the seed when GoPay is the local sandbox and nothing
 *     answers there yet (stopped again at the end; its state file is what `npm start` loads);
 *  5. the demo data (app/services/demo-data/seed.server.ts): marked done only when complete, so
 *     a run that was interrupted is completed by the next one.
 *
 * `--reset-demo-passwords` sets the demo accounts' password to the printed one (audited).
 */
import "dotenv/config";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { prepareDemoConfig } from "../server/demo-config";
import { stopChildren } from "../server/children";

const root = path.resolve(import.meta.dirname, "..");
prepareDemoConfig(process.env);

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1500) })).ok;
  } catch {
    return false;
  }
}

/** Starts the local sandbox if GoPay is configured as the local sandbox and none answers. */
async function ensureSandbox(): Promise<ChildProcess | undefined> {
  const base = process.env.GOPAY_SNAP_BASE_URL ?? "";
  const local = `http://127.0.0.1:${process.env.SANDBOX_PORT ?? "4010"}`;
  if (base !== local || !fs.existsSync(path.join(root, "sandbox/index.ts"))) return undefined;
  if (await answers(`${local}/_sandbox/state`)) return undefined;
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["sandbox/index.ts"], { cwd: root, env: process.env, stdio: ["ignore", "ignore", "inherit"] });
  const until = Date.now() + 30_000;
  while (!(await answers(`${local}/_sandbox/state`))) {
    if (child.exitCode !== null) throw new Error(`the GoPay sandbox did not start (exit ${child.exitCode}); is port ${process.env.SANDBOX_PORT ?? "4010"} taken?`);
    if (Date.now() > until) throw new Error(`the GoPay sandbox did not answer at ${local} within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`GoPay sandbox started for the seed on ${local} (stopped when the seed ends).`);
  return child;
}

async function main() {
  const { closeDb, initDb } = await import("../app/db/init.server");
  const { env } = await import("../app/env.server");
  const { demoPasswordReport } = await import("../app/services/demo-data/staff-password.server");
  const { seedDemoData } = await import("../app/services/demo-data/seed.server");
  const { DEMO_SEED_LOCK_KEY } = await import("../app/services/demo-data/boot.server");
  const { withAdvisoryLock } = await import("../app/db/client.server");
  const e = env();
  // PGlite creates its own directory but not the parents.
  if (!e.DATABASE_URL) fs.mkdirSync(e.LOKET_DATA_DIR, { recursive: true });
  const handle = await initDb({ url: e.DATABASE_URL, dataDir: e.LOKET_DATA_DIR });
  let sandbox: ChildProcess | undefined;
  try {
    const password = e.DEMO_PASSWORD ?? process.env.DEMO_PASSWORD!;
    for (const line of await demoPasswordReport(handle.db, password, { reset: process.argv.includes("--reset-demo-passwords"), totpSeed: e.DEMO_TOTP_SEED })) console.log(line);
    sandbox = await ensureSandbox();
    const started = Date.now();
    // LOKET_DEMO_SEED_FAIL_AFTER=<phase>: the tests' way to interrupt a run part-way.
    const seeded = await withAdvisoryLock(handle, DEMO_SEED_LOCK_KEY, () => seedDemoData(handle.db, { failAfter: process.env.LOKET_DEMO_SEED_FAIL_AFTER }));
    for (const line of seeded) console.log(line);
    console.log(`Demo data: ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    if (sandbox) await stopChildren([sandbox], 10_000);
    await closeDb();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * `npm run db:seed`: opens the database from the environment (DATABASE_URL, else the embedded
 * one in LOKET_DATA_DIR), applies migrations, creates the demo staff (one per role) and then the
 * demo data. Idempotent: safe to run again.
 */
import "dotenv/config";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { closeDb, initDb } from "../app/db/init.server";
import { env } from "../app/env.server";
import { ensureDemoStaff } from "../app/services/staff/demo-staff.server";
import { seedDemoData } from "../app/services/demo-data/seed.server";

async function main() {
  const e = env();
  // PGlite creates its own directory but not the parents.
  if (!e.DATABASE_URL) fs.mkdirSync(e.LOKET_DATA_DIR, { recursive: true });
  const handle = await initDb({ url: e.DATABASE_URL, dataDir: e.LOKET_DATA_DIR });
  try {
    const password = e.DEMO_PASSWORD ?? `loket-${randomBytes(9).toString("base64url")}`;
    const accounts = await ensureDemoStaff(handle.db, password);
    console.log("Demo staff (existing accounts keep their current password):");
    for (const a of accounts) console.log(`  ${a.role.padEnd(9)} ${a.email}`);
    console.log(`  password: ${password}${e.DEMO_PASSWORD ? " (from DEMO_PASSWORD)" : " (generated)"}`);

    // ── Demo DATA seed goes here (orders in every state, holds, accounts, campaigns) ──────────
    // The engineer building it adds one call, e.g. `await seedDemoData(handle.db);`, taking the
    // db handle and returning lines to print. Keep it idempotent like ensureDemoStaff.
    // ───────────────────────────────────────────────────────────────────────────────────────────
    for (const line of await seedDemoData(handle.db)) console.log(line);
  } finally {
    await closeDb();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

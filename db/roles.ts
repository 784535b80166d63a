/**
 * `npm run db:roles`: creates or updates the least-privilege runtime role the app serves as
 * (app/db/roles.server.ts; README "Database roles"). Connects as the owner — the user migrations
 * run as: DATABASE_MIGRATION_URL, else DATABASE_URL. Idempotent; re-running it changes nothing.
 *
 *   LOKET_APP_ROLE      the runtime role's name (default loket_app)
 *   LOKET_APP_PASSWORD  its password (set or changed when given; an existing role keeps its own otherwise)
 */
import "dotenv/config";
import postgres from "postgres";
import { ensureRuntimeRole, RuntimeRoleError } from "../app/db/roles.server";

const ownerUrl = process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL;
if (!ownerUrl) {
  console.error("db:roles needs the owner's URL: set DATABASE_MIGRATION_URL (or DATABASE_URL) to the user that runs the migrations.");
  process.exit(1);
}
const role = process.env.LOKET_APP_ROLE || "loket_app";
const password = process.env.LOKET_APP_PASSWORD || undefined;
const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
try {
  const done = await ensureRuntimeRole(sql, { role, password });
  for (const line of done) console.log(`  ${line}`);
  const owner = new URL(ownerUrl);
  const runtime = `${owner.protocol}//${role}${password ? ":<LOKET_APP_PASSWORD>" : ""}@${owner.host}${owner.pathname}${owner.search}`;
  console.log(`Runtime role ready. Serve with DATABASE_URL=${runtime} and DATABASE_MIGRATION_URL=<this owner URL>.`);
} catch (err) {
  console.error(err instanceof RuntimeRoleError ? err.message : err);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 5 });
}

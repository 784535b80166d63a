/**
 * `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or the embedded
 * database in LOKET_DATA_DIR). The server also migrates at boot; this is for deploy pipelines.
 */
import "dotenv/config";
import { closeDb, initDb } from "../app/db/init.server";

// The owner runs migrations: DATABASE_MIGRATION_URL when the app serves as a runtime role (README "Database roles").
const url = process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL;
const handle = await initDb({ url, dataDir: process.env.LOKET_DATA_DIR ?? ".data" });
console.log(`Migrations applied (${handle.kind === "pglite" ? "embedded PGlite" : "DATABASE_URL"}).`);
await closeDb();

/**
 * Moved to app/db/prepared.server.ts: openDb now prepares every query of the app on Postgres (within
 * a bound), so the database ingest gets from db() already is prepared and `preparedDb` returns it
 * as is. Kept for the ingest modules that import it from here.
 */
export { preparedDb } from "~/db/prepared.server";

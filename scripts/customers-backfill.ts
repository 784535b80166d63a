/**
 * `npm run customers:backfill`: links every order and pay account without a customer (merchant user
 * id, then phone, then email; ambiguous ones recorded in customer_match_conflicts) and fills
 * missing search names. Idempotent: run it as often as you like. The server also runs it at boot.
 */
import "dotenv/config";
import { closeDb, initDb } from "../app/db/init.server";
import { backfillCustomerLinks } from "../app/services/customers/match.server";

const handle = await initDb({ url: process.env.DATABASE_URL, dataDir: process.env.LOKET_DATA_DIR ?? ".data" });
try {
  const r = await backfillCustomerLinks(handle.db);
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
} finally {
  await closeDb();
}

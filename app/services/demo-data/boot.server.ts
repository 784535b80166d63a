import type { BootTask } from "~/boot.server";
import { db, getDbHandle, withAdvisoryLock } from "~/db/client.server";
import { logger } from "~/lib/logger.server";
import { seedDemoData } from "./seed.server";
// Sections' demo steps register themselves on import (registerDemoStep); db/seed.ts imports this module too.
import "~/services/campaigns/templates-demo.server";
// After the templates (it sends with them): a sent, a scheduled and a draft campaign, and reminders.
import "~/services/campaigns/campaigns-demo.server";
import "~/services/coins/settings-demo.server";

/**
 * Boot task: seeds the demo data in the BACKGROUND (it drives the sandbox, so the server must not
 * wait for it before listening) — the sample once, then the bulk history topped up to now on every
 * start (so the overview's "today" and "last 7 days" stay alive on a later day).
 *
 * Only on the embedded database, or on a DATABASE_URL database when asked with LOKET_DEMO_SEED=1:
 * a real database is never filled with demo data by accident (`npm run db:seed` is the other way).
 * LOKET_DEMO_SEED=0 turns it off on the embedded database too (a server that needs only the staff,
 * e.g. an e2e spec's own: PGlite runs one query at a time, so a seed in progress holds up every
 * request behind it).
 */
/** The advisory lock that serialises demo seeding between processes (boot tasks and `npm run db:seed`). */
export const DEMO_SEED_LOCK_KEY = "loket:demo-seed";

export const demoDataBootTask: BootTask = async ({ embedded }) => {
  // why process.env: a switch of the demo launcher only, not part of the app's configuration.
  const asked = process.env.LOKET_DEMO_SEED === "1";
  if (process.env.LOKET_DEMO_SEED === "0" || (!embedded && !asked)) return;
  setTimeout(() => {
    const started = Date.now();
    // Several instances asked to seed one database (LOKET_DEMO_SEED=1 on each) take turns: the
    // later ones find the sample done and the history topped up.
    withAdvisoryLock(getDbHandle(), DEMO_SEED_LOCK_KEY, () => seedDemoData(db()))
      .then((lines) =>
        logger().info([...lines, `  (${((Date.now() - started) / 1000).toFixed(1)} s)`].join("\n")),
      )
      .catch((err: unknown) => logger().error({ err }, "demo data seed failed"));
  }, 500);
  return ["Demo data: seeding in the background (printed when done)."];
};

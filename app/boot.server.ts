import { env } from "./env.server";
import { closeDb, initDb } from "./db/init.server";
import { startJobs, stopJobs } from "./jobs/start.server";
import { demoStaffBootTask } from "./services/staff/demo-boot.server";
import { demoDataBootTask } from "./services/demo-data/boot.server";
import { customerLinksBootTask } from "./services/customers/boot.server";
import { logger } from "~/lib/logger.server";
import { webhookApplyQueue } from "./services/notifications/apply-queue.server";

export interface BootInfo {
  database: string;
  messages: string[];
}

/**
 * Runs once per server process before it serves: database + migrations, then the boot tasks
 * (demo seed on the embedded database, background jobs). Each task adds its lines to print.
 */
export async function boot(): Promise<BootInfo> {
  const e = env();
  const handle = await initDb({
    url: e.DATABASE_URL,
    migrationUrl: e.DATABASE_MIGRATION_URL,
    dataDir: e.LOKET_DATA_DIR,
    max: e.DATABASE_POOL_MAX,
  });
  const messages: string[] = [];
  for (const task of bootTasks) {
    const lines = await task({ embedded: handle.kind === "pglite" });
    if (lines) messages.push(...lines);
  }
  return {
    database: handle.kind === "pglite" ? `embedded PGlite in ${e.LOKET_DATA_DIR}/pglite` : "PostgreSQL (DATABASE_URL)",
    messages,
  };
}

export type BootTask = (ctx: { embedded: boolean }) => Promise<string[] | void>;

/** What runs at boot, in order. Add a task here (import it above); keep each in its own module. */
const bootTasks: BootTask[] = [
  demoStaffBootTask,
  customerLinksBootTask,
  demoDataBootTask,
  // Jobs start last: everything they touch is ready by then.
  async () => startJobs(),
];
// Run last to first: notifications answered but still waiting to apply get 10 s before the jobs
// and the database close (what is left then is stored; the sweep applies it).
const shutdownTasks: Array<() => Promise<void>> = [stopJobs, () => webhookApplyQueue().drain(10_000)];

export function onShutdown(task: () => Promise<void>): void {
  shutdownTasks.push(task);
}

export async function shutdown(): Promise<void> {
  for (const t of shutdownTasks.reverse()) await t().catch((err) => logger().error({ err }, "shutdown task failed"));
  await closeDb();
}

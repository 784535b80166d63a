import type { BootTask } from "~/boot.server";
import { db } from "~/db/client.server";
import { logger } from "~/lib/logger.server";
import { seedDemoData } from "./seed.server";

/**
 * Boot task (embedded database only): seeds the demo data once, in the BACKGROUND — it drives the
 * sandbox and waits for notifications, so the server must not wait for it before listening.
 */
export const demoDataBootTask: BootTask = async ({ embedded }) => {
  if (!embedded) return;
  setTimeout(() => {
    const started = Date.now();
    seedDemoData(db())
      .then((lines) => logger().info([...lines, `  (${((Date.now() - started) / 1000).toFixed(1)} s)`].join("\n")))
      .catch((err: unknown) => logger().error({ err }, "demo data seed failed"));
  }, 500);
  return ["Demo data: seeding in the background (printed when done)."];
};

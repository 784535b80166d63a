import { db as appDb, type DbOrTx } from "~/db/client.server";
import { wibDateString } from "~/lib/time";
import { DEFAULT_THROTTLE_PER_SECOND } from "./kinds";
import { enqueueRun, insertRun } from "./run.server";

/** Yesterday as a WIB day (`YYYY-MM-DD`); WIB has no daylight saving, so 24 h back is yesterday. */
export function yesterdayWib(now: Date = new Date()): string {
  return wibDateString(new Date(now.getTime() - 86_400_000));
}

/**
 * The scheduled daily run of yesterday (WIB). Idempotent: a partial unique index allows one daily
 * run per day, so two processes (or a retried job) that both fire create one run; only the one that
 * created it queues it. Returns the run id, or null when it already existed.
 */
export async function ensureDailyRun(
  now: Date = new Date(),
  deps: { database?: DbOrTx } = {},
): Promise<string | null> {
  const database = deps.database ?? appDb();
  const day = yesterdayWib(now);
  const run = await insertRun(database, {
    from: day,
    to: day,
    throttlePerSecond: DEFAULT_THROTTLE_PER_SECOND,
    kind: "daily",
    startedBy: null,
  });
  if (!run) return null;
  await enqueueRun(run.id);
  return run.id;
}

import type PgBoss from "pg-boss";
import { db } from "~/db/client.server";
import { enqueue, QUEUE } from "~/lib/queue.server";
import { logger } from "~/lib/logger.server";
import { batchesToRun, runBatch, type RunDeps } from "~/services/coins/batch-run.server";
import type { QueueDef } from "./queues.server";

/** Wait before running a batch again whose rows are still unknown (or being paid by another worker). */
export const AGAIN_AFTER_SECONDS = 30;

/**
 * Pays coin batches (app/services/coins/batch-run.server.ts). A job names its batch; the periodic
 * tick (no batch id) picks up batches that should be running but have no live worker (a lost
 * enqueue, a worker that died). Running a batch twice at once is harmless: every row is claimed on
 * its own and carries its fixed Request-Id.
 */
export async function payCoinBatchJob(data: { batchId?: string }, deps: RunDeps = {}): Promise<void> {
  const ids = data.batchId ? [data.batchId] : await batchesToRun(deps.database ?? db());
  for (const batchId of ids) {
    const r = await runBatch(deps, batchId);
    logger().info({ job: "coins-batch-pay", batchId, result: r.kind }, "coin batch run");
    if (r.kind === "again")
      await enqueue(
        QUEUE.payCoinBatch,
        { batchId },
        { startAfter: AGAIN_AFTER_SECONDS, singletonKey: `coins-batch-${batchId}` },
      );
  }
}

export const coinsBatchPayQueue: QueueDef<{ batchId?: string }> = {
  name: QUEUE.payCoinBatch,
  cron: "*/2 * * * *",
  // why a long expiry: a 5,000-row batch with retries takes minutes; rows are safe if it runs twice.
  options: { name: QUEUE.payCoinBatch, retryLimit: 5, retryBackoff: true, expireInSeconds: 60 * 60 },
  workOptions: { pollingIntervalSeconds: 2, batchSize: 1 },
  handler: async (jobs: PgBoss.Job<{ batchId?: string }>[]) => {
    for (const job of jobs) await payCoinBatchJob(job.data ?? {});
  },
};

import type PgBoss from "pg-boss";
import { QUEUE } from "~/lib/queue.server";
import { logger } from "~/lib/logger.server";
import { processRunSlice, enqueueRun, requeueStaleRuns } from "~/services/reconciliation/run.server";
import type { QueueDef } from "./queues.server";

/**
 * One slice (≤ 20 s) of a reconciliation run per job; an unfinished run queues its next slice, so
 * no job runs long and a process that dies mid-slice loses nothing: the job expires, is retried, and
 * continues from recon_items. `singleton`: one slice active in the whole deployment, so the run's
 * calls-per-second is a global rate. Every 5 minutes the schedule (a job without runId) re-queues
 * runs left queued or running without a heartbeat (a run started while this process had no jobs).
 */
export const reconciliationRunQueue: QueueDef<{ runId?: string }> = {
  name: QUEUE.reconcileRun,
  cron: "*/5 * * * *",
  options: {
    name: QUEUE.reconcileRun,
    policy: "singleton",
    retryLimit: 50,
    retryDelay: 5,
    expireInSeconds: 120,
  },
  handler: async (jobs: PgBoss.Job<{ runId?: string }>[]) => {
    for (const job of jobs) {
      const runId = job.data?.runId;
      if (!runId) {
        const n = await requeueStaleRuns();
        if (n > 0)
          logger().info({ job: "reconciliation-run", requeued: n }, "stale reconciliation runs re-queued");
        continue;
      }
      const r = await processRunSlice(runId);
      if (!r.done) await enqueueRun(runId);
    }
  },
};

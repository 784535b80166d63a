import type PgBoss from "pg-boss";

/**
 * The leaf every layer may use to ask for background work: queue names and `enqueue`. It imports
 * nothing of ours, so a service can enqueue without importing app/jobs (jobs import services, never
 * the other way round; ESLint's layer zones enforce it). app/jobs/start.server.ts puts the running
 * pg-boss here at boot.
 */
export const QUEUE = {
  resolveOperations: "operations-resolve",
  applyNotifications: "notifications-apply",
  expireApprovals: "approvals-expire",
  expireHolds: "holds-expiry",
  campaignSend: "campaigns-send",
  campaignSweep: "campaigns-sweep",
  /** one slice of a reconciliation run (app/jobs/reconciliation-run.server.ts); continues itself */
  reconcileRun: "reconciliation-run",
  /** the daily reconciliation of yesterday (WIB), scheduled */
  reconcileDaily: "reconciliation-daily",
  removeReminders: "reminders-remove",
  resolveReminders: "reminders-resolve",
  payCoinBatch: "coins-batch-pay",
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

const KEY = Symbol.for("loket.boss");
type Holder = { [KEY]?: PgBoss };

export function setBoss(boss: PgBoss | undefined): void {
  (globalThis as Holder)[KEY] = boss;
}

/** The running job queue, or undefined when jobs are disabled (tests drive workers by hand). */
export function boss(): PgBoss | undefined {
  return (globalThis as Holder)[KEY];
}

/** Enqueue a job if jobs run in this process; returns the job id or null. */
export async function enqueue(name: QueueName, data: object, options?: PgBoss.SendOptions): Promise<string | null> {
  const b = boss();
  if (!b) return null;
  return b.send(name, data, options ?? {});
}

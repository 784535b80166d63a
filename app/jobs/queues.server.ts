import type PgBoss from "pg-boss";
import type { QueueName } from "~/lib/queue.server";
import { notificationsApplyQueue } from "./notifications-apply.server";
import { approvalsExpireQueue } from "./approvals-expire.server";
import { holdsExpiryQueue } from "./holds-expiry.server";
import { resolveOperationsQueue } from "./resolve-operations.server";
import { reconciliationDailyQueue } from "./reconciliation-daily.server";
import { reconciliationRunQueue } from "./reconciliation-run.server";
import { coinsBatchPayQueue } from "./coins-batch-pay.server";
import { campaignsSendQueue, campaignsSweepQueue } from "./campaigns-send.server";
import { remindersRemoveQueue } from "./reminders-remove.server";
import { remindersResolveQueue } from "./reminders-resolve.server";

/**
 * Every queue, its worker and its schedule, in one list. A worker must be idempotent
 * (at-least-once delivery). Add an entry here when you add a queue; keep the handler in its own
 * module under app/jobs/.
 */
export interface QueueDef<T extends object = object> {
  name: QueueName;
  handler: (jobs: PgBoss.Job<T>[]) => Promise<void>;
  /** cron (UTC) for periodic sweeps */
  cron?: string;
  options?: PgBoss.Queue & { name: QueueName };
  workOptions?: PgBoss.WorkOptions;
}

export const queues: QueueDef[] = [
  resolveOperationsQueue,
  notificationsApplyQueue,
  approvalsExpireQueue,
  holdsExpiryQueue,
  remindersRemoveQueue as QueueDef,
  remindersResolveQueue,
  campaignsSendQueue as QueueDef,
  campaignsSweepQueue,
  coinsBatchPayQueue as QueueDef,
  reconciliationRunQueue as QueueDef,
  reconciliationDailyQueue,
];

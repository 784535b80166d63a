import type PgBoss from "pg-boss";
import { sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { QUEUE } from "~/lib/queue.server";
import { logger } from "~/lib/logger.server";
import { drainCampaign } from "~/services/campaigns/send.server";
import { kickCampaign } from "~/services/campaigns/lifecycle.server";
import type { QueueDef } from "./queues.server";

type SendJob = { campaignId: string; slot: number };

/**
 * One slot of a campaign's sending: drains due recipients for up to 20 s, then enqueues itself for
 * the next due row. SEND_SLOTS slots per campaign (singleton key per slot, policy "stately": one
 * queued + one active), taken by whichever process polls first, so several processes share a
 * campaign. Correctness never depends on the slots: claims are SKIP LOCKED and every send carries
 * its row's Request-Id.
 */
export const campaignsSendQueue: QueueDef<SendJob> = {
  name: QUEUE.campaignSend,
  options: {
    name: QUEUE.campaignSend,
    policy: "stately",
    retryLimit: 3,
    retryDelay: 5,
    expireInSeconds: 300,
  },
  workOptions: { pollingIntervalSeconds: 1 },
  handler: async (jobs: PgBoss.Job<SendJob>[]) => {
    for (const job of jobs) {
      const { campaignId, slot } = job.data;
      const r = await drainCampaign(campaignId, { workerId: `job-${process.pid}-${slot}` });
      if (r.sent + r.failed + r.retried + r.unknown > 0)
        logger().info({ job: QUEUE.campaignSend, campaignId, slot, ...r }, "campaign drain");
      if (r.nextAt) await kickCampaign(campaignId, r.nextAt);
    }
  },
};

/**
 * Every minute: every campaign that is scheduled or sending gets its slots enqueued (a no-op when
 * they are), so a lost job, a restart or a crash mid-drain never strands a campaign.
 */
export const campaignsSweepQueue: QueueDef = {
  name: QUEUE.campaignSweep,
  cron: "* * * * *",
  options: { name: QUEUE.campaignSweep, retryLimit: 0, policy: "singleton" },
  handler: async () => {
    const active = await rows<{ id: string; scheduled_at: Date | string | null }>(
      db(),
      sql`select id, scheduled_at from campaigns where status in ('scheduled', 'sending')`,
    );
    for (const c of active) await kickCampaign(c.id, c.scheduled_at ? new Date(c.scheduled_at) : undefined);
  },
};

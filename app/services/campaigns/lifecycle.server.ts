import { sql } from "drizzle-orm";
import { db as appDb, type Db } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { enqueue, QUEUE } from "~/lib/queue.server";
import { audit, type AuditActor } from "~/services/audit.server";
import { dueByZone, writeDueAt, type ScheduleProblem } from "./schedule.server";
import { parseHhMm } from "./quiet-hours";
import type { CampaignStatus, Schedule } from "./types";

/**
 * A campaign's life after the draft: schedule, pause, resume, cancel, retry the failed recipients.
 * Each change is one transaction that locks the campaign row FOR UPDATE (the send gate in
 * send.server.ts takes it FOR KEY SHARE, so the two never overlap) and writes its audit row.
 */

/** Send-job slots per campaign: any process's worker may take any slot, so two processes drain one campaign together. */
export const SEND_SLOTS = 2;

export type LifecycleRefusal =
  | { refused: "not_found" }
  | { refused: "wrong_status"; status: CampaignStatus }
  | { refused: ScheduleProblem }
  | { refused: "throttle_invalid" }
  | { refused: "nothing_to_retry" };
export type LifecycleResult<T = object> = ({ ok: true } & T) | ({ ok: false } & LifecycleRefusal);

export interface LifecycleDeps {
  database?: Db;
  now?: () => Date;
  /** How long cancel waits for calls already at GoPay to finish (the client's timeout and a margin). */
  cancelWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Asks the send job to look at a campaign at `at` (every slot; a slot already queued is not doubled). */
export async function kickCampaign(campaignId: string, at?: Date): Promise<void> {
  for (let slot = 0; slot < SEND_SLOTS; slot++) {
    await enqueue(
      QUEUE.campaignSend,
      { campaignId, slot },
      {
        singletonKey: `${campaignId}:${slot}`,
        ...(at && at.getTime() > Date.now() ? { startAfter: at } : {}),
      },
    );
  }
}

async function lockCampaign(tx: Parameters<Parameters<Db["transaction"]>[0]>[0], id: string) {
  const [c] = await rows<{
    id: string;
    status: CampaignStatus;
    started_at: Date | string | null;
    scheduled_at: Date | string | null;
    quiet_start: string;
    quiet_end: string;
  }>(
    tx,
    sql`select id, status, started_at, scheduled_at, quiet_start, quiet_end from campaigns where id = ${id} for update`,
  );
  return c;
}

export interface ScheduleInput {
  campaignId: string;
  schedule: Schedule;
  quietStart?: string;
  quietEnd?: string;
  throttlePerSecond?: number;
}

/** draft → scheduled: every pending recipient gets its due time (zone, then quiet hours). */
export async function scheduleCampaign(
  actor: AuditActor,
  input: ScheduleInput,
  deps: LifecycleDeps = {},
): Promise<LifecycleResult<{ firstDueAt: Date | null }>> {
  const database = deps.database ?? appDb();
  const now = (deps.now ?? (() => new Date()))();
  if (
    input.throttlePerSecond !== undefined &&
    !(
      Number.isInteger(input.throttlePerSecond) &&
      input.throttlePerSecond >= 0 &&
      input.throttlePerSecond <= 10_000
    )
  )
    return { ok: false, refused: "throttle_invalid" };
  if (
    (input.quietStart !== undefined && parseHhMm(input.quietStart) === undefined) ||
    (input.quietEnd !== undefined && parseHhMm(input.quietEnd) === undefined)
  )
    return { ok: false, refused: "quiet_hours_invalid" };
  const out = await database.transaction(
    async (tx): Promise<LifecycleResult<{ firstDueAt: Date | null }>> => {
      const c = await lockCampaign(tx, input.campaignId);
      if (!c) return { ok: false, refused: "not_found" };
      if (c.status !== "draft") return { ok: false, refused: "wrong_status", status: c.status };
      const quiet = { start: input.quietStart ?? c.quiet_start, end: input.quietEnd ?? c.quiet_end };
      const due = dueByZone(input.schedule, quiet, now);
      if (typeof due === "string") return { ok: false, refused: due };
      const first = (await writeDueAt(tx, input.campaignId, due)) ?? null;
      await tx.execute(sql`
      update campaigns set status = 'scheduled', schedule = ${JSON.stringify(input.schedule)}::jsonb,
        quiet_start = ${quiet.start}, quiet_end = ${quiet.end},
        throttle_per_second = coalesce(${input.throttlePerSecond ?? null}::int, throttle_per_second),
        scheduled_at = ${(first ?? now).toISOString()}::timestamptz, pause_reason = null, consecutive_errors = 0, updated_at = now()
      where id = ${input.campaignId}`);
      await audit(tx, {
        actor,
        action: "campaign.schedule",
        targetType: "campaign",
        targetId: input.campaignId,
        result: "ok",
        request: { schedule: input.schedule, quiet, throttlePerSecond: input.throttlePerSecond },
        detail: { firstDueAt: first },
      });
      return { ok: true, firstDueAt: first };
    },
  );
  if (out.ok) await kickCampaign(input.campaignId, out.firstDueAt ?? now);
  return out;
}

/** scheduled | sending → paused. Rows claimed but not yet called go back to pending. */
export async function pauseCampaign(
  actor: AuditActor,
  campaignId: string,
  deps: LifecycleDeps = {},
): Promise<LifecycleResult> {
  const database = deps.database ?? appDb();
  return database.transaction(async (tx): Promise<LifecycleResult> => {
    const c = await lockCampaign(tx, campaignId);
    if (!c) return { ok: false, refused: "not_found" };
    if (c.status !== "sending" && c.status !== "scheduled")
      return { ok: false, refused: "wrong_status", status: c.status };
    await tx.execute(
      sql`update campaigns set status = 'paused', pause_reason = 'manual', updated_at = now() where id = ${campaignId}`,
    );
    await tx.execute(sql`update campaign_recipients set status = 'pending', claimed_at = null, claimed_by = null, updated_at = now()
                         where campaign_id = ${campaignId} and status = 'sending' and calling_at is null`);
    await audit(tx, {
      actor,
      action: "campaign.pause",
      targetType: "campaign",
      targetId: campaignId,
      result: "ok",
      detail: { from: c.status },
    });
    return { ok: true };
  });
}

/** paused → sending (or back to scheduled when it never started and its time is still ahead). */
export async function resumeCampaign(
  actor: AuditActor,
  campaignId: string,
  deps: LifecycleDeps = {},
): Promise<LifecycleResult<{ status: CampaignStatus }>> {
  const database = deps.database ?? appDb();
  const now = (deps.now ?? (() => new Date()))();
  const out = await database.transaction(async (tx): Promise<LifecycleResult<{ status: CampaignStatus }>> => {
    const c = await lockCampaign(tx, campaignId);
    if (!c) return { ok: false, refused: "not_found" };
    if (c.status !== "paused") return { ok: false, refused: "wrong_status", status: c.status };
    const status: CampaignStatus =
      !c.started_at && c.scheduled_at && new Date(c.scheduled_at).getTime() > now.getTime()
        ? "scheduled"
        : "sending";
    await tx.execute(sql`update campaigns set status = ${status}, pause_reason = null, consecutive_errors = 0,
                           started_at = case when ${status} = 'sending' then coalesce(started_at, ${now.toISOString()}::timestamptz) else started_at end, updated_at = now()
                         where id = ${campaignId}`);
    await audit(tx, {
      actor,
      action: "campaign.resume",
      targetType: "campaign",
      targetId: campaignId,
      result: "ok",
      detail: { to: status },
    });
    return { ok: true, status };
  });
  if (out.ok) await kickCampaign(campaignId, now);
  return out;
}

/**
 * draft | scheduled | sending | paused → cancelled. When this returns, nothing more is sent: rows
 * not yet at the gate are skipped in the same transaction (the gate then refuses them), and the
 * calls that had passed the gate before are waited for. A recipient whose earlier attempt's
 * outcome is unknown is not retried: it ends 'unknown' (it may have been delivered), with its request_id.
 */
export async function cancelCampaign(
  actor: AuditActor,
  campaignId: string,
  deps: LifecycleDeps = {},
): Promise<LifecycleResult<{ inFlightLeft: number }>> {
  const database = deps.database ?? appDb();
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const out = await database.transaction(async (tx): Promise<LifecycleResult<{ inFlightLeft: number }>> => {
    const c = await lockCampaign(tx, campaignId);
    if (!c) return { ok: false, refused: "not_found" };
    if (!["draft", "scheduled", "sending", "paused"].includes(c.status))
      return { ok: false, refused: "wrong_status", status: c.status };
    await tx.execute(
      sql`update campaigns set status = 'cancelled', cancelled_at = ${now().toISOString()}::timestamptz, finished_at = ${now().toISOString()}::timestamptz, updated_at = now() where id = ${campaignId}`,
    );
    await settleAfterCancel(tx, campaignId);
    await audit(tx, {
      actor,
      action: "campaign.cancel",
      targetType: "campaign",
      targetId: campaignId,
      result: "ok",
      detail: { from: c.status },
    });
    return { ok: true, inFlightLeft: 0 };
  });
  if (!out.ok) return out;
  // Calls that passed the gate before the cancel committed: wait for their answers.
  const deadline = Date.now() + (deps.cancelWaitMs ?? 15_000);
  let left = await inFlight(database, campaignId);
  while (left > 0 && Date.now() < deadline) {
    await sleep(50);
    left = await inFlight(database, campaignId);
  }
  // Answers that came back as "retry" after the cancel, and calls whose worker never answered.
  await database.transaction(async (tx) => {
    await settleAfterCancel(tx, campaignId);
    await tx.execute(sql`update campaign_recipients set status = 'unknown', gopay_message = 'Outcome unknown: the call was in flight when the campaign was cancelled',
                           claimed_at = null, claimed_by = null, calling_at = null, updated_at = now()
                         where campaign_id = ${campaignId} and status = 'sending'`);
  });
  return { ok: true, inFlightLeft: left };
}

async function settleAfterCancel(
  tx: Parameters<Parameters<Db["transaction"]>[0]>[0],
  campaignId: string,
): Promise<void> {
  await tx.execute(sql`
    update campaign_recipients set
      status = case when attempts > 0 then 'unknown' else 'skipped' end,
      skip_reason = case when attempts > 0 then null else 'cancelled' end,
      gopay_message = case when attempts > 0 then 'Outcome unknown: not retried because the campaign was cancelled' else gopay_message end,
      claimed_at = null, claimed_by = null, updated_at = now()
    where campaign_id = ${campaignId} and (status = 'pending' or (status = 'sending' and calling_at is null))`);
}

async function inFlight(database: Db, campaignId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(
    database,
    sql`select count(*)::int as n from campaign_recipients where campaign_id = ${campaignId} and status = 'sending' and calling_at is not null`,
  );
  return Number(r?.n ?? 0);
}

/**
 * "Retry failed recipients only": failed | unknown → pending, due now. A recipient GoPay refused (a
 * 4xx answer: nothing was executed) is a new intent and gets a new Request-Id; one whose outcome is
 * unknown ('unknown') keeps its Request-Id and its attempts, so a send GoPay did receive is replayed
 * (GoPay answers the first result), never repeated.
 */
export async function retryFailed(
  actor: AuditActor,
  campaignId: string,
  deps: LifecycleDeps = {},
): Promise<LifecycleResult<{ retried: number }>> {
  const database = deps.database ?? appDb();
  const now = (deps.now ?? (() => new Date()))();
  const out = await database.transaction(async (tx): Promise<LifecycleResult<{ retried: number }>> => {
    const c = await lockCampaign(tx, campaignId);
    if (!c) return { ok: false, refused: "not_found" };
    if (!["completed", "failed", "paused", "sending"].includes(c.status))
      return { ok: false, refused: "wrong_status", status: c.status };
    const [r] = await rows<{ n: number }>(
      tx,
      sql`with m as (
            update campaign_recipients set status = 'pending',
              request_id = case when status = 'failed' and http_status between 400 and 499 then gen_random_uuid()::text else request_id end,
              attempts = case when status = 'failed' and http_status between 400 and 499 then 0 else attempts end,
              due_at = ${now.toISOString()}::timestamptz, claimed_at = null, claimed_by = null, calling_at = null, updated_at = now()
            where campaign_id = ${campaignId} and status in ('failed', 'unknown') returning 1)
          select count(*)::int as n from m`,
    );
    const n = Number(r?.n ?? 0);
    if (n === 0) return { ok: false, refused: "nothing_to_retry" };
    if (c.status !== "paused")
      await tx.execute(
        sql`update campaigns set status = 'sending', finished_at = null, consecutive_errors = 0, updated_at = now() where id = ${campaignId}`,
      );
    await audit(tx, {
      actor,
      action: "campaign.retry_failed",
      targetType: "campaign",
      targetId: campaignId,
      result: "ok",
      detail: { retried: n },
    });
    return { ok: true, retried: n };
  });
  if (out.ok) await kickCampaign(campaignId, now);
  return out;
}

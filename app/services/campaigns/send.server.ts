import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { db as appDb, type Db } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { gopay, isGopayError, type GopayClient } from "~/gopay/index.server";
import { decryptSecret } from "~/lib/crypto.server";
import { QUEUE } from "~/lib/queue.server";
import { audit } from "~/services/audit.server";
import { recordCampaignReminder } from "~/services/reminders/record.server";
import { deferQuietRows } from "./schedule.server";
import { reserveSlots, slotAt, throttleOff } from "./throttle.server";
import type { CampaignKind, CampaignStatus } from "./types";

/**
 * The delivery engine: drains one campaign's due recipients. Any number of workers, in any number
 * of processes, may drain the same campaign at once:
 *  - a batch is claimed with FOR UPDATE SKIP LOCKED (status 'sending', claimed_by = this worker);
 *  - just before the GoPay calls of a tick, the rows are re-checked under a KEY SHARE lock of the
 *    campaign row ("begin call": calling_at set only while the campaign is 'sending'), so pause and
 *    cancel (which take the row FOR UPDATE) never let a claimed row be called after they return;
 *  - every call carries the row's own request_id as Request-Id; an unknown outcome (timeout, 5xx,
 *    dropped answer) goes back to 'pending' with the SAME request_id (GoPay replays, no second
 *    effect); a claim whose worker died is taken over after the lease, again with the same id;
 *  - the throttle is global (throttle.server.ts); consecutive unknown outcomes back off, then pause
 *    the campaign with a reason instead of burning through the audience.
 * The customer's mini-app token is decrypted here, in the worker, and nowhere else.
 */

export const CAMPAIGN_JOB_ACTOR = { email: `job:${QUEUE.campaignSend}` } as const;

export interface SendDeps {
  database?: Db;
  client?: GopayClient;
  /** The clock (tests inject one): due times, quiet hours, leases. */
  now?: () => Date;
  workerId?: string;
  /** Rows claimed per batch. */
  batchSize?: number;
  /** GoPay calls in flight at once per worker. */
  concurrency?: number;
  /** How long one drain runs before handing back (the job re-enqueues itself). */
  budgetMs?: number;
  /** A 'sending' claim older than this is taken over (its worker died); must exceed a batch's duration. */
  leaseMs?: number;
  /** Consecutive unknown outcomes (across workers) that pause the campaign. */
  pauseAfterErrors?: number;
  /** Attempts of one recipient with an unknown outcome before it is left as 'unknown' (never 'failed': it may have been delivered). */
  maxAttempts?: number;
  /** First retry delay of an unknown outcome; doubles per attempt (max 60 s). */
  retryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Test hook: called after the GoPay call of a row, before its result is written (kill / cancel points). */
  afterCall?: (requestId: string) => Promise<void> | void;
}

export interface DrainResult {
  /** What stopped the drain: nothing due, the time budget, or the campaign is no longer sending. */
  stop: "idle" | "budget" | "not_sending";
  status: CampaignStatus | "missing";
  sent: number;
  failed: number;
  retried: number;
  skipped: number;
  /** Rows left 'unknown' after the last attempt (same request_id kept; "retry failed" re-sends them with it). */
  unknown: number;
  /** When to look again (the next due row or the next stale claim); undefined when nothing is left. */
  nextAt?: Date;
}

interface CampaignRow extends Record<string, unknown> {
  id: string;
  kind: CampaignKind;
  status: CampaignStatus;
  throttle: number;
  scheduled_at: Date | string | null;
  template_name: string;
  quiet_start: string;
  quiet_end: string;
}

interface Claimed extends Record<string, unknown> {
  id: string;
  customer_id: string;
  request_id: string;
  params: Record<string, string>;
  attempts: number;
  token_enc: string | null;
}

type Outcome =
  | { id: string; status: "sent"; http: number; reminderId?: string }
  | {
      id: string;
      status: "failed" | "retry" | "unknown";
      http: number | null;
      code: string | null;
      message: string;
    }
  | { id: string; status: "skipped"; reason: string };

/**
 * Calls whose slots fall within one tick start together after one gate check: a tick may run up to
 * TICK_MS ahead of its last slot, which is the throttle's only slack. A worker that reaches a tick
 * more than LATE_MS after its slot (a slow gate, a paused event loop) does not catch up in a burst:
 * it reserves fresh slots for what is left, and the missed ones stay unused.
 */
const TICK_MS = 50;
const LATE_MS = 20;

function groupTicks<T>(items: T[], first: number, rate: number): { at: number; rows: T[] }[] {
  const ticks: { at: number; rows: T[] }[] = [];
  items.forEach((r, i) => {
    const at = slotAt(first, i, rate);
    const last = ticks[ticks.length - 1];
    if (last && (throttleOff(rate) || at - last.at < TICK_MS)) last.rows.push(r);
    else ticks.push({ at, rows: [r] });
  });
  return ticks;
}
const HOUSEKEEPING_MS = 5_000;
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export async function loadCampaignForSend(
  database: Db,
  campaignId: string,
): Promise<CampaignRow | undefined> {
  const [c] = await rows<CampaignRow>(
    database,
    sql`select c.id, c.kind, c.status, c.throttle_per_second as throttle, c.scheduled_at, c.quiet_start, c.quiet_end, t.name as template_name
        from campaigns c join campaign_templates t on t.id = c.template_id where c.id = ${campaignId}`,
  );
  return c;
}

/** scheduled → sending once the first recipients are due. */
async function startIfDue(database: Db, campaignId: string, now: Date): Promise<void> {
  await database.execute(sql`
    update campaigns set status = 'sending', started_at = coalesce(started_at, ${now.toISOString()}::timestamptz), updated_at = now()
    where id = ${campaignId} and status = 'scheduled' and (scheduled_at is null or scheduled_at <= ${now.toISOString()}::timestamptz)`);
}

/** Claims that outlived the lease (their worker died mid-batch) go back to pending, same request_id. */
async function recoverStale(database: Db, campaignId: string, now: Date, leaseMs: number): Promise<void> {
  await database.execute(sql`
    update campaign_recipients set status = 'pending', claimed_at = null, claimed_by = null, calling_at = null, updated_at = now()
    where campaign_id = ${campaignId} and status = 'sending'
      and claimed_at < ${new Date(now.getTime() - leaseMs).toISOString()}::timestamptz`);
}

async function claim(
  database: Db,
  campaignId: string,
  worker: string,
  n: number,
  now: Date,
): Promise<Claimed[]> {
  const iso = now.toISOString();
  const got = await rows<Claimed>(
    database,
    sql`with picked as (
          select id from campaign_recipients
          where campaign_id = ${campaignId} and status = 'pending' and due_at <= ${iso}::timestamptz
          order by due_at, id limit ${n}
          for update skip locked)
        update campaign_recipients r
          set status = 'sending', claimed_at = ${iso}::timestamptz, claimed_by = ${worker}, calling_at = null, updated_at = now()
        from picked where r.id = picked.id
        returning r.id::text as id, r.customer_id, r.request_id, r.params, r.attempts,
          (select c.auth_token_enc from customers c where c.id = r.customer_id) as token_enc`,
  );
  return got.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

const idArray = (ids: string[]) => `{${ids.join(",")}}`;

/**
 * The gate before GoPay is called: under a KEY SHARE lock of the campaign row, only while it is
 * 'sending', marks the rows as being called. Pause and cancel lock the row FOR UPDATE, so a row
 * is either marked before they commit (they wait for its call) or never called.
 */
async function beginCall(
  database: Db,
  campaignId: string,
  worker: string,
  ids: string[],
  now: Date,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const got = await rows<{ id: string }>(
    database,
    sql`with c as (select id from campaigns where id = ${campaignId} and status = 'sending' for key share)
        update campaign_recipients set calling_at = ${now.toISOString()}::timestamptz, attempts = attempts + 1, updated_at = now()
        where id = any(${idArray(ids)}::bigint[]) and status = 'sending' and claimed_by = ${worker} and exists (select 1 from c)
        returning id::text as id`,
  );
  return new Set(got.map((r) => r.id));
}

/** Claimed rows that were not called (the campaign stopped) go back to pending, untouched. */
async function release(database: Db, worker: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await database.execute(sql`
    update campaign_recipients set status = 'pending', claimed_at = null, claimed_by = null, updated_at = now()
    where id = any(${idArray(ids)}::bigint[]) and status = 'sending' and claimed_by = ${worker} and calling_at is null`);
}

async function writeOutcomes(
  database: Db,
  worker: string,
  outcomes: Outcome[],
  now: Date,
  retryAt: (attempts: number) => Date,
  attemptsOf: Map<string, number>,
): Promise<void> {
  if (outcomes.length === 0) return;
  const iso = now.toISOString();
  const recs = outcomes.map((o) => {
    if (o.status === "sent")
      return {
        id: o.id,
        status: "sent",
        http_status: o.http,
        gopay_code: null,
        gopay_message: null,
        due_at: null,
        skip_reason: null,
        reminder_id: o.reminderId ?? null,
        sent: true,
      };
    if (o.status === "skipped")
      return {
        id: o.id,
        status: "skipped",
        http_status: null,
        gopay_code: null,
        gopay_message: null,
        due_at: null,
        skip_reason: o.reason,
        reminder_id: null,
        sent: false,
      };
    const retry = o.status === "retry";
    return {
      id: o.id,
      status: retry ? "pending" : o.status,
      http_status: o.http,
      gopay_code: o.code,
      gopay_message: o.message.slice(0, 500),
      due_at: retry ? retryAt(attemptsOf.get(o.id) ?? 1).toISOString() : null,
      skip_reason: null,
      reminder_id: null,
      sent: false,
    };
  });
  await database.execute(sql`
    update campaign_recipients r set
      status = v.status,
      http_status = v.http_status,
      gopay_code = v.gopay_code,
      gopay_message = v.gopay_message,
      skip_reason = v.skip_reason,
      reminder_id = coalesce(v.reminder_id, r.reminder_id),
      due_at = coalesce(v.due_at, r.due_at),
      sent_at = case when v.sent then ${iso}::timestamptz else r.sent_at end,
      claimed_at = null, claimed_by = null, calling_at = null, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(recs)}::jsonb)
      as v(id bigint, status text, http_status int, gopay_code text, gopay_message text, due_at timestamptz, skip_reason text, reminder_id text, sent boolean)
    where r.id = v.id and r.status = 'sending' and r.claimed_by = ${worker}`);
}

/** What a GoPay call's failure means for the recipient: retry with the same id, or a final failure. */
export function classify(err: unknown): {
  final: boolean;
  http: number | null;
  code: string | null;
  message: string;
} {
  if (isGopayError(err)) {
    const http = err.httpStatus ?? null;
    const code = err.responseCode ?? null;
    if (err.outcomeUnknown || err.retryable || http === null || http >= 500 || http === 429)
      return { final: false, http, code, message: err.message };
    if (http === 401 || code === "5003")
      return { final: true, http, code, message: `GoPay refused the customer's token: ${err.message}` };
    return { final: true, http, code, message: err.message };
  }
  return { final: false, http: null, code: null, message: err instanceof Error ? err.message : String(err) };
}

async function runLimited<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

/** Adds unknown outcomes to the campaign's streak (or resets it); pauses the campaign past the threshold. */
async function trackErrors(
  database: Db,
  c: CampaignRow,
  successes: number,
  trailingUnknown: number,
  lastError: string | undefined,
  threshold: number,
): Promise<boolean> {
  if (successes > 0) {
    await database.execute(
      sql`update campaigns set consecutive_errors = ${trailingUnknown} where id = ${c.id} and consecutive_errors <> ${trailingUnknown}`,
    );
    return false;
  }
  if (trailingUnknown === 0) return false;
  const [r] = await rows<{ n: number }>(
    database,
    sql`update campaigns set consecutive_errors = consecutive_errors + ${trailingUnknown}, last_error = ${lastError ?? null}, updated_at = now()
        where id = ${c.id} returning consecutive_errors as n`,
  );
  if (Number(r?.n ?? 0) < threshold) return false;
  const reason = `gopay_errors:${Number(r!.n)}:${(lastError ?? "").slice(0, 300)}`;
  const paused = await database.transaction(async (tx) => {
    const done = await rows<{ id: string }>(
      tx,
      sql`update campaigns set status = 'paused', pause_reason = ${reason}, updated_at = now() where id = ${c.id} and status = 'sending' returning id`,
    );
    if (done.length === 0) return false;
    await tx.execute(sql`update campaign_recipients set status = 'pending', claimed_at = null, claimed_by = null, updated_at = now()
                         where campaign_id = ${c.id} and status = 'sending' and calling_at is null`);
    await audit(tx, {
      actor: CAMPAIGN_JOB_ACTOR,
      action: "campaign.auto_pause",
      targetType: "campaign",
      targetId: c.id,
      result: "ok",
      detail: { consecutiveErrors: Number(r!.n), lastError },
    });
    return true;
  });
  return paused;
}

/**
 * Marks the campaign completed (or failed, when GoPay refused every row and none was sent) once no
 * row is left to send. Rows whose outcome is unknown are not failures: with any left, it is completed.
 */
export async function completeIfDone(
  database: Db,
  campaignId: string,
  now: Date,
): Promise<CampaignStatus | undefined> {
  return database.transaction(async (tx) => {
    const done = await rows<{ status: CampaignStatus }>(
      tx,
      sql`update campaigns c set
            status = case when exists (select 1 from campaign_recipients where campaign_id = c.id and status = 'failed')
                          and not exists (select 1 from campaign_recipients where campaign_id = c.id and status in ('sent', 'unknown')) then 'failed' else 'completed' end,
            finished_at = ${now.toISOString()}::timestamptz, updated_at = now()
          where c.id = ${campaignId} and c.status = 'sending'
            and not exists (select 1 from campaign_recipients where campaign_id = c.id and status in ('pending', 'sending'))
          returning c.status`,
    );
    if (done.length === 0) return undefined;
    await audit(tx, {
      actor: CAMPAIGN_JOB_ACTOR,
      action: "campaign.complete",
      targetType: "campaign",
      targetId: campaignId,
      result: done[0]!.status === "failed" ? "failed" : "ok",
    });
    return done[0]!.status;
  });
}

async function nextLook(database: Db, campaignId: string, leaseMs: number): Promise<Date | undefined> {
  const [r] = await rows<{ due: Date | string | null; claimed: Date | string | null }>(
    database,
    sql`select (select min(due_at) from campaign_recipients where campaign_id = ${campaignId} and status = 'pending') as due,
               (select min(claimed_at) from campaign_recipients where campaign_id = ${campaignId} and status = 'sending') as claimed`,
  );
  const due = r?.due ? new Date(r.due).getTime() : Infinity;
  const stale = r?.claimed ? new Date(r.claimed).getTime() + leaseMs + 1000 : Infinity;
  const at = Math.min(due, stale);
  return Number.isFinite(at) ? new Date(at) : undefined;
}

/** Drains a campaign's due recipients until nothing is due, the budget is spent, or it stops sending. */
export async function drainCampaign(campaignId: string, deps: SendDeps = {}): Promise<DrainResult> {
  const database = deps.database ?? appDb();
  const client = deps.client ?? gopay();
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? defaultSleep;
  const worker = deps.workerId ?? `w-${process.pid}-${randomUUID().slice(0, 8)}`;
  const batchSize = deps.batchSize ?? 200;
  const concurrency = deps.concurrency ?? 32;
  const budgetMs = deps.budgetMs ?? 20_000;
  const leaseMs = deps.leaseMs ?? 120_000;
  const threshold = deps.pauseAfterErrors ?? 20;
  const maxAttempts = deps.maxAttempts ?? 8;
  const retryDelay = deps.retryDelayMs ?? 1_000;
  const retryAt = (attempts: number) =>
    new Date(now().getTime() + Math.min(retryDelay * 2 ** Math.max(0, attempts - 1), 60_000));
  const result: DrainResult = {
    stop: "idle",
    status: "missing",
    sent: 0,
    failed: 0,
    retried: 0,
    skipped: 0,
    unknown: 0,
  };
  const began = Date.now();
  let lastHousekeeping = 0;
  let errorBatches = 0;

  let c = await loadCampaignForSend(database, campaignId);
  if (!c) return result;
  if (c.status === "scheduled") {
    await startIfDue(database, campaignId, now());
    c = (await loadCampaignForSend(database, campaignId))!;
  }
  for (;;) {
    result.status = c.status;
    if (c.status !== "sending") {
      result.stop = "not_sending";
      break;
    }
    if (Date.now() - began >= budgetMs) {
      result.stop = "budget";
      break;
    }
    if (Date.now() - lastHousekeeping >= HOUSEKEEPING_MS) {
      lastHousekeeping = Date.now();
      await recoverStale(database, campaignId, now(), leaseMs);
      await deferQuietRows(database, campaignId, { start: c.quiet_start, end: c.quiet_end }, now());
    }
    const claimed = await claim(database, campaignId, worker, batchSize, now());
    if (claimed.length === 0) {
      result.stop = "idle";
      break;
    }
    const batch = await sendBatch(database, client, c, worker, claimed, {
      now,
      sleep,
      concurrency,
      maxAttempts,
      afterCall: deps.afterCall,
    });
    await writeOutcomes(database, worker, batch.outcomes, now(), retryAt, batch.attempts);
    for (const o of batch.outcomes) {
      if (o.status === "sent") result.sent++;
      else if (o.status === "failed") result.failed++;
      else if (o.status === "retry") result.retried++;
      else if (o.status === "unknown") result.unknown++;
      else result.skipped++;
    }
    if (batch.successes === 0 && batch.trailingUnknown > 0) errorBatches++;
    else errorBatches = 0;
    const paused = await trackErrors(
      database,
      c,
      batch.successes,
      batch.trailingUnknown,
      batch.lastError,
      threshold,
    );
    if (paused) {
      result.status = "paused";
      result.stop = "not_sending";
      break;
    }
    // Consecutive unknown outcomes: back off before the next batch (250 ms, 500 ms, … 8 s).
    if (errorBatches > 0) await sleep(Math.min(250 * 2 ** (errorBatches - 1), 8_000));
    c = (await loadCampaignForSend(database, campaignId)) ?? c;
  }
  if (result.status === "sending") {
    const done = await completeIfDone(database, campaignId, now());
    // Not completed: the status read before the last claim may be stale (cancelled or paused by
    // staff while this drain claimed nothing), so the caller is told the campaign's status now.
    if (done) result.status = done;
    else result.status = (await loadCampaignForSend(database, campaignId))?.status ?? result.status;
  }
  if (result.status === "sending" || result.status === "scheduled")
    result.nextAt = await nextLook(database, campaignId, leaseMs);
  return result;
}

interface BatchOpts {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  concurrency: number;
  maxAttempts: number;
  afterCall?: (requestId: string) => Promise<void> | void;
}

async function sendBatch(
  database: Db,
  client: GopayClient,
  c: CampaignRow,
  worker: string,
  claimed: Claimed[],
  o: BatchOpts,
): Promise<{
  outcomes: Outcome[];
  attempts: Map<string, number>;
  successes: number;
  trailingUnknown: number;
  lastError?: string;
}> {
  const outcomes: Outcome[] = [];
  const attempts = new Map<string, number>();
  let successes = 0;
  let trailingUnknown = 0;
  let lastError: string | undefined;

  // A customer without a mini-app token cannot be sent to: skipped, no call.
  const sendable: Claimed[] = [];
  for (const r of claimed) {
    if (r.token_enc) sendable.push(r);
    else outcomes.push({ id: r.id, status: "skipped", reason: "no_token" });
  }
  const rate = Number(c.throttle);
  const first = await reserveSlots(database, c.id, sendable.length, rate, o.now());
  // Group the rows into ticks of TICK_MS by their slot; each tick passes the gate once.
  const ticks = groupTicks(sendable, first, rate);

  for (let k = 0; k < ticks.length; k++) {
    if (!throttleOff(rate) && o.now().getTime() - ticks[k]!.at > LATE_MS) {
      // Late for this tick: its slots (and the rest) are past or about to be crowded; take new ones.
      const rest = ticks.slice(k).flatMap((t) => t.rows);
      const again = await reserveSlots(database, c.id, rest.length, rate, o.now());
      ticks.splice(k, ticks.length - k, ...groupTicks(rest, again, rate));
    }
    const tick = ticks[k]!;
    const wait = tick.at - o.now().getTime();
    if (wait > 0) await o.sleep(wait);
    const allowed = await beginCall(
      database,
      c.id,
      worker,
      tick.rows.map((r) => r.id),
      o.now(),
    );
    const refused = tick.rows.filter((r) => !allowed.has(r.id)).map((r) => r.id);
    if (refused.length > 0) {
      // The campaign stopped (or a row was taken over): nothing more from this batch is called.
      const rest = ticks.slice(k + 1).flatMap((t) => t.rows.map((r) => r.id));
      await release(database, worker, [...refused, ...rest]);
    }
    const go = tick.rows.filter((r) => allowed.has(r.id));
    await runLimited(go, o.concurrency, async (r) => {
      const attempt = Number(r.attempts) + 1;
      attempts.set(r.id, attempt);
      let token: string;
      try {
        token = decryptSecret(r.token_enc!);
      } catch {
        outcomes.push({
          id: r.id,
          status: "failed",
          http: null,
          code: null,
          message: "The customer's stored mini-app token could not be decrypted",
        });
        return;
      }
      try {
        let reminderId: string | undefined;
        if (c.kind === "reminder") {
          const res = await client.miniApp.createReminder({
            authToken: token,
            requestId: r.request_id,
            templateName: c.template_name,
            templateParameters: r.params,
          });
          reminderId = res.reminderId;
          await recordCampaignReminder(database, {
            campaignId: c.id,
            customerId: r.customer_id,
            requestId: r.request_id,
            templateName: c.template_name,
            params: r.params,
            reminderId,
          });
        } else {
          await client.miniApp.push({
            authToken: token,
            requestId: r.request_id,
            templateName: c.template_name,
            templateParameters: r.params,
          });
        }
        await o.afterCall?.(r.request_id);
        outcomes.push({ id: r.id, status: "sent", http: 200, reminderId });
        successes++;
        trailingUnknown = 0;
      } catch (err) {
        await o.afterCall?.(r.request_id);
        const k2 = classify(err);
        if (k2.final) {
          outcomes.push({ id: r.id, status: "failed", http: k2.http, code: k2.code, message: k2.message });
          return;
        }
        trailingUnknown++;
        lastError = `${k2.http ? `HTTP ${k2.http}` : "no answer"}${k2.code ? ` ${k2.code}` : ""}: ${k2.message}`;
        if (c.kind === "reminder") {
          // The reminder may exist at GoPay: recorded as unknown, settled by the same Request-Id.
          await recordCampaignReminder(database, {
            campaignId: c.id,
            customerId: r.customer_id,
            requestId: r.request_id,
            templateName: c.template_name,
            params: r.params,
            reminderId: null,
          }).catch(() => undefined);
        }
        // Never "failed" by absence: it may have been delivered. Left 'unknown' with its request_id.
        if (attempt >= o.maxAttempts)
          outcomes.push({
            id: r.id,
            status: "unknown",
            http: k2.http,
            code: k2.code,
            message: `Outcome unknown after ${attempt} attempts with the same Request-Id (${k2.message})`,
          });
        else outcomes.push({ id: r.id, status: "retry", http: k2.http, code: k2.code, message: k2.message });
      }
    });
    if (refused.length > 0) break;
  }
  return { outcomes, attempts, successes, trailingUnknown, lastError };
}

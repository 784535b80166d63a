import { sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { deferPastQuietHours, localInstant, parseHhMm, type QuietHours } from "./quiet-hours";
import { ZONES, type Schedule, type Zone } from "./types";

/**
 * When each recipient is due: the schedule's instant for that recipient's zone, moved past the
 * quiet hours in that zone. A schedule gives one instant per zone (not per recipient), so a
 * campaign of a million rows is scheduled with one UPDATE, not a million.
 */

export type ScheduleProblem = "schedule_invalid" | "schedule_in_past" | "quiet_hours_invalid";

/** The instant a schedule names for a recipient in `zone` (before quiet hours). */
export function baseInstant(schedule: Schedule, zone: Zone, now: Date): Date | undefined {
  switch (schedule.mode) {
    case "now":
      return now;
    case "at": {
      const at = new Date(schedule.at);
      return Number.isNaN(at.getTime()) ? undefined : at;
    }
    case "local":
      return localInstant(schedule.date, schedule.time, zone);
  }
}

/** Per zone: when its recipients are due (quiet hours applied), or a problem. */
export function dueByZone(
  schedule: Schedule,
  quiet: QuietHours,
  now: Date,
): Record<Zone, Date> | ScheduleProblem {
  if (parseHhMm(quiet.start) === undefined || parseHhMm(quiet.end) === undefined)
    return "quiet_hours_invalid";
  const out = {} as Record<Zone, Date>;
  for (const zone of ZONES) {
    const base = baseInstant(schedule, zone, now);
    if (!base) return "schedule_invalid";
    out[zone] = deferPastQuietHours(base.getTime() < now.getTime() ? now : base, zone, quiet);
  }
  if (scheduleInPast(schedule, now)) return "schedule_in_past";
  return out;
}

/**
 * Whether scheduling would be refused as past (schedule_in_past): the one rule for the wizard's
 * field error, the preview's warning and scheduleCampaign itself. A minute of grace: "at 10:00"
 * chosen at 09:59:30 and submitted at 10:00:05 is not refused. "local" may be past in the east
 * and still ahead in the west: it is past only when every zone is.
 */
export function scheduleInPast(schedule: Schedule, now: Date): boolean {
  if (schedule.mode === "now") return false;
  const zones = schedule.mode === "at" ? ZONES.slice(0, 1) : ZONES;
  return zones.every((z) => {
    const base = baseInstant(schedule, z, now);
    return base !== undefined && base.getTime() < now.getTime() - 60_000;
  });
}

/**
 * Writes due_at of every pending row of a campaign from the per-zone instants; returns the earliest.
 * Rows already sent, failed or skipped keep theirs.
 */
export async function writeDueAt(
  db: DbOrTx,
  campaignId: string,
  due: Record<Zone, Date>,
): Promise<Date | undefined> {
  await db.execute(sql`
    update campaign_recipients set
      due_at = case zone when 'WITA' then ${due.WITA.toISOString()}::timestamptz when 'WIT' then ${due.WIT.toISOString()}::timestamptz else ${due.WIB.toISOString()}::timestamptz end,
      updated_at = now()
    where campaign_id = ${campaignId} and status = 'pending'`);
  const [first] = await rows<{ at: Date | string | null }>(
    db,
    sql`select min(due_at) as at from campaign_recipients where campaign_id = ${campaignId} and status = 'pending'`,
  );
  return first?.at ? new Date(first.at) : undefined;
}

/**
 * At send time: pending rows that are due now but whose zone is inside the quiet hours are
 * deferred to the end of the quiet hours there (a paused campaign resumed at 22:00 WIB, a
 * schedule that ran long). Returns how many rows moved.
 */
export async function deferQuietRows(
  db: DbOrTx,
  campaignId: string,
  quiet: QuietHours,
  now: Date,
): Promise<number> {
  let moved = 0;
  for (const zone of ZONES) {
    const until = deferPastQuietHours(now, zone, quiet);
    if (until.getTime() === now.getTime()) continue;
    const r = await rows<{ n: number }>(
      db,
      sql`with m as (
            update campaign_recipients set due_at = ${until.toISOString()}::timestamptz, updated_at = now()
            where campaign_id = ${campaignId} and status = 'pending' and zone = ${zone} and due_at <= ${now.toISOString()}::timestamptz
            returning 1)
          select count(*)::int as n from m`,
    );
    moved += Number(r[0]?.n ?? 0);
  }
  return moved;
}

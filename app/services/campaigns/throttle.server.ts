import { sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { rows } from "~/db/rows.server";

/**
 * A campaign's throttle is global: every worker in every process reserves the time slots of the
 * sends it is about to make in one row (campaign_throttle.next_slot_at), in one atomic statement.
 * Reservations never overlap, so however many workers drain a campaign, at most `perSecond` calls
 * start in any second. A worker that reserved more than it then sends only lowers the rate.
 */

/** 0 (or less) means "no throttle" (benchmarks, an operator's explicit choice). */
export function throttleOff(perSecond: number): boolean {
  return !(perSecond > 0);
}

/**
 * Reserves `n` consecutive send slots for a campaign at `perSecond`; returns the instant (ms since
 * epoch) of the first slot. Slot i starts at first + i × 1000 / perSecond.
 */
export async function reserveSlots(
  db: DbOrTx,
  campaignId: string,
  n: number,
  perSecond: number,
  now: Date,
): Promise<number> {
  if (n <= 0 || throttleOff(perSecond)) return now.getTime();
  const spanMs = (n * 1000) / perSecond;
  const nowIso = now.toISOString();
  const [r] = await rows<{ next: Date | string }>(
    db,
    sql`insert into campaign_throttle as t (campaign_id, next_slot_at)
        values (${campaignId}, ${nowIso}::timestamptz + make_interval(secs => ${spanMs / 1000}))
        on conflict (campaign_id) do update
          set next_slot_at = greatest(t.next_slot_at, ${nowIso}::timestamptz) + make_interval(secs => ${spanMs / 1000})
        returning next_slot_at as next`,
  );
  return new Date(r!.next).getTime() - spanMs;
}

/** When slot i of a reservation starting at `first` may start. */
export function slotAt(first: number, i: number, perSecond: number): number {
  return throttleOff(perSecond) ? first : first + (i * 1000) / perSecond;
}

import { wibDateString, wibStartOfDay } from "~/lib/time";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** The instants the overview counts between, all WIB calendar boundaries (WIB has no DST). */
export interface OverviewWindow {
  now: Date;
  /** WIB day of `now`, `YYYY-MM-DD`. */
  today: string;
  todayStart: Date;
  todayEnd: Date;
  yesterdayStart: Date;
  /** The same time of day yesterday: "vs yesterday" compares like with like, not a full day with a partial one. */
  yesterdaySameTime: Date;
  /** Start of the 7-day status chart: today and the six WIB days before it (as /orders?range=7d). */
  weekStart: Date;
  /** WIB hour of `now` (0–23): today's hourly series stops here. */
  currentHour: number;
}

export function overviewWindow(now: Date = new Date()): OverviewWindow {
  const today = wibDateString(now);
  const todayStart = wibStartOfDay(today)!;
  return {
    now,
    today,
    todayStart,
    todayEnd: new Date(todayStart.getTime() + DAY_MS),
    yesterdayStart: new Date(todayStart.getTime() - DAY_MS),
    yesterdaySameTime: new Date(now.getTime() - DAY_MS),
    weekStart: new Date(todayStart.getTime() - 6 * DAY_MS),
    currentHour: Math.floor((now.getTime() - todayStart.getTime()) / HOUR_MS),
  };
}

/** `YYYY-MM-DD` WIB days of the 7-day chart, oldest first. */
export function weekDays(w: Pick<OverviewWindow, "weekStart">): string[] {
  return Array.from({ length: 7 }, (_, i) => wibDateString(new Date(w.weekStart.getTime() + i * DAY_MS)));
}

/**
 * Percent change from `before` to `after`, rounded to a whole percent; undefined when there is
 * nothing to compare with (0 before). Computed on bigint so large sums stay exact until the ratio.
 */
export function percentChange(after: bigint, before: bigint): number | undefined {
  if (before <= 0n) return undefined;
  return Number(((after - before) * 1000n) / before) / 10;
}

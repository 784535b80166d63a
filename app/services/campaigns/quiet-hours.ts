import { ZONE_OFFSET_MINUTES, type Zone } from "./types";

/**
 * Recipient-local time arithmetic for campaigns. Indonesia has no daylight saving, so each zone is a
 * fixed offset (WIB +7, WITA +8, WIT +9) and everything is plain minute arithmetic: no Intl, no tz
 * database, the same answer in every process. Pure: the clock is always passed in.
 */

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

/** "HH:MM" → minutes after midnight, or undefined when malformed. */
export function parseHhMm(s: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Minutes after local midnight of `at` in `zone`. */
export function localMinuteOfDay(at: Date, zone: Zone): number {
  const local = Math.floor(at.getTime() / MINUTE) + ZONE_OFFSET_MINUTES[zone];
  return ((local % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
}

/** The instant of local date `YYYY-MM-DD` at `HH:MM` in `zone`. */
export function localInstant(date: string, time: string, zone: Zone): Date | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const minutes = parseHhMm(time);
  if (!d || minutes === undefined) return undefined;
  const utcMidnight = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
  if (Number.isNaN(utcMidnight) || new Date(utcMidnight).toISOString().slice(0, 10) !== date)
    return undefined;
  return new Date(utcMidnight + (minutes - ZONE_OFFSET_MINUTES[zone]) * MINUTE);
}

export interface QuietHours {
  /** "21:00" */
  start: string;
  /** "08:00" */
  end: string;
}

/** Whether local minute `m` falls in [start, end) — a window may wrap past midnight (21:00–08:00). */
function inWindow(m: number, start: number, end: number): boolean {
  if (start === end) return false; // an empty window: no quiet hours
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** True when `at` is inside the quiet hours in `zone`. */
export function isQuiet(at: Date, zone: Zone, quiet: QuietHours): boolean {
  const start = parseHhMm(quiet.start);
  const end = parseHhMm(quiet.end);
  if (start === undefined || end === undefined) return false;
  return inWindow(localMinuteOfDay(at, zone), start, end);
}

/**
 * The earliest instant ≥ `at` outside the quiet hours in `zone`: `at` itself when it is allowed,
 * otherwise the end of the quiet window (e.g. 08:00 local). Quiet hours defer, never drop.
 */
export function deferPastQuietHours(at: Date, zone: Zone, quiet: QuietHours): Date {
  const start = parseHhMm(quiet.start);
  const end = parseHhMm(quiet.end);
  if (start === undefined || end === undefined) return at;
  const m = localMinuteOfDay(at, zone);
  if (!inWindow(m, start, end)) return at;
  const wait = (end - m + DAY_MINUTES) % DAY_MINUTES;
  const minuteStart = Math.floor(at.getTime() / MINUTE) * MINUTE;
  return new Date(minuteStart + wait * MINUTE);
}

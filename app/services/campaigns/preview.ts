import { ZONE_UTC_OFFSET_HOURS, type ZoneName } from "./render";

/**
 * What the preview shows without calling GoPay (pure, browser-safe): the exact request one
 * recipient's send will be, and how long the campaign will take at its throttle and quiet hours.
 */
export interface ApiPayload {
  method: "POST" | "PUT";
  path: string;
  /** The headers as sent, the user's token left out (it is decrypted only in the send worker). */
  headers: Record<string, string>;
  body: { template_name: string; template_parameters: Record<string, string> };
}

export const TOKEN_PLACEHOLDER = "Bearer <the customer's mini-app token>";

/** The mini-app call of one send: push → POST /v1/mini-apps/notifications/push, reminder → PUT /v1/mini-apps/reminder. */
export function apiPayload(
  kind: "push" | "reminder",
  templateName: string,
  params: Record<string, string>,
  requestId: string,
): ApiPayload {
  return {
    method: kind === "push" ? "POST" : "PUT",
    path: kind === "push" ? "/v1/mini-apps/notifications/push" : "/v1/mini-apps/reminder",
    headers: {
      Accept: "application/json",
      "Content-Type": "application/json",
      Authorization: TOKEN_PLACEHOLDER,
      "Request-Id": requestId,
    },
    body: { template_name: templateName, template_parameters: params },
  };
}

const MINUTE = 60_000;
const DAY = 24 * 60;

function hhmm(s: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Minutes of the day (local to `zone`) in which sending is allowed, as a 1440-long mask. */
function allowedMask(quietStart: string, quietEnd: string): boolean[] {
  const s = hhmm(quietStart);
  const e = hhmm(quietEnd);
  const mask = new Array<boolean>(DAY).fill(true);
  if (s === undefined || e === undefined || s === e) return mask;
  for (let m = 0; m < DAY; m++) mask[m] = s < e ? !(m >= s && m < e) : !(m >= s || m < e);
  return mask;
}

export interface DurationEstimate {
  /** Seconds of sending at the throttle, quiet hours aside. */
  sendingSeconds: number;
  /** When the last send is expected (quiet hours deferring what falls inside them), or null for no recipients. */
  finishAt: Date | null;
  /** Recipients whose send falls in their quiet hours at first and waits (deferred, not dropped). */
  deferred: number;
}

/**
 * The expected duration: recipients go out at `throttle` per second from `start` (for "09:00 in
 * each zone", from each zone's own 09:00), a recipient inside its zone's quiet hours waiting for
 * their end. Minute-by-minute simulation per zone, sharing one global rate (the throttle is global).
 */
export function estimateDuration(input: {
  counts: Partial<Record<ZoneName, number>>;
  throttlePerSecond: number;
  quietStart: string;
  quietEnd: string;
  /** When sending starts, per zone (the same instant for every zone unless the schedule is local). */
  startFor: (zone: ZoneName) => Date;
}): DurationEstimate {
  const zones = (Object.keys(input.counts) as ZoneName[]).filter((z) => (input.counts[z] ?? 0) > 0);
  const total = zones.reduce((s, z) => s + (input.counts[z] ?? 0), 0);
  const rate = Math.max(1, Math.floor(input.throttlePerSecond));
  const sendingSeconds = Math.ceil(total / rate);
  if (total === 0) return { sendingSeconds: 0, finishAt: null, deferred: 0 };
  const mask = allowedMask(input.quietStart, input.quietEnd);
  const left: Record<string, number> = Object.fromEntries(zones.map((z) => [z, input.counts[z] ?? 0]));
  const starts = Object.fromEntries(zones.map((z) => [z, Math.floor(input.startFor(z).getTime() / MINUTE)]));
  let minute = Math.min(...zones.map((z) => starts[z]!));
  let deferred = 0;
  const deferredZones = new Set<ZoneName>();
  let remaining = total;
  const perMinute = rate * 60;
  // At most a year of minutes: a campaign with every minute quiet never ends (a mask all false is refused before).
  for (let guard = 0; guard < 366 * DAY && remaining > 0; guard++, minute++) {
    let budget = perMinute;
    const open = zones.filter((z) => left[z]! > 0 && minute >= starts[z]!);
    for (const z of open) {
      const local = (((minute + ZONE_UTC_OFFSET_HOURS[z] * 60) % DAY) + DAY) % DAY;
      if (!mask[local]) {
        // Those whose turn has come wait for the end of their quiet hours.
        continue;
      }
      const n = Math.min(left[z]!, Math.ceil(budget / Math.max(1, open.length)));
      left[z]! -= n;
      budget -= n;
      remaining -= n;
    }
    // Anyone still waiting while their zone is quiet counts as deferred (once per zone's waiting recipients, at the first quiet minute).
    for (const z of open) {
      const local = (((minute + ZONE_UTC_OFFSET_HOURS[z] * 60) % DAY) + DAY) % DAY;
      if (!mask[local] && left[z]! > 0 && !deferredZones.has(z)) {
        deferredZones.add(z);
        deferred += left[z]!;
      }
    }
    if (remaining <= 0) break;
  }
  return { sendingSeconds, finishAt: new Date((minute + 1) * MINUTE), deferred };
}

/** `1 h 05 min`, `3 min 20 s`, `12 s` — language-neutral units. */
export function shortDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${String(m).padStart(2, "0")} min`;
  if (m) return `${m} min ${String(sec).padStart(2, "0")} s`;
  return `${sec} s`;
}

import { isoDay, isoTime } from "~/lib/time";
import type { Words } from "~/lib/words";
import type { AuditActor } from "~/services/audit.server";
import {
  cancelCampaign,
  pauseCampaign,
  resumeCampaign,
  retryFailed,
  scheduleCampaign,
  type LifecycleResult,
  type ScheduleInput,
} from "./lifecycle.server";
import { localInstant } from "./quiet-hours";
import type { Schedule, Zone } from "./types";
import { isUuid } from "~/db/errors.server";

/**
 * The campaign page's actions in words: what a lifecycle service answered, as a translation key
 * (campaigns namespace) for a toast or a refusal. Keeps the route to parse → call → answer.
 */

type Key = Words;
export type ActionOutcome = ({ ok: true; toast: Key } & Key) | ({ ok: false } & Key);

const K = (k: string) => `campaigns:delivery.${k}`;

export type ScheduleForm = {
  mode: "now" | "at" | "local";
  date?: string;
  time?: string;
  zone?: Zone;
  quietStart: string;
  quietEnd: string;
  throttle: string;
};

/** The schedule form → the service's input, or the field at fault. */
export function scheduleFromForm(
  f: ScheduleForm,
):
  | { ok: true; input: Omit<ScheduleInput, "campaignId"> }
  | { ok: false; field: string; key: string; values: Record<string, string> } {
  const values = Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >;
  const bad = (field: string, key: string) => ({ ok: false as const, field, key: K(key), values });
  // Times are typed 24-hour (TimeInput), read by isoTime (`21.00` and `2100` too) and kept as HH:MM.
  const quietStart = isoTime(f.quietStart);
  if (!quietStart) return bad("quietStart", "errors.quietInvalid");
  const quietEnd = isoTime(f.quietEnd);
  if (!quietEnd) return bad("quietEnd", "errors.quietInvalid");
  const throttle = Number(f.throttle);
  if (!/^\d{1,5}$/.test(f.throttle.trim()) || throttle > 10_000)
    return bad("throttle", "errors.throttleInvalid");
  let schedule: Schedule;
  if (f.mode === "now") schedule = { mode: "now" };
  else {
    // The day is typed day-month-year (DayInput), an ISO day also read; each field is blamed for itself.
    const date = isoDay(f.date ?? "");
    if (!date) return bad("date", "errors.scheduleInvalid");
    const time = isoTime(f.time ?? "");
    if (!time || !localInstant(date, time, "WIB")) return bad("time", "errors.scheduleInvalid");
    if (f.mode === "at") {
      const zone = f.zone ?? "WIB";
      schedule = { mode: "at", at: localInstant(date, time, zone)!.toISOString(), zone };
    } else schedule = { mode: "local", date, time };
  }
  return {
    ok: true,
    input: { schedule, quietStart, quietEnd, throttlePerSecond: throttle },
  };
}

function refusal(r: Exclude<LifecycleResult, { ok: true }>): ActionOutcome {
  switch (r.refused) {
    case "not_found":
      return { ok: false, key: K("errors.notFound") };
    case "wrong_status":
      return { ok: false, key: K("errors.wrongStatus"), params: { status: r.status } };
    case "nothing_to_retry":
      return { ok: false, key: K("errors.nothingToRetry") };
    case "schedule_invalid":
      return { ok: false, key: K("errors.scheduleInvalid") };
    case "schedule_in_past":
      return { ok: false, key: K("errors.scheduleInPast") };
    case "quiet_hours_invalid":
      return { ok: false, key: K("errors.quietInvalid") };
    case "throttle_invalid":
      return { ok: false, key: K("errors.throttleInvalid") };
  }
}

export async function campaignAction(
  actor: AuditActor,
  campaignId: string,
  a:
    | { intent: "schedule"; input: Omit<ScheduleInput, "campaignId"> }
    | { intent: "pause" | "resume" | "cancel" | "retryFailed" },
): Promise<ActionOutcome> {
  if (!isUuid(campaignId)) return { ok: false, key: K("errors.notFound") };
  const ok = (toast: string, params?: Record<string, string | number>): ActionOutcome => ({
    ok: true,
    key: K(toast),
    toast: { key: K(toast), params },
  });
  switch (a.intent) {
    case "schedule": {
      const r = await scheduleCampaign(actor, { campaignId, ...a.input });
      return r.ok ? ok("toast.scheduled") : refusal(r);
    }
    case "pause": {
      const r = await pauseCampaign(actor, campaignId);
      return r.ok ? ok("toast.paused") : refusal(r);
    }
    case "resume": {
      const r = await resumeCampaign(actor, campaignId);
      return r.ok ? ok("toast.resumed") : refusal(r);
    }
    case "cancel": {
      const r = await cancelCampaign(actor, campaignId);
      return r.ok ? ok("toast.cancelled") : refusal(r);
    }
    case "retryFailed": {
      const r = await retryFailed(actor, campaignId);
      return r.ok ? ok("toast.retried", { count: r.retried }) : refusal(r);
    }
  }
}

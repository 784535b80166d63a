import { z } from "zod";
import { isoDay, isoTime } from "~/lib/time";
import { CUSTOMER_FIELDS, ZONE_NAMES, type ParamSource, type ParamSources } from "./render";
import { SEGMENTS, type SegmentKey } from "./segments-list";

/**
 * The new-campaign form's fields (browser-safe), read into the draft's parameter sources and
 * schedule. A parameter `p` comes as `src.p` (fixed | column | field) with `val.p`, `col.p` or
 * `fld.p`, and `fb.p` (the fallback when empty).
 */
const TIME_KEY = "campaigns:build.wizard.errors.time";

/**
 * A time typed 24-hour (TimeInput: not <input type="time">, which shows 09:00 PM on an en-US
 * browser), read by isoTime (`21.00` and `2100` too) and kept as `HH:MM`; anything else is refused
 * at its own field.
 */
const hhmm = z.string().transform((s, ctx) => {
  const time = isoTime(s);
  if (time === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: TIME_KEY });
    return z.NEVER;
  }
  return time;
});

export const wizardFields = z
  .object({
    name: z.string().trim().max(200).optional().default(""),
    templateId: z.string().uuid("campaigns:build.wizard.errors.template"),
    audienceType: z.enum(["csv", "segment"]),
    segment: z.string().optional().default(""),
    throttle: z.coerce
      .number({ message: "campaigns:build.wizard.errors.throttle" })
      .int("campaigns:build.wizard.errors.throttle")
      .min(1, "campaigns:build.wizard.errors.throttle")
      .max(10_000, "campaigns:build.wizard.errors.throttle"),
    quietStart: hhmm,
    quietEnd: hhmm,
    scheduleMode: z.enum(["now", "at", "local"]),
    atDate: z.string().optional().default(""),
    atTime: z.string().optional().default(""),
    atZone: z.enum(ZONE_NAMES).optional().default("WIB"),
    localDate: z.string().optional().default(""),
    localTime: z.string().optional().default("09:00"),
  })
  .passthrough();
export type WizardFields = z.output<typeof wizardFields>;

export type Schedule =
  | { mode: "now" }
  | { mode: "at"; at: string; zone: (typeof ZONE_NAMES)[number] }
  | { mode: "local"; date: string; time: string };

const OFFSET_HOURS = { WIB: 7, WITA: 8, WIT: 9 } as const;

/** The schedule from the form, or the field at fault. "at" is a wall-clock time in the chosen zone. */
export function readSchedule(
  f: WizardFields,
): { ok: true; schedule: Schedule } | { ok: false; field: string; key: string } {
  if (f.scheduleMode === "now") return { ok: true, schedule: { mode: "now" } };
  // Days are typed day-month-year (DayInput: not <input type="date">, which shows mm/dd/yyyy on an
  // en-US browser); an ISO day is read too. Times 24-hour (TimeInput), read by isoTime.
  if (f.scheduleMode === "at") {
    const day = isoDay(f.atDate);
    if (!day) return { ok: false, field: "atDate", key: "campaigns:build.wizard.errors.date" };
    const time = isoTime(f.atTime);
    if (!time) return { ok: false, field: "atTime", key: TIME_KEY };
    const [y, mo, d] = day.split("-").map(Number) as [number, number, number];
    const [h, mi] = time.split(":").map(Number) as [number, number];
    const utc = Date.UTC(y, mo - 1, d, h, mi) - OFFSET_HOURS[f.atZone] * 3600_000;
    return { ok: true, schedule: { mode: "at", at: new Date(utc).toISOString(), zone: f.atZone } };
  }
  const day = isoDay(f.localDate);
  if (!day) return { ok: false, field: "localDate", key: "campaigns:build.wizard.errors.date" };
  const time = isoTime(f.localTime);
  if (!time) return { ok: false, field: "localTime", key: TIME_KEY };
  return { ok: true, schedule: { mode: "local", date: day, time } };
}

/** Each template parameter's source from the form; a parameter with none is left out (the draft refuses it). */
export function readSources(f: Record<string, unknown>, paramNames: string[]): ParamSources {
  const out: ParamSources = {};
  const str = (k: string) => (typeof f[k] === "string" ? (f[k] as string) : "");
  for (const p of paramNames) {
    const kind = str(`src.${p}`);
    const fallback = str(`fb.${p}`).trim();
    let s: ParamSource | undefined;
    if (kind === "fixed") s = { type: "fixed", value: str(`val.${p}`) };
    else if (kind === "column" && str(`col.${p}`).trim())
      s = { type: "column", column: str(`col.${p}`).trim(), ...(fallback ? { fallback } : {}) };
    else if (kind === "field" && (CUSTOMER_FIELDS as readonly string[]).includes(str(`fld.${p}`)))
      s = {
        type: "field",
        field: str(`fld.${p}`) as (typeof CUSTOMER_FIELDS)[number],
        ...(fallback ? { fallback } : {}),
      };
    if (s) out[p] = s;
  }
  return out;
}

export function readSegment(f: WizardFields): SegmentKey | undefined {
  return (SEGMENTS as readonly string[]).includes(f.segment) ? (f.segment as SegmentKey) : undefined;
}

import type { i18n as I18n } from "i18next";

/** The options i18next's getFixedT adds by itself: a call with only these is a plain lookup. */
const PLAIN_OPTIONS = new Set(["lng", "lngs", "ns", "keyPrefix"]);
/** A string default value (a status label falling back to its code) is part of the memo's key. */
const DEFAULT_VALUE = "defaultValue";
/** Keys come from code (and a few from enums in data); a bound all the same. */
export const MEMO_LIMIT = 20_000;

/**
 * Remembers `t(key)` for an instance whose resources never change (the server's shared instances,
 * app/i18n/i18n.server.ts): a lookup without interpolation, count or context (at most a string
 * default value, which is then part of the memo's key) is answered from a Map after the first
 * time. i18next resolves every call anew (namespace and key separators, fallbacks, plural and
 * context suffixes, interpolation scan): ~1 ms of each list page's server CPU for a few hundred
 * labels. Calls with any other option go to i18next as before.
 */
export function memoizeT(instance: I18n): void {
  const translate = instance.t.bind(instance) as (key: unknown, options?: unknown) => unknown;
  const cache = new Map<string, string>();
  const memoT = (key: unknown, options?: unknown): unknown => {
    if (typeof key !== "string" || (options !== undefined && !isPlain(options))) return translate(key, options);
    const o = options as { lng?: unknown; lngs?: unknown; ns?: unknown; keyPrefix?: unknown; defaultValue?: string } | undefined;
    const id = `${str(o?.lng)}\u0000${str(o?.lngs)}\u0000${str(o?.ns)}\u0000${str(o?.keyPrefix)}\u0000${key}\u0000${o?.defaultValue ?? ""}`;
    const hit = cache.get(id);
    if (hit !== undefined) return hit;
    const value = translate(key, options);
    if (typeof value === "string" && cache.size < MEMO_LIMIT) cache.set(id, value);
    return value;
  };
  instance.t = memoT as unknown as I18n["t"];
}

function isPlain(options: unknown): boolean {
  if (typeof options !== "object" || options === null) return false;
  for (const k in options) {
    if (PLAIN_OPTIONS.has(k)) continue;
    if (k === DEFAULT_VALUE && typeof (options as Record<string, unknown>)[k] === "string") continue;
    return false;
  }
  return true;
}

const str = (v: unknown): string => (v === undefined ? "" : Array.isArray(v) ? v.join(",") : String(v));

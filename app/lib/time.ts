/** Times are stored as timestamptz (UTC instants) and shown in Asia/Jakarta (WIB, UTC+7, no DST). */
export const TIME_ZONE = "Asia/Jakarta";
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

type DateLocale = "id-ID" | "en-GB";
/** `id`/`id-ID` → Indonesian month names; anything else → en-GB (the default, as before). */
function dateLocale(locale: string | undefined): DateLocale {
  return locale === "id" || locale?.startsWith("id-") ? "id-ID" : "en-GB";
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: DateLocale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: TIME_ZONE,
      day: "numeric",
      month: "short",
      year: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** Each locale's short month names as Intl writes them in this runtime (`Sept` in en-GB, `Agu` in id-ID). */
const monthNames = new Map<DateLocale, string[]>();
function months(locale: DateLocale): string[] {
  let names = monthNames.get(locale);
  if (!names) {
    const f = fmt(locale, true);
    names = Array.from({ length: 12 }, (_, m) => f.formatToParts(Date.UTC(2026, m, 15, 5)).find((p) => p.type === "month")!.value);
    monthNames.set(locale, names);
  }
  return names;
}

/**
 * `21 Nov 2026, 14:05:09 WIB`; with `id`: `21 Agu 2026, 14:05:09 WIB`. Both languages share one
 * shape (day month year, 24-hour time with colons), only the month differs. WIB is UTC+7 with no
 * daylight saving, so the fields are read from the shifted instant; only the month's name comes
 * from Intl (once per language): `formatToParts` per cell was a visible share of a list page's CPU.
 */
export function formatWib(d: Date | string | number, locale?: string): string {
  const t = new Date(d).getTime();
  if (Number.isNaN(t)) throw new RangeError("Invalid time value"); // as Intl did
  const w = new Date(t + WIB_OFFSET_MS);
  return `${w.getUTCDate()} ${months(dateLocale(locale))[w.getUTCMonth()]} ${w.getUTCFullYear()}, ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())} WIB`;
}

/**
 * The instant of a `formatWib` text in English (`21 Nov 2026, 14:05:09 WIB`), or null: a service's
 * English sentence names a time this way, and the page says it again in its own language.
 */
export function parseWibText(text: string): Date | null {
  const m = /^(\d{1,2}) (\S+) (\d{4}), (\d{2}):(\d{2}):(\d{2}) WIB$/.exec(text);
  if (!m) return null;
  const month = months("en-GB").indexOf(m[2]!);
  if (month < 0) return null;
  const d = new Date(Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - WIB_OFFSET_MS);
  return formatWib(d) === text ? d : null;
}

/** `21 Nov 2026` (`21 Agu 2026` with `id`). */
export function formatWibDate(d: Date | string | number, locale?: string): string {
  return fmt(dateLocale(locale), false).format(new Date(d));
}

/** The WIB calendar day `2026-12-05` as `5 Dec 2026` (`5 Des 2026` with `id`); anything else as given. */
export function formatWibDay(day: string, locale?: string): string {
  const start = wibStartOfDay(day);
  return start ? formatWibDate(start, locale) : day;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** ISO-8601 with +07:00, seconds precision: the X-TIMESTAMP format GoPay documents. */
export function toWibIso(d: Date = new Date()): string {
  const w = new Date(d.getTime() + WIB_OFFSET_MS);
  return `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(
    w.getUTCMinutes(),
  )}:${pad(w.getUTCSeconds())}+07:00`;
}

/** `YYYY-MM-DD` of the instant in WIB. */
export function wibDateString(d: Date = new Date()): string {
  return toWibIso(d).slice(0, 10);
}

/** Start of a WIB calendar day (`YYYY-MM-DD`) as an instant; undefined for bad input. */
export function wibStartOfDay(text: string): Date | undefined {
  const ymd = isoDay(text);
  if (!ymd) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - WIB_OFFSET_MS;
  const d = new Date(t);
  return wibDateString(d) === ymd ? d : undefined;
}

/**
 * A calendar day as staff type it in a WIB back office — day-month-year (`21-11-2026`,
 * `21/11/2026`, `21.11.2026`, `1-2-2026`) — or as an older link wrote it (`2026-11-21`), as
 * `2026-11-21`; undefined when it is not a real day (31-02-2026, 2026-13-01, "1").
 */
export function isoDay(text: string): string | undefined {
  const s = text.trim();
  const dmy = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  const ymd = dmy ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const [y, mo, d] = dmy ? [dmy[3]!, dmy[2]!, dmy[1]!] : ymd ? [ymd[1]!, ymd[2]!, ymd[3]!] : [];
  if (!y || !mo || !d) return undefined;
  const iso = `${y}-${mo.padStart(2, "0")}-${d.padStart(2, "0")}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/**
 * A time of day as staff type it, 24-hour, as `HH:MM` (zero-padded); undefined for anything else.
 * Read: hours and minutes with a colon or a dot (`21:00`, `9:00`, `21.00`: Indonesians write times
 * with a dot, `pukul 21.00`), or four digits with none (`2100`, `0930`), surrounding whitespace
 * ignored. Refused: hours past 23 or minutes past 59 (`24:00`, `9:60`), one-digit minutes (`9:5`),
 * seconds (`21:00:00`), AM/PM (`9pm`, `9:00 PM`), an hour alone (`21`), and three digits without a
 * separator (`930`): `100` could be 1:00 or 10:00, so none of the three-digit forms is guessed at.
 */
export function isoTime(text: string): string | undefined {
  const m = /^([0-9]{1,2})[:.]([0-9]{2})$/.exec(text.trim()) ?? /^([0-9]{2})([0-9]{2})$/.exec(text.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 23 && min <= 59 ? `${pad(h)}:${pad(min)}` : undefined;
}

/** `2026-11-21` → `21-11-2026` (what a day input shows); anything else as it is. */
export function dayMonthYear(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? `${m[3]}-${m[2]}-${m[1]}` : text;
}

/** [start, end) instants covering WIB days from..to inclusive (each day-month-year or ISO). */
export function wibRange(from: string, to: string): { start: Date; end: Date } | undefined {
  const start = wibStartOfDay(from);
  const last = wibStartOfDay(to);
  if (!start || !last) return undefined;
  return { start, end: new Date(last.getTime() + 24 * 60 * 60 * 1000) };
}

/** `2026-11-21 14:05:09` in WIB, for CSV. */
export function formatWibPlain(d: Date | string | number): string {
  return toWibIso(new Date(d)).slice(0, 19).replace("T", " ");
}

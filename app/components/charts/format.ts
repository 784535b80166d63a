import { formatIdr, SEN_PER_RUPIAH, type Minor } from "~/lib/money";

/**
 * The only bigint → number step in the app: a chart's y-value, in whole rupiah. Drawing is all it
 * is used for; labels and tooltips go back through formatIdr, and tooltips show the exact bigint.
 */
export function chartRupiah(minor: Minor): number {
  return Number(minor / SEN_PER_RUPIAH);
}

/** Axis tick for a rupiah y-value: `Rp 1.500.000`, via formatIdr; a no-break space so SVG text never wraps it. */
export function formatAxisRupiah(value: number): string {
  if (!Number.isFinite(value)) return "";
  return formatIdr(BigInt(Math.round(value)) * SEN_PER_RUPIAH).replace(" ", "\u00a0");
}

/** `09:00` for WIB hour 9. */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}

const dayFmts = new Map<string, Intl.DateTimeFormat>();
/**
 * `Sat 21 Nov` (`Sab 21 Nov` with `id`) for the WIB calendar day `2026-11-21` (a date, so formatted
 * without a zone shift).
 */
export function dayLabel(ymd: string, lng = "en"): string {
  const tag = lng === "id" ? "id-ID" : "en-GB";
  let f = dayFmts.get(tag);
  if (!f) dayFmts.set(tag, (f = new Intl.DateTimeFormat(tag, { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" })));
  return f.format(new Date(`${ymd}T00:00:00Z`)).replace(",", "");
}

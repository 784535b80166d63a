import { useTranslation } from "react-i18next";
import { formatWib, formatWibDate } from "~/lib/time";
import { cx } from "./cx";

interface TimeOptions {
  dateOnly?: boolean;
  /** Let the time break onto a second line in narrow columns (it never breaks by default). */
  wrap?: boolean;
  className?: string;
  /** The table's CSS styles its time column by position: no class on each of 50 rows. */
  styledBy?: "table";
}

/** An instant shown in Asia/Jakarta with "WIB", month names in the page's language; the machine-readable ISO instant in `dateTime`. */
export function DateTime({ value, ...options }: TimeOptions & { value: Date | string | number }) {
  const { i18n } = useTranslation();
  return wibTime(value, i18n.language, options);
}

/**
 * The same `<time>` element without a hook, for table cells: the table reads the language once
 * (`useTranslation` per cell was a measurable part of a 50-row page's render).
 */
export function wibTime(value: Date | string | number, language: string, { dateOnly = false, wrap = false, className, styledBy }: TimeOptions = {}) {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return <span className={className}>—</span>;
  return (
    <time dateTime={d.toISOString()} className={styledBy === "table" ? className : cx(wrap ? "nums-wrap" : "nums", className)}>
      {dateOnly ? formatWibDate(d, language) : formatWib(d, language)}
    </time>
  );
}

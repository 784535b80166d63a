import { useTranslation } from "react-i18next";
import { formatWib, formatWibDate } from "~/lib/time";
import { cx } from "./cx";

/** An instant shown in Asia/Jakarta with "WIB", month names in the page's language; the machine-readable ISO instant in `dateTime`. */
export function DateTime({
  value,
  dateOnly = false,
  wrap = false,
  className,
}: {
  value: Date | string | number;
  dateOnly?: boolean;
  /** Let the time break onto a second line in narrow columns (it never breaks by default). */
  wrap?: boolean;
  className?: string;
}) {
  const { i18n } = useTranslation();
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return <span className={className}>—</span>;
  return (
    <time dateTime={d.toISOString()} className={cx("tabular-nums", wrap ? "whitespace-normal" : "whitespace-nowrap", className)}>
      {dateOnly ? formatWibDate(d, i18n.language) : formatWib(d, i18n.language)}
    </time>
  );
}

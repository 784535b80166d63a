const formats = new Map<string, Intl.NumberFormat>();

/**
 * A count (rows, recipients, payouts) grouped as the page's language writes numbers, as i18next's
 * `{{count, number}}` does: `100.000` in Indonesian, `100,000` in English. Money is not a count:
 * it is always `Rp 100.000` (formatIdr), the currency's own convention, whatever the language.
 */
export function formatCount(n: number | bigint, lng: string | undefined): string {
  const tag = lng === "en" ? "en" : "id";
  let f = formats.get(tag);
  if (!f) formats.set(tag, (f = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 })));
  return f.format(n);
}

import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { buttonClasses, withParams } from "~/components/ui";

/**
 * Keyset paging for /orders. The shared Pagination says "Newer/Older", which is wrong when the
 * list is sorted by amount; this one says Previous/Next and keeps every filter in the URL.
 */
export function OrderPager({ prev, next }: { prev?: string; next?: string }) {
  const { t } = useTranslation("orders");
  const { search } = useLocation();
  if (!prev && !next) return null;
  const off = buttonClasses("secondary", "sm", "pointer-events-none opacity-50");
  return (
    <nav aria-label={t("pager.label")} className="flex items-center justify-end gap-2 py-3">
      {prev ? (
        <Link to={withParams(search, { before: null, after: null })} className={buttonClasses("ghost", "sm")}>
          {t("pager.first")}
        </Link>
      ) : null}
      {prev ? (
        <Link prefetch="intent" rel="prev" className={buttonClasses("secondary", "sm")} to={withParams(search, { before: prev, after: null })}>
          {t("pager.previous")}
        </Link>
      ) : (
        <span aria-disabled="true" className={off}>
          {t("pager.previous")}
        </span>
      )}
      {next ? (
        <Link prefetch="intent" rel="next" className={buttonClasses("secondary", "sm")} to={withParams(search, { after: next, before: null })}>
          {t("pager.next")}
        </Link>
      ) : (
        <span aria-disabled="true" className={off}>
          {t("pager.next")}
        </span>
      )}
    </nav>
  );
}

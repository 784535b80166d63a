import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { buttonClasses } from "./button";

/** The URL search string with `set` applied (null deletes) — for keyset cursors, sorting, filters. */
export function withParams(search: string, set: Record<string, string | null>): string {
  const p = new URLSearchParams(search);
  for (const [k, v] of Object.entries(set)) {
    if (v === null) p.delete(k);
    else p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : "?";
}

/**
 * Keyset pagination: the loader returns the cursor of the first and last row when there are more
 * in that direction; the links write `before`/`after` into the URL and drop the other one.
 */
export function Pagination({
  newerCursor,
  olderCursor,
  label,
}: {
  newerCursor?: string | null;
  olderCursor?: string | null;
  label?: string;
}) {
  const { t } = useTranslation();
  const { search } = useLocation();
  if (!newerCursor && !olderCursor) return null;
  const disabled = "pointer-events-none opacity-50";
  return (
    <nav aria-label={label ?? t("pagination.label")} className="flex items-center justify-end gap-2 py-3">
      {newerCursor ? (
        <Link prefetch="intent" className={buttonClasses("secondary", "sm")} to={withParams(search, { before: newerCursor, after: null })}>
          {t("pagination.newer")}
        </Link>
      ) : (
        <span aria-disabled="true" className={buttonClasses("secondary", "sm", disabled)}>
          {t("pagination.newer")}
        </span>
      )}
      {olderCursor ? (
        <Link prefetch="intent" className={buttonClasses("secondary", "sm")} to={withParams(search, { after: olderCursor, before: null })}>
          {t("pagination.older")}
        </Link>
      ) : (
        <span aria-disabled="true" className={buttonClasses("secondary", "sm", disabled)}>
          {t("pagination.older")}
        </span>
      )}
    </nav>
  );
}

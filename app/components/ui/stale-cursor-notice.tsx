import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { firstPageHref } from "~/lib/stale-cursor";
import { cx } from "./cx";
import { AlertTriangle } from "./icons";

/**
 * Above a keyset list whose `after` / `before` cursor could not be used (the loader's
 * `staleCursor`, app/lib/stale-cursor.ts): the list shows page one, and says so rather than let a
 * "page 3" link pass for page 3. The link is the same list and filters without the cursor. Shown
 * with an empty list too (the empty state alone would hide why). No outer margin: `className`
 * gives the page's spacing (none inside a `space-y-*` stack).
 */
export function StaleCursorNotice({ show, className }: { show: boolean; className?: string }) {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  if (!show) return null;
  return (
    <div
      role="status"
      data-testid="stale-cursor"
      className={cx(
        "flex items-start gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200",
        className,
      )}
    >
      <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0 text-amber-700" />
      <p>
        {t("pagination.stale")}{" "}
        <Link
          to={firstPageHref(pathname, search)}
          className="font-medium whitespace-nowrap underline hover:text-amber-950"
        >
          {t("pagination.firstPage")}
        </Link>
      </p>
    </div>
  );
}

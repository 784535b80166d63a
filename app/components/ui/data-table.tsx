import { Link, useLocation, useNavigation } from "@remix-run/react";
import { ArrowDown, ArrowUp, ArrowUpDown, Inbox } from "./icons";
import { useTranslation } from "react-i18next";
import { cx } from "./cx";
import { EmptyState } from "./empty-state";
import { RowLink } from "./row-link";
import { ariaSort, nextSortSearch } from "./sort";
import { Spinner } from "./spinner";

export interface Column<Row> {
  /** Stable key; also the `sort` value written into the URL when `sortable`. */
  key: string;
  header: React.ReactNode;
  cell: (row: Row) => React.ReactNode;
  sortable?: boolean;
  align?: "left" | "right";
  className?: string;
  /**
   * "table": the table's own CSS styles this column's cells by position (`tableClassName`), so no
   * class is repeated on each of its cells; `align` still applies to the header.
   */
  styledBy?: "table";
}

/**
 * A dense table for lists. Sortable headers are links that write `sort`/`dir` into the URL (the
 * loader sorts, so the view is shareable and works without JavaScript). While a navigation to
 * this same page is loading, the rows dim and the table reports aria-busy.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowHref,
  caption,
  empty,
  tableClassName,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** Makes the first cell a link to the row's page (keyboard reachable; the whole row is clickable). */
  rowHref?: (row: Row) => string;
  caption?: string;
  empty?: React.ReactNode;
  /** A class for the <table>, for per-column cell styles said once (see Column.styledBy). */
  tableClassName?: string;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location?.pathname === location.pathname;
  // Only what a column adds to the shared cell style; computed once per table, not per cell.
  const tdClasses = columns.map((c) =>
    c.styledBy === "table" ? undefined : cx(c.align === "right" && "text-right", c.className) || undefined,
  );
  return (
    <div
      className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white"
      aria-busy={loading || undefined}
    >
      {loading ? (
        <div className="absolute top-2 right-2 text-slate-500" role="status">
          <Spinner label={t("table.loading")} />
        </div>
      ) : null}
      {/* `dt`: the cells' padding, colour and borders (app/styles.css), said once instead of per cell. */}
      {/* `dt-linked`: each row's first cell links to the row's page and the link covers the row. */}
      <table className={cx("dt min-w-full text-sm", rowHref && "dt-linked", tableClassName, loading && "opacity-60")}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="bg-slate-50 text-xs font-medium text-slate-600">
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                aria-sort={c.sortable ? ariaSort(location.search, c.key) : undefined}
                className={c.align === "right" ? "text-right" : undefined}
              >
                {c.sortable ? (
                  <SortLink column={c.key} search={location.search}>
                    {c.header}
                  </SortLink>
                ) : (
                  c.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row, r) => {
            const href = rowHref?.(row);
            return (
              <tr key={rowKey(row)}>
                {columns.map((c, i) => (
                  <td key={c.key} className={tdClasses[i]}>
                    {href && i === 0 ? (
                      // Every row links to the same route: the first row's link has Remix
                      // discover it (one manifest request), the other 49 need not say so.
                      <RowLink to={href} prefetch="intent" discover={r === 0 ? "render" : "none"}>
                        {c.cell(row)}
                      </RowLink>
                    ) : (
                      c.cell(row)
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0
        ? (empty ?? (
            <EmptyState icon={Inbox} title={t("table.nothingHere")}>
              {t("table.noRows")}
            </EmptyState>
          ))
        : null}
    </div>
  );
}

function SortLink({
  column,
  search,
  children,
}: {
  column: string;
  search: string;
  children: React.ReactNode;
}) {
  const state = ariaSort(search, column);
  const Icon = state === "ascending" ? ArrowUp : state === "descending" ? ArrowDown : ArrowUpDown;
  return (
    <Link
      to={nextSortSearch(search, column)}
      preventScrollReset
      className="inline-flex items-center gap-1 hover:text-slate-900"
    >
      {children}
      <Icon aria-hidden className={cx("size-3.5", state === "none" && "text-slate-400")} />
    </Link>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { ArrowLeft, Download, Hourglass, ListX } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import {
  Card,
  DataTable,
  DateTime,
  EmptyState,
  Money,
  PageHeader,
  StaleCursorNotice,
  StatusBadge,
  buttonClasses,
  withParams,
  type Column,
} from "~/components/ui";
import { db } from "~/db/client.server";
import { say } from "~/lib/words";
import { rowsCsvLink } from "~/services/reports/period";
import { dayLabel, daysLabel, periodErrorWords } from "~/services/reports/period-words";
import { loadRowsPage } from "~/services/reports/rows-page.server";
import type { ReportRow } from "~/services/reports/rows.server";

/**
 * GET /finance/reports/rows?source=…&from=…&to=…[&channel=…][&option=…][&after=…]: the rows
 * behind one report total, oldest first, under the report's own total (rows-page.server.ts).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "finance:read");
  const page = await loadRowsPage(db(), new URL(request.url).searchParams);
  return { page, canExport: can(me.role, "finance:export") };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  const scope = data && data.page.state !== "invalid" ? data.page.scope : null;
  const rows = scope ? t("finance:reports.rows.title", { source: t(`finance:reports.sources.${scope.source}`) }) : t("finance:reports.title");
  return pageTitle(rows, t("shell:nav.finance"));
};

const AFTER = "after";

export default function ReportRows() {
  const { t, i18n } = useTranslation(["finance", "common"]);
  const { page, canExport } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  // On a later page (a cursor in use): "First rows" leads back. Not for a cursor that could not be used.
  const paged = Boolean(new URLSearchParams(search).get(AFTER)) && !(page.state === "rows" && page.staleCursor);
  const lng = i18n.language;
  if (page.state === "invalid") {
    const message = say(t, periodErrorWords(page.error, lng), page.error.code);
    return (
      <>
        <PageHeader title={t("reports.title")} />
        <Card>
          <EmptyState
            icon={ListX}
            title={t("reports.rows.invalid")}
            action={
              <Link to="/finance/reports" className={buttonClasses("primary")}>
                {t("reports.rows.back")}
              </Link>
            }
          >
            <span data-testid="rows-error">{t("reports.rows.errors.field", { param: page.error.field, message })}</span>
          </EmptyState>
        </Card>
      </>
    );
  }
  const { scope } = page;
  const source = t(`reports.sources.${scope.source}`);
  const month = scope.from.slice(0, 7);
  const back =
    scope.from === scope.to
      ? `/finance/reports?period=day&day=${scope.from}`
      : `/finance/reports?period=month&month=${month}`;
  const days =
    scope.from === scope.to
      ? t("reports.rows.oneDay", { day: dayLabel(scope.from, lng) })
      : t("reports.rows.range", { from: dayLabel(scope.from, lng), to: dayLabel(scope.to, lng) });
  if (page.state === "future") {
    return (
      <>
        <PageHeader title={t("reports.rows.title", { source })} description={days} />
        <Card>
          <EmptyState
            icon={Hourglass}
            title={t("reports.future.title", { period: daysLabel(scope.from, scope.to, lng) })}
            action={
              <Link to={back} className={buttonClasses("primary")}>
                {t("reports.rows.back")}
              </Link>
            }
          >
            <span data-testid="rows-future">{t("reports.rows.future", { today: dayLabel(page.today, lng) })}</span>
          </EmptyState>
        </Card>
      </>
    );
  }
  const { rows, next, total } = page;
  const columns: Column<(typeof rows)[number]>[] = [
    { key: "at", header: t("reports.rows.columns.at"), cell: (r) => <DateTime value={r.at} wrap /> },
    {
      key: "ref",
      header: t("reports.rows.columns.ref"),
      cell: (r: ReportRow) =>
        r.orderUuid && r.ref ? (
          <Link to={`/orders/${encodeURIComponent(r.ref)}`} className="font-medium text-brand-700 hover:underline">
            {r.ref}
          </Link>
        ) : r.customerUuid ? (
          <Link to={`/customers/${r.customerUuid}`} className="font-medium text-brand-700 hover:underline">
            {r.ref}
          </Link>
        ) : (
          r.ref
        ),
    },
    {
      key: "channel",
      header: t("reports.rows.columns.channel"),
      cell: (r) => (r.channel ? t(`reports.channels.${r.channel as "deeplink"}`) : "–"),
    },
    {
      key: "option",
      header: t("reports.rows.columns.option"),
      cell: (r) => (r.option ? t(`reports.options.${r.option as "GOPAY_WALLET"}`) : "–"),
    },
    {
      key: "status",
      header: t("reports.rows.columns.status"),
      cell: (r) => <StatusBadge status={r.status} />,
    },
    {
      key: "reference",
      header: t("reports.rows.columns.reference"),
      cell: (r) => <span className="font-mono text-xs">{r.reference ?? "–"}</span>,
    },
    {
      key: "amount",
      header: t("reports.rows.columns.amount"),
      align: "right",
      cell: (r) => <Money minor={r.amount} />,
    },
  ];
  const filters = [
    scope.channel ? t(`reports.channels.${scope.channel}`) : null,
    scope.option ? t(`reports.options.${scope.option}`) : null,
  ].filter(Boolean);
  return (
    <>
      <PageHeader
        title={t("reports.rows.title", { source })}
        description={
          <>
            {days}
            {filters.length ? ` · ${t("reports.rows.filters")}: ${filters.join(", ")}` : ""}
          </>
        }
        actions={
          <>
            <Link to={back} className={buttonClasses("secondary", "sm")}>
              <ArrowLeft aria-hidden className="size-3.5" /> {t("reports.rows.back")}
            </Link>
            {canExport ? (
              <a href={rowsCsvLink(scope)} className={buttonClasses("secondary", "sm")} download>
                <Download aria-hidden className="size-3.5" /> {t("reports.exportRows")}
              </a>
            ) : null}
          </>
        }
      >
        {total ? (
          <p className="mt-2 text-sm text-slate-800" data-testid="rows-total">
            {t("reports.rows.total", { count: total.count })}{" "}
            <Money minor={total.amount} className="font-semibold" />
          </p>
        ) : null}
        {page.timing === "current" ? (
          <p className="mt-1 text-sm text-slate-600">{t("reports.running", { today: dayLabel(page.today, lng) })}</p>
        ) : null}
      </PageHeader>
      <StaleCursorNotice show={page.staleCursor} className="mb-4" />
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        caption={t("reports.rows.title", { source })}
        empty={<EmptyState icon={ListX} title={t("reports.rows.empty")} />}
      />
      <nav className="flex justify-end gap-2 py-3" aria-label={t("common:pagination.label")}>
        {paged ? (
          <Link to={withParams(search, { after: null })} className={buttonClasses("secondary", "sm")}>
            {t("reports.rows.first")}
          </Link>
        ) : null}
        {next ? (
          <Link to={withParams(search, { after: next })} className={buttonClasses("secondary", "sm")}>
            {t("reports.rows.more")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

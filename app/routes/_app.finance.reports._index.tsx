import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AlertTriangle, Download, FileSpreadsheet, Hourglass } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { ReportPeriodForm } from "~/components/reports/period-form";
import { ReportDaysTable, ReportSummaryTable } from "~/components/reports/report-tables";
import { Card, EmptyState, PageHeader, buttonClasses } from "~/components/ui";
import { db } from "~/db/client.server";
import { periodQuery } from "~/services/reports/period";
import { dayLabel, periodLabel } from "~/services/reports/period-words";
import { loadReportPage } from "~/services/reports/report-page.server";
import { REPORT_SOURCES } from "~/services/reports/sources";

/**
 * GET /finance/reports?period=day&day=…|period=month&month=…: the settlement report of WIB days.
 * A wrong period is a message at its field, a period not begun says so: neither shows figures.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "finance:read");
  const page = await loadReportPage(db(), new URL(request.url).searchParams);
  return { page, canExport: can(me.role, "finance:export") };
}

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("finance:reports.title"), metaT(matches)("shell:nav.finance"));

export default function FinanceReports() {
  const { t, i18n } = useTranslation("finance");
  const { page, canExport } = useLoaderData<typeof loader>();
  const lng = i18n.language;
  const today = dayLabel(page.today, lng);
  return (
    <>
      <PageHeader
        title={t("reports.title")}
        description={t("reports.description")}
        actions={
          canExport && page.state === "report" ? (
            <a
              href={`/finance/reports/export.csv?${periodQuery(page.period)}`}
              className={buttonClasses("secondary", "sm")}
              download
            >
              <Download aria-hidden className="size-3.5" /> {t("reports.export")}
            </a>
          ) : undefined
        }
      />

      <Card className="mb-4">
        {page.state === "invalid" ? (
          <ReportPeriodForm invalid={page.parsed} />
        ) : (
          <ReportPeriodForm period={page.period} over={page.state === "report" && page.timing === "past"} />
        )}
        {page.state === "report" && page.timing === "current" ? (
          <p className="mt-3 text-sm text-slate-600" data-testid="report-running">
            {t("reports.running", { today })}
          </p>
        ) : null}
      </Card>

      {page.state === "invalid" ? (
        <Card>
          <EmptyState icon={AlertTriangle} title={t("reports.errors.noReport")} />
        </Card>
      ) : page.state === "future" ? (
        <Card>
          <EmptyState
            icon={Hourglass}
            title={t("reports.future.title", { period: periodLabel(page.period, lng) })}
            action={
              <Link
                to={`?${periodQuery({ kind: "month", month: page.today.slice(0, 7) })}`}
                className={buttonClasses("primary", "sm")}
              >
                {t("reports.future.current")}
              </Link>
            }
          >
            <span data-testid="report-future">{t("reports.future.text", { today })}</span>
          </EmptyState>
        </Card>
      ) : REPORT_SOURCES.every((k) => page.report.sources[k].total.count === 0) ? (
        <Card>
          <EmptyState icon={FileSpreadsheet} title={t("reports.empty")} />
        </Card>
      ) : (
        <>
          <ReportSummaryTable report={page.report} />
          {page.period.kind === "month" ? (
            <Card
              className="mt-4"
              title={t("reports.perDay")}
              description={t("reports.perDayDescription")}
              bodyClassName="p-0"
            >
              <ReportDaysTable report={page.report} today={page.today} />
            </Card>
          ) : null}
        </>
      )}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

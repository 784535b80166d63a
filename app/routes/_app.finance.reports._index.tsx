import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ChevronLeft, ChevronRight, Download, FileSpreadsheet } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { sectionTitle } from "~/components/meta";
import { ReportDaysTable, ReportSummaryTable } from "~/components/reports/report-tables";
import { Card, DayInput, EmptyState, Input, PageHeader, Select, buttonClasses } from "~/components/ui";
import { db } from "~/db/client.server";
import { dayMonthYear } from "~/lib/time";
import {
  parsePeriod,
  periodQuery,
  periodRange,
  shiftDay,
  shiftMonth,
  type ReportPeriod,
} from "~/services/reports/period";
import { loadReport } from "~/services/reports/report.server";
import { REPORT_SOURCES } from "~/services/reports/sources";

/** GET /finance/reports?period=day&day=…|period=month&month=…: the settlement report of WIB days. */
export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "finance:read");
  const period = parsePeriod(new URL(request.url).searchParams);
  const report = await loadReport(db(), periodRange(period));
  return { period, report, canExport: can(me.role, "finance:export") };
}

export const meta = sectionTitle("finance");

function neighbour(p: ReportPeriod, step: number): ReportPeriod {
  return p.kind === "day"
    ? { kind: "day", day: shiftDay(p.day, step) }
    : { kind: "month", month: shiftMonth(p.month, step) };
}

export default function FinanceReports() {
  const { t } = useTranslation("finance");
  const { period, report, canExport } = useLoaderData<typeof loader>();
  const empty = REPORT_SOURCES.every((k) => report.sources[k].total.count === 0);
  const label = period.kind === "day" ? dayMonthYear(period.day) : period.month;
  return (
    <>
      <PageHeader
        title={t("reports.title")}
        description={t("reports.description")}
        actions={
          canExport ? (
            <a
              href={`/finance/reports/export.csv?${periodQuery(period)}`}
              className={buttonClasses("secondary", "sm")}
              download
            >
              <Download aria-hidden className="size-3.5" /> {t("reports.export")}
            </a>
          ) : undefined
        }
      />

      <Card className="mb-4">
        <div className="flex flex-wrap items-end gap-3">
          <Form
            method="get"
            className="flex flex-wrap items-end gap-3"
            aria-label={t("reports.period.label")}
          >
            <label className="text-sm">
              <span className="mb-1 block text-xs font-medium text-slate-600">
                {t("reports.period.label")}
              </span>
              <Select name="period" defaultValue={period.kind}>
                <option value="month">{t("reports.period.month")}</option>
                <option value="day">{t("reports.period.day")}</option>
              </Select>
            </label>
            <label className="text-sm">
              <span className="mb-1 block text-xs font-medium text-slate-600">
                {t("reports.period.monthInput")}
              </span>
              <Input
                name="month"
                type="month"
                defaultValue={period.kind === "month" ? period.month : period.day.slice(0, 7)}
              />
            </label>
            <label className="text-sm">
              <span className="mb-1 block text-xs font-medium text-slate-600">
                {t("reports.period.dayInput")}
              </span>
              <DayInput name="day" defaultValue={period.kind === "day" ? period.day : report.range.from} />
            </label>
            <button type="submit" className={buttonClasses("primary", "sm")}>
              {t("reports.period.show")}
            </button>
          </Form>
          <nav className="ml-auto flex items-center gap-2" aria-label={t("reports.period.label")}>
            <Link
              to={`?${periodQuery(neighbour(period, -1))}`}
              className={buttonClasses("secondary", "sm")}
              rel="prev"
            >
              <ChevronLeft aria-hidden className="size-3.5" /> {t("reports.period.previous")}
            </Link>
            <span className="text-sm font-medium text-slate-800 tabular-nums" data-testid="report-period">
              {label}
            </span>
            <Link
              to={`?${periodQuery(neighbour(period, 1))}`}
              className={buttonClasses("secondary", "sm")}
              rel="next"
            >
              {t("reports.period.next")} <ChevronRight aria-hidden className="size-3.5" />
            </Link>
          </nav>
        </div>
      </Card>

      {empty ? (
        <Card>
          <EmptyState icon={FileSpreadsheet} title={t("reports.empty")} />
        </Card>
      ) : (
        <>
          <ReportSummaryTable report={report} />
          {period.kind === "month" ? (
            <Card
              className="mt-4"
              title={t("reports.perDay")}
              description={t("reports.perDayDescription")}
              bodyClassName="p-0"
            >
              <ReportDaysTable report={report} />
            </Card>
          ) : null}
        </>
      )}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money } from "~/components/ui";
import { cx } from "~/components/ui/cx";
import { rowsLink, type DayRange } from "~/services/reports/period";
import { dayLabel, daysLabel } from "~/services/reports/period-words";
import type { Cell, Report } from "~/services/reports/report";
import {
  REPORT_CHANNELS,
  REPORT_OPTIONS,
  REPORT_SOURCES,
  SPLIT_SOURCES,
  type ReportSourceKey,
} from "~/services/reports/sources";
import type { Channel, PaymentOption } from "~db/schema/orders";

/** A total that opens the rows it sums. Zero is plain text: there is nothing behind it. */
function TotalLink({
  cell,
  scope,
  testId,
}: {
  cell: Cell | undefined;
  scope: DayRange & { source: ReportSourceKey; channel?: Channel; option?: PaymentOption | "none" };
  testId?: string;
}) {
  const { t } = useTranslation("finance");
  if (!cell || cell.count === 0) return <span className="text-slate-500 tabular-nums">–</span>;
  return (
    <Link
      to={rowsLink(scope)}
      data-testid={testId}
      className="text-brand-700 underline-offset-2 hover:underline"
      title={t("reports.countLink", { count: cell.count, source: t(`reports.sources.${scope.source}`) })}
    >
      <Money minor={cell.amount} />
      <span className="ml-1 text-xs text-slate-500">({cell.count})</span>
    </Link>
  );
}

const th = "border-b border-slate-200 px-3 py-2 text-xs font-medium whitespace-nowrap text-slate-600";
const td = "px-3 py-2 text-right whitespace-nowrap";
/** The row labels stay in view while a wide grid scrolls sideways (a hairline marks the edge). */
const stick = "sticky left-0 z-10 shadow-[inset_-1px_0_0_var(--color-slate-200)]";

/** Sources × (total, each channel, each option): the report's grid. */
export function ReportSummaryTable({ report }: { report: Report }) {
  const { t } = useTranslation("finance");
  const range = report.range;
  const hasNoOption = SPLIT_SOURCES.some((k) => (report.sources[k].byOption[""]?.count ?? 0) > 0);
  const options: (PaymentOption | "none")[] = hasNoOption ? [...REPORT_OPTIONS, "none"] : [...REPORT_OPTIONS];
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-sm" data-testid="report-summary">
        <caption className="sr-only">{t("reports.title")}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" rowSpan={2} className={cx(th, stick, "bg-slate-50 text-left")}>
              {t("reports.columns.source")}
            </th>
            <th scope="col" rowSpan={2} className={cx(th, "text-right")}>
              {t("reports.columns.total")}
            </th>
            <th scope="colgroup" colSpan={REPORT_CHANNELS.length} className={cx(th, "text-center")}>
              {t("reports.byChannel")}
            </th>
            <th scope="colgroup" colSpan={options.length} className={cx(th, "text-center")}>
              {t("reports.byOption")}
            </th>
          </tr>
          <tr>
            {REPORT_CHANNELS.map((c) => (
              <th key={c} scope="col" className={cx(th, "text-right")}>
                {t(`reports.channels.${c}`)}
              </th>
            ))}
            {options.map((o) => (
              <th key={o} scope="col" className={cx(th, "text-right")}>
                {t(`reports.options.${o}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {REPORT_SOURCES.map((key) => {
            const s = report.sources[key];
            const split = SPLIT_SOURCES.includes(key);
            return (
              <tr key={key} data-testid={`report-row-${key}`}>
                <th scope="row" className={cx(stick, "min-w-[15rem] bg-white px-3 py-2 text-left font-normal")}>
                  <span className="font-medium text-slate-900">{t(`reports.sources.${key}`)}</span>
                  <span className="block text-xs text-slate-500">{t(`reports.sourceHelp.${key}`)}</span>
                </th>
                <td className={cx(td, "font-medium")}>
                  <TotalLink cell={s.total} scope={{ ...range, source: key }} testId={`total-${key}`} />
                </td>
                {REPORT_CHANNELS.map((c) => (
                  <td key={c} className={td}>
                    {split ? (
                      <TotalLink cell={s.byChannel[c]} scope={{ ...range, source: key, channel: c }} />
                    ) : (
                      <span className="text-slate-300">·</span>
                    )}
                  </td>
                ))}
                {options.map((o) => (
                  <td key={o} className={td}>
                    {split ? (
                      <TotalLink
                        cell={s.byOption[o === "none" ? "" : o]}
                        scope={{ ...range, source: key, option: o }}
                      />
                    ) : (
                      <span className="text-slate-300">·</span>
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
          <tr className="bg-slate-50 font-semibold" data-testid="report-row-net">
            <th scope="row" className={cx(stick, "min-w-[15rem] bg-slate-50 px-3 py-2 text-left")}>
              {t("reports.net")}
              <span className="block text-xs font-normal text-slate-500">{t("reports.netHelp")}</span>
            </th>
            <td className={td} data-testid="total-net">
              <Money minor={report.net} />
            </td>
            {REPORT_CHANNELS.map((c) => (
              <td key={c} className={td}>
                <Money minor={report.netByChannel[c] ?? 0n} />
              </td>
            ))}
            {options.map((o) => (
              <td key={o} className={td}>
                <Money minor={report.netByOption[o === "none" ? "" : o] ?? 0n} />
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/**
 * Days × sources (amount, linked) and net: the month at a glance. Only days up to today are rows
 * (today marked "so far"); the days after it are one line saying they have not happened, not zeros.
 */
export function ReportDaysTable({ report, today }: { report: Report; today: string }) {
  const { t, i18n } = useTranslation("finance");
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-sm" data-testid="report-days">
        <caption className="sr-only">{t("reports.perDay")}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={cx(th, stick, "bg-slate-50 text-left")}>
              {t("reports.columns.day")}
            </th>
            {REPORT_SOURCES.map((k) => (
              <th key={k} scope="col" className={cx(th, "text-right")}>
                {t(`reports.sources.${k}`)}
              </th>
            ))}
            <th scope="col" className={cx(th, "text-right")}>
              {t("reports.net")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {report.days.map((d) => (
            <tr key={d.day} data-testid={`report-day-${d.day}`}>
              <th scope="row" className={cx(stick, "bg-white px-3 py-2 text-left font-normal whitespace-nowrap")}>
                <Link
                  to={`/finance/reports?period=day&day=${d.day}`}
                  className="text-brand-700 hover:underline"
                >
                  {dayLabel(d.day, i18n.language)}
                </Link>
                {d.day === today ? (
                  <>
                    {" "}
                    <span className="text-xs text-slate-500">({t("reports.todaySoFar")})</span>
                  </>
                ) : null}
              </th>
              {REPORT_SOURCES.map((k) => (
                <td key={k} className={td}>
                  <TotalLink cell={d.sources[k]} scope={{ from: d.day, to: d.day, source: k }} />
                </td>
              ))}
              <td className={cx(td, "font-medium")}>
                <Money minor={d.net} />
              </td>
            </tr>
          ))}
          {report.notYet ? (
            <tr className="bg-slate-50" data-testid="report-days-not-yet">
              <th scope="row" className={cx(stick, "bg-slate-50 px-3 py-2 text-left font-normal whitespace-nowrap text-slate-600")}>
                {daysLabel(report.notYet.from, report.notYet.to, i18n.language)}
              </th>
              <td colSpan={REPORT_SOURCES.length + 1} className="px-3 py-2 text-sm text-slate-500 italic">
                {t("reports.notYet")}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

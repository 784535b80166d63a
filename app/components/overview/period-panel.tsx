import { Link } from "@remix-run/react";
import { BarChart3, Percent, ReceiptText, RotateCcw, Scale, Wallet } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { ChartLegend } from "~/components/charts/legend";
import { StatCard } from "~/components/charts/stat-card";
import { Card, EmptyState, Money } from "~/components/ui";
import { cx } from "~/components/ui/cx";
import { periodLink } from "~/services/overview/links";
import { OVERVIEW_PERIODS, type PeriodFigures, type SplitFigures } from "~/services/overview/periods";
import type { Channel, PaymentOption } from "~db/schema/orders";
import { DAILY_COLORS, DailyMoneyChart } from "./daily-money-chart";

const PERCENT: Intl.NumberFormatOptions = { style: "percent", maximumFractionDigits: 1 };

function Rate({ rate }: { rate: number | undefined }) {
  const { t, i18n } = useTranslation("overview");
  if (rate === undefined) return <span className="text-slate-500">{t("periods.noRate")}</span>;
  // One decimal, the language's separator (`87,5 %` / `87.5%`).
  return <>{new Intl.NumberFormat(i18n.language, PERCENT).format(rate)}</>;
}

/** Today / 7 days / 30 days: gross paid, refunds, net, payments, success rate, the daily chart and the splits. */
export function PeriodPanel({ p, canFinance }: { p: PeriodFigures; canFinance: boolean }) {
  const { t } = useTranslation(["overview", "common"]);
  const link = (
    what: Parameters<typeof periodLink>[0],
    split?: { channel?: Channel; option?: PaymentOption },
  ) => periodLink(what, p.period, p.range, canFinance, split);
  return (
    <section className="mt-6" aria-labelledby="periods-title" data-testid="period-panel">
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="periods-title" className="text-base font-semibold text-slate-900">
            {t("periods.title")}
          </h2>
          <p className="text-xs text-slate-500">{t("periods.description")}</p>
        </div>
        <nav
          aria-label={t("periods.tabsLabel")}
          className="inline-flex rounded-md border border-slate-200 bg-white p-0.5"
        >
          {OVERVIEW_PERIODS.map((k) => (
            <Link
              key={k}
              to={`?period=${k}`}
              preventScrollReset
              aria-current={k === p.period ? "page" : undefined}
              className={cx(
                "rounded px-3 py-1 text-sm",
                k === p.period ? "bg-brand-700 font-medium text-white" : "text-slate-700 hover:bg-slate-50",
              )}
            >
              {t(`periods.tabs.${k}`)}
            </Link>
          ))}
        </nav>
      </div>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-5">
        <StatCard
          testId="period-gross"
          label={t("periods.gross")}
          icon={ReceiptText}
          value={<Money minor={p.payments.amount} />}
          detail={t("periods.count", { count: p.payments.count })}
          link={{ to: link("payments"), label: t("periods.payments") }}
        />
        <StatCard
          testId="period-refunds"
          label={t("periods.refunds")}
          icon={RotateCcw}
          value={<Money minor={p.refunds.amount} />}
          detail={t("periods.refundCount", { count: p.refunds.count })}
          link={{ to: link("refunds"), label: t("periods.refunds") }}
        />
        <StatCard
          testId="period-net"
          label={t("periods.net")}
          icon={Scale}
          value={<Money minor={p.net} />}
          detail={t("periods.netHelp")}
          link={
            canFinance
              ? {
                  to: `/finance/reports?period=month&month=${p.range.to.slice(0, 7)}`,
                  label: t("periods.report"),
                }
              : undefined
          }
        />
        <StatCard
          testId="period-count"
          label={t("periods.payments")}
          icon={Wallet}
          value={t("common:number", { value: p.payments.count })}
          link={{ to: link("payments"), label: t("periods.payments") }}
        />
        <StatCard
          testId="period-success"
          label={t("periods.successRate")}
          icon={Percent}
          value={<Rate rate={p.successRate} />}
          detail={t("periods.successHelp", { paid: p.paidOfCreated, created: p.created })}
          link={{ to: link("created"), label: t("periods.successRate") }}
        />
      </div>

      {p.period !== "today" ? (
        <Card
          className="mt-4"
          title={t("periods.chart.title")}
          actions={
            <ChartLegend
              items={[
                { label: t("periods.chart.paid"), color: DAILY_COLORS.paid },
                { label: t("periods.chart.refunded"), color: DAILY_COLORS.refunded },
              ]}
            />
          }
        >
          {p.daily.every((d) => d.payments === 0n && d.refunds === 0n) ? (
            <EmptyState icon={BarChart3} title={t("periods.chart.empty")} />
          ) : (
            <DailyMoneyChart daily={p.daily} />
          )}
        </Card>
      ) : null}

      <div className="mt-4 grid grid-cols-1 gap-4 2xl:grid-cols-2">
        <SplitTable
          title={t("periods.byChannel")}
          rows={p.byChannel}
          name={(k) => t(`periods.channels.${k as Channel}`)}
          link={(k, w) => link(w, { channel: k as Channel })}
          testId="split-channel"
        />
        <SplitTable
          title={t("periods.byOption")}
          rows={p.byOption}
          name={(k) => t(`periods.options.${k as PaymentOption}`)}
          link={(k, w) => link(w, { option: k as PaymentOption })}
          testId="split-option"
        />
      </div>
    </section>
  );
}

function SplitTable({
  title,
  rows,
  name,
  link,
  testId,
}: {
  title: string;
  rows: SplitFigures[];
  name: (key: string) => string;
  link: (key: string, what: "payments" | "refunds" | "created") => string;
  testId: string;
}) {
  const { t } = useTranslation("overview");
  const th = "px-3 py-2 text-xs font-medium text-slate-600 whitespace-nowrap";
  return (
    <Card title={title} bodyClassName="p-0">
      <div className="relative overflow-x-auto">
        <table className="min-w-full text-sm" data-testid={testId}>
          <caption className="sr-only">{title}</caption>
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className={cx(th, "text-left")}>
                {t("periods.split.name")}
              </th>
              <th scope="col" className={cx(th, "text-right")}>
                {t("periods.split.gross")}
              </th>
              <th scope="col" className={cx(th, "text-right")}>
                {t("periods.split.refunds")}
              </th>
              <th scope="col" className={cx(th, "text-right")}>
                {t("periods.split.net")}
              </th>
              <th scope="col" className={cx(th, "text-right")}>
                {t("periods.split.success")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.key} data-testid={`${testId}-${r.key}`}>
                <th scope="row" className="px-3 py-2 text-left font-medium text-slate-800">
                  {name(r.key)}
                </th>
                <td className="px-3 py-2 text-right">
                  <Link to={link(r.key, "payments")} className="text-brand-700 hover:underline">
                    <Money minor={r.payments.amount} />{" "}
                    <span className="text-xs text-slate-500">({r.payments.count})</span>
                  </Link>
                </td>
                <td className="px-3 py-2 text-right">
                  <Link to={link(r.key, "refunds")} className="text-brand-700 hover:underline">
                    <Money minor={r.refunds.amount} />
                  </Link>
                </td>
                <td className="px-3 py-2 text-right">
                  <Money minor={r.net} />
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  <Link to={link(r.key, "created")} className="text-brand-700 hover:underline">
                    <Rate rate={r.successRate} />
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

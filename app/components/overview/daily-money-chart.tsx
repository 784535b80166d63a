import { useTranslation } from "react-i18next";
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipProps,
} from "recharts";
import { ChartFrame } from "~/components/charts/chart-frame";
import { chartRupiah, dayLabel, formatAxisRupiah } from "~/components/charts/format";
import { formatIdr } from "~/lib/money";
import type { PeriodFigures } from "~/services/overview/periods";

export const DAILY_COLORS = { paid: "#008c10", refunded: "#e11d48" } as const;

type Point = PeriodFigures["daily"][number] & { label: string; paidRp: number; refundedRp: number };

function DailyTooltip({ active, payload }: TooltipProps<number, string>) {
  const { t } = useTranslation("overview");
  const p = payload?.[0]?.payload as Point | undefined;
  if (!active || !p) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md">
      <p className="mb-1 font-medium text-slate-900">{p.label}</p>
      <dl className="grid grid-cols-[auto_auto] gap-x-4 gap-y-0.5">
        <dt className="text-slate-600">{t("periods.chart.paid")}</dt>
        <dd className="text-right tabular-nums">{formatIdr(p.payments)}</dd>
        <dt className="text-slate-600">{t("periods.chart.refunded")}</dt>
        <dd className="text-right tabular-nums">{formatIdr(p.refunds)}</dd>
        <dt className="font-medium text-slate-700">{t("periods.chart.net")}</dt>
        <dd className="text-right font-medium tabular-nums">{formatIdr(p.net)}</dd>
      </dl>
    </div>
  );
}

/** Paid and refunded amounts per WIB day (bars), with the exact values in the tooltip and the table twin. */
export function DailyMoneyChart({ daily, height = 240 }: { daily: PeriodFigures["daily"]; height?: number }) {
  const { t, i18n } = useTranslation("overview");
  const data: Point[] = daily.map((d) => ({
    ...d,
    label: dayLabel(d.day, i18n.language),
    paidRp: chartRupiah(d.payments),
    refundedRp: chartRupiah(d.refunds),
  }));
  const table = (
    <table>
      <caption>{t("periods.chart.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("periods.chart.day")}</th>
          <th scope="col">{t("periods.chart.paid")}</th>
          <th scope="col">{t("periods.chart.refunded")}</th>
          <th scope="col">{t("periods.chart.net")}</th>
        </tr>
      </thead>
      <tbody>
        {data.map((d) => (
          <tr key={d.day}>
            <th scope="row">{d.label}</th>
            <td>{formatIdr(d.payments)}</td>
            <td>{formatIdr(d.refunds)}</td>
            <td>{formatIdr(d.net)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <div data-testid="daily-money-chart">
      <ChartFrame label={t("periods.chart.label")} height={height} table={table}>
        {() => (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap="20%">
              <CartesianGrid vertical={false} stroke="#eef2f6" />
              <XAxis
                dataKey="label"
                tickLine={false}
                axisLine={{ stroke: "#e2e8f0" }}
                tick={{ fontSize: 11, fill: "#64748b" }}
                minTickGap={12}
              />
              <YAxis
                tickLine={false}
                axisLine={false}
                tick={{ fontSize: 11, fill: "#64748b" }}
                width={96}
                tickFormatter={formatAxisRupiah}
              />
              <Tooltip content={<DailyTooltip />} cursor={{ fill: "#f1f5f9" }} />
              <Bar
                dataKey="paidRp"
                fill={DAILY_COLORS.paid}
                radius={[3, 3, 0, 0]}
                isAnimationActive={false}
              />
              <Bar
                dataKey="refundedRp"
                fill={DAILY_COLORS.refunded}
                radius={[3, 3, 0, 0]}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        )}
      </ChartFrame>
    </div>
  );
}

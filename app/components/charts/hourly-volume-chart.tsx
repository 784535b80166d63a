import { useTranslation } from "react-i18next";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipProps,
} from "recharts";
import { Money } from "~/components/ui/money";
import type { HourPoint } from "~/services/overview/series";
import { ChartFrame } from "./chart-frame";
import { chartRupiah, formatAxisRupiah, hourLabel } from "./format";

const TODAY = "#008c10"; // brand-600
const YESTERDAY = "#94a3b8"; // slate-400

interface Row {
  label: string;
  today: number | null;
  yesterday: number;
  point: HourPoint;
}

function HourTooltip({ active, payload }: TooltipProps<number, string>) {
  const { t } = useTranslation("overview");
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  const p = row.point;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md">
      <p className="mb-1 font-medium text-slate-900">
        {hourLabel(p.hour)}–{hourLabel((p.hour + 1) % 24)} WIB
      </p>
      <dl className="grid grid-cols-[auto_auto_auto] items-baseline gap-x-3 gap-y-0.5">
        <dt className="flex items-center gap-1.5 text-slate-600">
          <span className="inline-block size-2 rounded-full" style={{ background: TODAY }} />{" "}
          {t("hourly.today")}
        </dt>
        <dd className="text-right font-medium text-slate-900">
          {p.today === null ? "—" : <Money minor={p.today} />}
        </dd>
        <dd className="text-right text-slate-500">
          {p.todayCount === null ? "" : t("hourly.paid", { count: p.todayCount })}
        </dd>
        <dt className="flex items-center gap-1.5 text-slate-600">
          <span className="inline-block size-2 rounded-full" style={{ background: YESTERDAY }} />{" "}
          {t("hourly.yesterday")}
        </dt>
        <dd className="text-right text-slate-700">
          <Money minor={p.yesterday} />
        </dd>
        <dd className="text-right text-slate-500">{t("hourly.paid", { count: p.yesterdayCount })}</dd>
      </dl>
    </div>
  );
}

/**
 * Paid volume per WIB hour: today as one bar per hour (up to now) against yesterday as a dashed
 * step line. Bars and steps, not a smooth curve: money arrives per hour, and a curve between two
 * hours draws a spike or a dip that never happened.
 */
export function HourlyVolumeChart({ points, height = 260 }: { points: HourPoint[]; height?: number }) {
  const { t } = useTranslation("overview");
  const data: Row[] = points.map((p) => ({
    label: hourLabel(p.hour),
    today: p.today === null ? null : chartRupiah(p.today),
    yesterday: chartRupiah(p.yesterday),
    point: p,
  }));
  const table = (
    <table>
      <caption>{t("hourly.tableCaption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("hourly.hour")}</th>
          <th scope="col">{t("hourly.today")}</th>
          <th scope="col">{t("hourly.yesterday")}</th>
        </tr>
      </thead>
      <tbody>
        {points.map((p) => (
          <tr key={p.hour}>
            <th scope="row">{hourLabel(p.hour)}</th>
            <td>{p.today === null ? t("hourly.notYet") : <Money minor={p.today} />}</td>
            <td>
              <Money minor={p.yesterday} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <ChartFrame label={t("hourly.chartLabel")} height={height} table={table}>
      {() => (
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid vertical={false} stroke="#eef2f6" />
            <XAxis
              dataKey="label"
              tickLine={false}
              axisLine={{ stroke: "#e2e8f0" }}
              tick={{ fontSize: 11, fill: "#64748b" }}
              interval="preserveStartEnd"
              minTickGap={20}
            />
            <YAxis
              tickFormatter={formatAxisRupiah}
              tickLine={false}
              axisLine={false}
              tick={{ fontSize: 11, fill: "#64748b" }}
              width={104}
              allowDecimals={false}
            />
            <Tooltip content={<HourTooltip />} cursor={{ fill: "#f1f5f9" }} />
            <Bar
              dataKey="today"
              fill={TODAY}
              radius={[2, 2, 0, 0]}
              maxBarSize={28}
              isAnimationActive={false}
            />
            <Line
              type="stepAfter"
              dataKey="yesterday"
              stroke={YESTERDAY}
              strokeWidth={1.5}
              strokeDasharray="4 4"
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}

export const HOURLY_COLORS = { today: TODAY, yesterday: YESTERDAY };

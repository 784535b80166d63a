import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipProps } from "recharts";
import { STATUS_GROUPS, type StatusDay, type StatusGroup } from "~/services/overview/series";
import { ChartFrame } from "./chart-frame";
import { dayLabel } from "./format";

/** Colours per status group; names are `overview:week.groups.<group>`. */
export const STATUS_GROUP_STYLE: Record<StatusGroup, { color: string }> = {
  paid: { color: "#008c10" },
  open: { color: "#60a5fa" },
  cancelled: { color: "#94a3b8" },
  expired: { color: "#f59e0b" },
  failed: { color: "#e11d48" },
};

const groupLabel = (t: TFunction<"overview">, g: StatusGroup) => t(`week.groups.${g}`);

function DayTooltip({ active, payload }: TooltipProps<number, string>) {
  const { t, i18n } = useTranslation("overview");
  const count = new Intl.NumberFormat(i18n.language);
  const row = payload?.[0]?.payload as (StatusDay & { label: string }) | undefined;
  if (!active || !row) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md">
      <p className="mb-1 font-medium text-slate-900">
        {row.label} · {t("week.orders", { count: row.total })}
      </p>
      <dl className="grid grid-cols-[auto_auto] gap-x-4 gap-y-0.5">
        {[...STATUS_GROUPS].reverse().map((g) => (
          <div key={g} className="contents">
            <dt className="flex items-center gap-1.5 text-slate-600">
              <span className="inline-block size-2 rounded-sm" style={{ background: STATUS_GROUP_STYLE[g].color }} />
              {groupLabel(t, g)}
            </dt>
            <dd className="text-right tabular-nums text-slate-900">{count.format(row[g])}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** Orders created per WIB day over the last 7 days, stacked by status group. */
export function OrdersByStatusChart({ days, height = 260 }: { days: StatusDay[]; height?: number }) {
  const { t, i18n } = useTranslation("overview");
  const count = new Intl.NumberFormat(i18n.language);
  const data = days.map((d) => ({ ...d, label: dayLabel(d.day, i18n.language) }));
  const table = (
    <table>
      <caption>{t("week.tableCaption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("week.day")}</th>
          {STATUS_GROUPS.map((g) => (
            <th key={g} scope="col">
              {groupLabel(t, g)}
            </th>
          ))}
          <th scope="col">{t("week.total")}</th>
        </tr>
      </thead>
      <tbody>
        {data.map((d) => (
          <tr key={d.day}>
            <th scope="row">{d.label}</th>
            {STATUS_GROUPS.map((g) => (
              <td key={g}>{d[g]}</td>
            ))}
            <td>{d.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <ChartFrame label={t("week.chartLabel")} height={height} table={table}>
      {() => (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap="28%">
            <CartesianGrid vertical={false} stroke="#eef2f6" />
            <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: "#e2e8f0" }} tick={{ fontSize: 11, fill: "#64748b" }} />
            <YAxis
              tickLine={false}
              axisLine={false}
              tick={{ fontSize: 11, fill: "#64748b" }}
              allowDecimals={false}
              width={48}
              tickFormatter={(v: number) => count.format(v)}
            />
            <Tooltip content={<DayTooltip />} cursor={{ fill: "#f1f5f9" }} />
            {STATUS_GROUPS.map((g, i) => (
              <Bar
                key={g}
                dataKey={g}
                stackId="orders"
                fill={STATUS_GROUP_STYLE[g].color}
                radius={i === STATUS_GROUPS.length - 1 ? [3, 3, 0, 0] : undefined}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipProps } from "recharts";
import { STATUS_GROUPS, type StatusDay, type StatusGroup } from "~/services/overview/series";
import { ChartFrame } from "./chart-frame";
import { dayLabel } from "./format";

export const STATUS_GROUP_STYLE: Record<StatusGroup, { label: string; color: string }> = {
  paid: { label: "Paid (incl. refunded)", color: "#008c10" },
  open: { label: "Pending or authorised", color: "#60a5fa" },
  cancelled: { label: "Cancelled", color: "#94a3b8" },
  expired: { label: "Expired", color: "#f59e0b" },
  failed: { label: "Failed", color: "#e11d48" },
};

const count = new Intl.NumberFormat("en-GB");

function DayTooltip({ active, payload }: TooltipProps<number, string>) {
  const row = payload?.[0]?.payload as (StatusDay & { label: string }) | undefined;
  if (!active || !row) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md">
      <p className="mb-1 font-medium text-slate-900">
        {row.label} · {count.format(row.total)} orders
      </p>
      <dl className="grid grid-cols-[auto_auto] gap-x-4 gap-y-0.5">
        {[...STATUS_GROUPS].reverse().map((g) => (
          <div key={g} className="contents">
            <dt className="flex items-center gap-1.5 text-slate-600">
              <span className="inline-block size-2 rounded-sm" style={{ background: STATUS_GROUP_STYLE[g].color }} />
              {STATUS_GROUP_STYLE[g].label}
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
  const data = days.map((d) => ({ ...d, label: dayLabel(d.day) }));
  const table = (
    <table>
      <caption>Orders created per day (WIB) by status, last 7 days</caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          {STATUS_GROUPS.map((g) => (
            <th key={g} scope="col">
              {STATUS_GROUP_STYLE[g].label}
            </th>
          ))}
          <th scope="col">Total</th>
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
    <ChartFrame label="Orders per day by status, last 7 days (WIB)" height={height} table={table}>
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

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AlertTriangle, BarChart3, CheckCircle2, Clock, LineChart, Megaphone, ReceiptText, RefreshCw, RotateCcw, ShieldCheck, XCircle } from "lucide-react";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { HOURLY_COLORS, HourlyVolumeChart } from "~/components/charts/hourly-volume-chart";
import { ChartLegend } from "~/components/charts/legend";
import { OrdersByStatusChart, STATUS_GROUP_STYLE } from "~/components/charts/orders-by-status-chart";
import { Delta, StatCard } from "~/components/charts/stat-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/meta";
import { Card, DateTime, EmptyState, Money, PageHeader, buttonClasses } from "~/components/ui";
import { db } from "~/db/client.server";
import { formatWib } from "~/lib/time";
import { EXPIRING_SOON_MS } from "~/services/holds/list.server";
import { OVERVIEW_LINKS as L } from "~/services/overview/links";
import { loadOverview } from "~/services/overview/overview.server";
import { STATUS_GROUPS } from "~/services/overview/series";
import { percentChange } from "~/services/overview/window";

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "overview:read");
  const overview = await loadOverview(db(), { role: me.role });
  return { ...overview, expiringMinutes: EXPIRING_SOON_MS / 60_000, canCampaigns: can(me.role, "campaigns:read") };
}

export const meta: MetaFunction = () => pageTitle("Overview");

const n = new Intl.NumberFormat("en-GB");
const plural = (count: number, one: string, many = `${one}s`) => `${n.format(count)} ${count === 1 ? one : many}`;
/** `10:00` of a WIB timestamp. */
const wibTime = (d: Date) => formatWib(d).split(", ")[1]!.slice(0, 5);

export default function Overview() {
  const d = useLoaderData<typeof loader>();
  const { money, holds, attention } = d;
  const nothing = !money && !holds && !attention;
  return (
    <>
      <PageHeader
        title="Overview"
        description={
          <>
            Today, <DateTime value={d.window.now} dateOnly /> · figures as of {wibTime(d.window.now)} WIB. Days run midnight to midnight WIB.
          </>
        }
        actions={
          <Link to="/" className={buttonClasses("secondary", "sm")} preventScrollReset>
            <RefreshCw aria-hidden className="size-3.5" /> Refresh
          </Link>
        }
      />

      {nothing ? (
        <Card>
          <EmptyState
            icon={Megaphone}
            title="No payment figures for your role"
            action={d.canCampaigns ? <Link to="/campaigns" className={buttonClasses("primary")}>Go to campaigns</Link> : undefined}
          >
            Payments, refunds and holds are shown to support, finance and viewers.
          </EmptyState>
        </Card>
      ) : null}

      {money || holds ? (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {money ? (
            <>
              <StatCard
                testId="card-payments"
                label="Payments today"
                icon={ReceiptText}
                value={<Money minor={money.paidToday.sum} />}
                detail={
                  <>
                    <p data-testid="payments-count">{plural(money.paidToday.count, "payment")}</p>
                    <p className="mt-1 text-xs text-slate-500">
                      <Delta percent={percentChange(money.paidToday.sum, money.paidYesterdaySameTime.sum)} />
                      <Money minor={money.paidYesterdaySameTime.sum} /> yesterday by {wibTime(d.window.now)}
                    </p>
                  </>
                }
                link={{ to: L.paidToday, label: "Paid orders created today" }}
              />
              <StatCard
                testId="card-refunds"
                label="Refunded today"
                icon={RotateCcw}
                value={<Money minor={money.refundedToday.sum} />}
                detail={
                  <>
                    {plural(money.refundedToday.count, "refund")}
                    {money.refundsInProgressToday > 0 ? ` · ${n.format(money.refundsInProgressToday)} in progress` : ""}
                  </>
                }
                link={{ to: L.refunded, label: "Refunded orders" }}
              />
            </>
          ) : null}
          {holds ? (
            <StatCard
              testId="card-holds"
              label="Active holds"
              icon={ShieldCheck}
              tone={holds.holdsExpiringSoon > 0 ? "warning" : "neutral"}
              value={<Money minor={holds.holdsActive.sum} />}
              detail={
                <>
                  {plural(holds.holdsActive.count, "hold")} ·{" "}
                  <span className={holds.holdsExpiringSoon > 0 ? "font-medium text-amber-700" : undefined}>
                    {n.format(holds.holdsExpiringSoon)} expiring within {d.expiringMinutes} min
                  </span>
                  {holds.holdsPastExpiry > 0 ? ` · ${n.format(holds.holdsPastExpiry)} past expiry` : ""}
                </>
              }
              link={
                holds.holdsExpiringSoon > 0
                  ? { to: L.holdsExpiring, label: "Holds expiring soon" }
                  : { to: L.holdsActive, label: "Authorised holds" }
              }
            />
          ) : null}
          {money ? (
            <StatCard
              testId="card-failures"
              label="Failed or expired today"
              icon={XCircle}
              tone={money.failedToday > 0 ? "danger" : "neutral"}
              value={n.format(money.failedToday + money.expiredToday)}
              detail={`${n.format(money.failedToday)} failed · ${n.format(money.expiredToday)} expired (orders created today)`}
              link={{ to: L.failedToday, label: "Failed and expired orders" }}
            />
          ) : null}
        </div>
      ) : null}

      {money || attention ? (
        <div className="mt-4 grid gap-4 xl:grid-cols-3">
          {money ? (
            <Card
              className="xl:col-span-2"
              title="Payment volume by hour"
              description="Paid amount per WIB hour: today up to now, yesterday for comparison."
              actions={
                <ChartLegend
                  items={[
                    { label: "Today", color: HOURLY_COLORS.today },
                    { label: "Yesterday", color: HOURLY_COLORS.yesterday, dashed: true },
                  ]}
                />
              }
            >
              {money.paidToday.count + money.paidYesterday.count === 0 ? (
                <EmptyState icon={LineChart} title="No payments yesterday or today">
                  The chart fills in as orders are paid.
                </EmptyState>
              ) : (
                <HourlyVolumeChart points={money.hourly} />
              )}
            </Card>
          ) : null}
          {attention ? <NeedsAttention attention={attention} /> : null}
        </div>
      ) : null}

      {money ? (
        <Card
          className="mt-4"
          title="Orders by status, last 7 days"
          description="Orders created per WIB day. Refunded orders count as paid."
          actions={
            <Link to={L.ordersWeek} className="text-sm font-medium text-brand-700 hover:underline">
              Orders of the last 7 days
            </Link>
          }
        >
          {money.week.every((x) => x.total === 0) ? (
            <EmptyState icon={BarChart3} title="No orders in the last 7 days" />
          ) : (
            <>
              <ChartLegend items={STATUS_GROUPS.map((g) => STATUS_GROUP_STYLE[g])} />
              <div className="mt-3">
                <OrdersByStatusChart days={money.week} />
              </div>
            </>
          )}
        </Card>
      ) : null}
    </>
  );
}

type Attention = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["attention"]>;

function NeedsAttention({ attention: a }: { attention: Attention }) {
  const items: { key: string; icon: typeof Clock; title: string; detail: React.ReactNode; to?: string; tone: "warning" | "danger" }[] = [];
  if (a.unknownOperations && a.unknownOperations.count > 0) {
    items.push({
      key: "operations",
      icon: Clock,
      tone: "warning",
      title: `${plural(a.unknownOperations.count, "GoPay call")} with unknown outcome`,
      detail: (
        <>
          Loket settles these with status queries; don't retry them by hand.
          {a.unknownOperations.oldestAt ? <> Oldest: <DateTime value={a.unknownOperations.oldestAt} />.</> : null}
        </>
      ),
    });
  }
  if (a.pendingApprovals && a.pendingApprovals.count > 0) {
    items.push({
      key: "approvals",
      icon: CheckCircle2,
      tone: "warning",
      title: `${plural(a.pendingApprovals.count, "approval")} waiting`,
      detail: (
        <>
          <Money minor={a.pendingApprovals.sum} /> requested in total
        </>
      ),
      to: L.approvals,
    });
  }
  if (a.notifications && a.notifications.applyFailed + a.notifications.badSignature > 0) {
    const { applyFailed, badSignature } = a.notifications;
    items.push({
      key: "notifications",
      icon: AlertTriangle,
      tone: "danger",
      title: `${plural(applyFailed + badSignature, "notification")} with problems (24 h)`,
      detail: [
        applyFailed > 0 ? `${n.format(applyFailed)} failed to apply (retried automatically)` : "",
        badSignature > 0 ? `${n.format(badSignature)} rejected (bad signature, stale or malformed)` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    });
  }
  return (
    <Card title="Needs attention" description="Outcomes waiting on GoPay, approvals, and notifications." bodyClassName="p-0">
      {items.length === 0 ? (
        <EmptyState icon={CheckCircle2} title="All clear">
          No unknown outcomes, pending approvals or failed notifications.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="attention-list">
          {items.map((i) => {
            const body = (
              <>
                <i.icon aria-hidden className={`mt-0.5 size-4 shrink-0 ${i.tone === "danger" ? "text-red-600" : "text-amber-600"}`} />
                <div className="min-w-0">
                  <p className="text-sm font-medium text-slate-900">{i.title}</p>
                  <p className="mt-0.5 text-sm text-slate-600">{i.detail}</p>
                </div>
              </>
            );
            return (
              <li key={i.key}>
                {i.to ? (
                  <Link to={i.to} className="flex gap-3 px-4 py-3 hover:bg-slate-50">
                    {body}
                  </Link>
                ) : (
                  <div className="flex gap-3 px-4 py-3">{body}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

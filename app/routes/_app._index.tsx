import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import {
  AlertTriangle,
  BarChart3,
  CheckCircle2,
  Clock,
  LineChart,
  Megaphone,
  ReceiptText,
  RefreshCw,
  RotateCcw,
  ShieldCheck,
  XCircle,
} from "~/components/ui/icons";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { HOURLY_COLORS, HourlyVolumeChart } from "~/components/charts/hourly-volume-chart";
import { ChartLegend } from "~/components/charts/legend";
import { OrdersByStatusChart, STATUS_GROUP_STYLE } from "~/components/charts/orders-by-status-chart";
import { Delta, StatCard } from "~/components/charts/stat-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { sectionTitle } from "~/components/meta";
import { Card, DateTime, EmptyState, Money, PageHeader, buttonClasses } from "~/components/ui";
import { db } from "~/db/client.server";
import { formatWib } from "~/lib/time";
import { EXPIRING_SOON_MS } from "~/services/holds/list.server";
import { OVERVIEW_LINKS as L } from "~/services/overview/links";
import { loadOverview } from "~/services/overview/overview.server";
import { STATUS_GROUPS } from "~/services/overview/series";
import { percentChange } from "~/services/overview/window";
import { parseOverviewPeriod } from "~/services/overview/periods";
import { PeriodPanel } from "~/components/overview/period-panel";
import { FinanceCards } from "~/components/overview/finance-cards";

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "overview:read");
  const period = parseOverviewPeriod(new URL(request.url).searchParams.get("period"));
  const overview = await loadOverview(db(), { role: me.role, period });
  return {
    ...overview,
    expiringMinutes: EXPIRING_SOON_MS / 60_000,
    canCampaigns: can(me.role, "campaigns:read"),
    canFinance: can(me.role, "finance:read"),
  };
}

export const meta = sectionTitle("overview");

/** `10:00` of a WIB timestamp. */
const wibTime = (d: Date) => formatWib(d).split(", ")[1]!.slice(0, 5);

export default function Overview() {
  const { t } = useTranslation(["overview", "common"]);
  const d = useLoaderData<typeof loader>();
  const { money, holds, attention } = d;
  const nothing = !money && !holds && !attention;
  return (
    <>
      <PageHeader
        title={t("title")}
        description={
          <Trans
            t={t}
            i18nKey="today"
            values={{ time: wibTime(d.window.now) }}
            components={{ date: <DateTime value={d.window.now} dateOnly /> }}
          />
        }
        actions={
          <Link to="/" className={buttonClasses("secondary", "sm")} preventScrollReset>
            <RefreshCw aria-hidden className="size-3.5" /> {t("refresh")}
          </Link>
        }
      />

      {nothing ? (
        <Card>
          <EmptyState
            icon={Megaphone}
            title={t("noFigures.title")}
            action={
              d.canCampaigns ? (
                <Link to="/campaigns" className={buttonClasses("primary")}>
                  {t("noFigures.campaigns")}
                </Link>
              ) : undefined
            }
          >
            {t("noFigures.text")}
          </EmptyState>
        </Card>
      ) : null}

      {money || holds ? (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {money ? (
            <>
              <StatCard
                testId="card-payments"
                label={t("payments.label")}
                icon={ReceiptText}
                value={<Money minor={money.paidToday.sum} />}
                detail={
                  <>
                    <p data-testid="payments-count">
                      {t("payments.count", { count: money.paidToday.count })}
                    </p>
                    <p className="mt-1 text-xs text-slate-500">
                      <Delta percent={percentChange(money.paidToday.sum, money.paidYesterdaySameTime.sum)} />
                      <Money minor={money.paidYesterdaySameTime.sum} />{" "}
                      {t("payments.yesterday", { time: wibTime(d.window.now) })}
                    </p>
                  </>
                }
                link={{ to: L.paidToday, label: t("payments.link") }}
              />
              <StatCard
                testId="card-refunds"
                label={t("refunds.label")}
                icon={RotateCcw}
                value={<Money minor={money.refundedToday.sum} />}
                detail={
                  <>
                    {t("refunds.count", { count: money.refundedToday.count })}
                    {money.refundsInProgressToday > 0
                      ? ` · ${t("refunds.inProgress", { count: money.refundsInProgressToday })}`
                      : ""}
                  </>
                }
                link={{ to: L.refunded, label: t("refunds.link") }}
              />
            </>
          ) : null}
          {holds ? (
            <StatCard
              testId="card-holds"
              label={t("holds.label")}
              icon={ShieldCheck}
              tone={holds.holdsExpiringSoon > 0 ? "warning" : "neutral"}
              value={<Money minor={holds.holdsActive.sum} />}
              detail={
                <>
                  {t("holds.count", { count: holds.holdsActive.count })} ·{" "}
                  <span className={holds.holdsExpiringSoon > 0 ? "font-medium text-amber-700" : undefined}>
                    {t("holds.expiring", { count: holds.holdsExpiringSoon, minutes: d.expiringMinutes })}
                  </span>
                  {holds.holdsPastExpiry > 0
                    ? ` · ${t("holds.pastExpiry", { count: holds.holdsPastExpiry })}`
                    : ""}
                </>
              }
              link={
                holds.holdsExpiringSoon > 0
                  ? { to: L.holdsExpiring, label: t("holds.linkExpiring") }
                  : { to: L.holdsActive, label: t("holds.linkActive") }
              }
            />
          ) : null}
          {money ? (
            <StatCard
              testId="card-failures"
              label={t("failures.label")}
              icon={XCircle}
              tone={money.failedToday > 0 ? "danger" : "neutral"}
              value={t("common:number", { value: money.failedToday + money.expiredToday })}
              detail={t("failures.detail", { failed: money.failedToday, expired: money.expiredToday })}
              link={{ to: L.failedToday, label: t("failures.link") }}
            />
          ) : null}
        </div>
      ) : null}

      {money || attention ? (
        <div className="mt-4 grid gap-4 xl:grid-cols-3">
          {money ? (
            <Card
              className="xl:col-span-2"
              title={t("hourly.title")}
              description={t("hourly.description")}
              actions={
                <ChartLegend
                  items={[
                    { label: t("hourly.today"), color: HOURLY_COLORS.today },
                    { label: t("hourly.yesterday"), color: HOURLY_COLORS.yesterday, dashed: true },
                  ]}
                />
              }
            >
              {money.paidToday.count + money.paidYesterday.count === 0 ? (
                <EmptyState icon={LineChart} title={t("hourly.empty")}>
                  {t("hourly.emptyText")}
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
          title={t("week.title")}
          description={t("week.description")}
          actions={
            <Link to={L.ordersWeek} className="text-sm font-medium text-brand-700 hover:underline">
              {t("week.link")}
            </Link>
          }
        >
          {money.week.every((x) => x.total === 0) ? (
            <EmptyState icon={BarChart3} title={t("week.empty")} />
          ) : (
            <>
              <ChartLegend
                items={STATUS_GROUPS.map((g) => ({
                  label: t(`week.groups.${g}`),
                  color: STATUS_GROUP_STYLE[g].color,
                }))}
              />
              <div className="mt-3">
                <OrdersByStatusChart days={money.week} />
              </div>
            </>
          )}
        </Card>
      ) : null}

      <FinanceCards reconciliation={d.reconciliation} coins={d.coins} />

      {d.period ? <PeriodPanel p={d.period} canFinance={d.canFinance} /> : null}
    </>
  );
}

type Attention = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["attention"]>;

function NeedsAttention({ attention: a }: { attention: Attention }) {
  const { t } = useTranslation("overview");
  const items: {
    key: string;
    icon: typeof Clock;
    title: string;
    detail: React.ReactNode;
    to?: string;
    tone: "warning" | "danger";
  }[] = [];
  if (a.unknownOperations && a.unknownOperations.count > 0) {
    items.push({
      key: "operations",
      icon: Clock,
      tone: "warning",
      title: t("attention.unknown", { count: a.unknownOperations.count }),
      detail: (
        <>
          {t("attention.unknownText")}
          {a.unknownOperations.oldestAt ? (
            <>
              {" "}
              <Trans
                t={t}
                i18nKey="attention.oldest"
                components={{ date: <DateTime value={a.unknownOperations.oldestAt} /> }}
              />
            </>
          ) : null}
        </>
      ),
    });
  }
  if (a.pendingApprovals && a.pendingApprovals.count > 0) {
    items.push({
      key: "approvals",
      icon: CheckCircle2,
      tone: "warning",
      title: t("attention.approvals", { count: a.pendingApprovals.count }),
      detail: (
        <Trans
          t={t}
          i18nKey="attention.requested"
          components={{ amount: <Money minor={a.pendingApprovals.sum} /> }}
        />
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
      title: t("attention.notifications", { count: applyFailed + badSignature }),
      detail: [
        applyFailed > 0 ? t("attention.applyFailed", { count: applyFailed }) : "",
        badSignature > 0 ? t("attention.badSignature", { count: badSignature }) : "",
      ]
        .filter(Boolean)
        .join(" · "),
    });
  }
  return (
    <Card title={t("attention.title")} description={t("attention.description")} bodyClassName="p-0">
      {items.length === 0 ? (
        <EmptyState icon={CheckCircle2} title={t("attention.allClear")}>
          {t("attention.allClearText")}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="attention-list">
          {items.map((i) => {
            const body = (
              <>
                <i.icon
                  aria-hidden
                  className={`mt-0.5 size-4 shrink-0 ${i.tone === "danger" ? "text-red-600" : "text-amber-600"}`}
                />
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

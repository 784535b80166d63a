import { Coins, Scale } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { StatCard } from "~/components/charts/stat-card";
import { Money } from "~/components/ui";
import { formatIdr } from "~/lib/money";
import type { CoinsOverview } from "~/services/coins/overview.server";
import type { ReconciliationOverview } from "~/services/reconciliation/overview.server";

type Serialized<T> = {
  [K in keyof T]: T[K] extends Date ? Date | string : T[K] extends Date | null ? Date | string | null : T[K];
};

/** Reconciliation differences open (and last night's run) and coins against the month's budget. */
export function FinanceCards({
  reconciliation: r,
  coins: c,
}: {
  reconciliation?: ReconciliationOverview;
  coins?: Serialized<CoinsOverview>;
}) {
  const { t } = useTranslation(["overview", "finance", "common"]);
  if (!r && !c) return null;
  const last = r?.lastDaily;
  return (
    <div className="mt-4 grid gap-4 sm:grid-cols-2" data-testid="finance-cards">
      {r ? (
        <StatCard
          testId="card-reconciliation"
          label={t("finance:reconciliation.title")}
          icon={Scale}
          tone={r.open > 0 ? "warning" : "neutral"}
          value={t("common:number", { value: r.open })}
          detail={
            <>
              <p>{t("finance:reconciliation.overview.open", { count: r.open })}</p>
              <p className="mt-1 text-xs text-slate-500">
                {!last
                  ? t("finance:reconciliation.overview.none")
                  : last.status === "running" || last.status === "queued"
                    ? t("finance:reconciliation.overview.lastNightRunning")
                    : last.differences > 0
                      ? t("finance:reconciliation.overview.lastNight", { count: last.differences })
                      : t("finance:reconciliation.overview.lastNightNone")}
              </p>
            </>
          }
          link={{ to: r.href, label: t("finance:reconciliation.overview.open", { count: r.open }) }}
        />
      ) : null}
      {c ? (
        <StatCard
          testId="card-coins"
          label={t("overview:finance.coins")}
          icon={Coins}
          tone={c.budget > 0n && c.remaining === 0n ? "warning" : "neutral"}
          value={<Money minor={c.disbursed} />}
          detail={
            c.budget > 0n
              ? t("overview:finance.coinsBudget", {
                  disbursed: formatIdr(c.disbursed),
                  reserved: formatIdr(c.reserved),
                  budget: formatIdr(c.budget),
                })
              : t("overview:finance.coinsNoBudget", { disbursed: formatIdr(c.disbursed) })
          }
          link={{ to: "/coins", label: t("overview:finance.coins") }}
        />
      ) : null}
    </div>
  );
}

import { Link } from "@remix-run/react";
import { PiggyBank } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { Card, Money } from "~/components/ui";

/** This WIB month's payouts against the monthly budget: paid, promised (waiting), left. */
export function BudgetCard({
  paid,
  reserved,
  budget,
  canSettings,
}: {
  paid: bigint;
  reserved: bigint;
  budget: bigint;
  canSettings: boolean;
}) {
  const { t } = useTranslation("coins");
  const pct = (v: bigint) => (budget > 0n ? Math.min(100, Number((v * 1000n) / budget) / 10) : 0);
  const pending = reserved > paid ? reserved - paid : 0n;
  const left = budget > reserved ? budget - reserved : 0n;
  return (
    <Card
      title={
        <span className="inline-flex items-center gap-2">
          <PiggyBank aria-hidden className="size-4 text-slate-500" /> {t("budget.title")}
        </span>
      }
      actions={
        canSettings ? (
          <Link className="text-xs text-brand-700 hover:underline" to="/settings/coins">
            {t("budget.change")}
          </Link>
        ) : null
      }
    >
      {budget === 0n ? (
        <p className="text-sm text-slate-600">{t("budget.notSet")}</p>
      ) : (
        <>
          <p className="text-sm text-slate-700" data-testid="budget-summary">
            <span className="text-2xl font-semibold text-slate-900 tabular-nums">
              <Money minor={paid} />
            </span>{" "}
            {t("budget.of")} <Money minor={budget} />
          </p>
          <div
            className="mt-2 flex h-2.5 w-full overflow-hidden rounded-full bg-slate-100"
            role="progressbar"
            aria-label={t("budget.title")}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(pct(paid))}
          >
            <div className="h-full bg-emerald-500" style={{ width: `${pct(paid)}%` }} />
            <div
              className="h-full bg-amber-300"
              style={{ width: `${Math.max(0, pct(reserved) - pct(paid))}%` }}
            />
          </div>
          <dl className="mt-2 grid grid-cols-3 gap-2 text-xs text-slate-600">
            <div>
              <dt>{t("budget.paid")}</dt>
              <dd className="font-medium text-slate-900 tabular-nums">
                <Money minor={paid} />
              </dd>
            </div>
            <div>
              <dt>{t("budget.pending")}</dt>
              <dd className="font-medium text-slate-900 tabular-nums">
                <Money minor={pending} />
              </dd>
            </div>
            <div>
              <dt>{t("budget.left")}</dt>
              <dd className="font-medium text-slate-900 tabular-nums" data-testid="budget-left">
                <Money minor={left} />
              </dd>
            </div>
          </dl>
        </>
      )}
    </Card>
  );
}

import { Link } from "@remix-run/react";
import { Coins } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { Card, DateTime, Money } from "~/components/ui";
import { CoinStatusBadge } from "./coin-status";

export interface CustomerCoinsData {
  paidTotal: bigint;
  paidThisMonth: bigint;
  count: number;
  latest: {
    id: string;
    createdAt: Date | string;
    paidAt: Date | string | null;
    amount: bigint;
    status: string;
    description: string;
    batchId: string | null;
  }[];
}

/** The customer page's coins section: what they received, and the latest payouts with their status. */
export function CustomerCoins({
  customerId,
  coins,
  canDisburse,
}: {
  customerId: string;
  coins: CustomerCoinsData;
  canDisburse: boolean;
}) {
  const { t } = useTranslation("coins");
  return (
    <Card
      title={
        <span className="inline-flex items-center gap-2">
          <Coins aria-hidden className="size-4 text-slate-500" /> {t("customer.title")}
        </span>
      }
      actions={
        <>
          {coins.count > 0 ? (
            <Link className="text-xs text-brand-700 hover:underline" to={`/coins?customer=${customerId}`}>
              {t("customer.all", { count: coins.count })}
            </Link>
          ) : null}
          {canDisburse ? (
            <Link className="text-xs text-brand-700 hover:underline" to={`/coins/new?customer=${customerId}`}>
              {t("customer.pay")}
            </Link>
          ) : null}
        </>
      }
    >
      <div data-testid="customer-coins">
        {coins.count === 0 ? (
          <p className="text-sm text-slate-600">{t("customer.none")}</p>
        ) : (
          <>
            <p className="text-sm text-slate-700">
              {t("customer.received")}{" "}
              <Money minor={coins.paidTotal} className="font-semibold text-slate-900" /> ·{" "}
              {t("customer.thisMonth")} <Money minor={coins.paidThisMonth} />
            </p>
            {coins.latest.some((p) => p.status === "unknown") ? (
              <p className="mt-2 text-xs text-amber-800" data-testid="customer-coins-unknown">
                {t("customer.unknown")}
              </p>
            ) : null}
            <ul className="mt-2 divide-y divide-slate-100 text-sm">
              {coins.latest.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                  <span className="min-w-0 truncate text-slate-700" title={p.description}>
                    <DateTime value={p.paidAt ?? p.createdAt} /> · {p.description}
                  </span>
                  <span className="flex items-center gap-2">
                    <Money minor={p.amount} />
                    <CoinStatusBadge status={p.status} />
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Card>
  );
}

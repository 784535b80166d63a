import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime, Money, StatusBadge } from "~/components/ui";

export interface AccountOrder {
  orderId: string;
  amount: bigint;
  status: string;
  createdAt: Date | string;
  channel: string;
}

const PAID = new Set(["paid", "partially_refunded", "refunded"]);

/**
 * An account's orders as a support agent reads them: the ones paid (refunded ones too) apart from
 * the ones that never were, each with a status word. A pre-auth order is `cancelled` when its
 * hold was released: it says Released (a released hold is not a cancelled payment).
 */
export function splitAccountOrders<T extends AccountOrder>(orders: T[]): { paid: (T & { word: string })[]; unpaid: (T & { word: string })[] } {
  const withWord = orders.map((o) => ({ ...o, word: o.channel === "preauth" && o.status === "cancelled" ? "released" : o.status }));
  return { paid: withWord.filter((o) => PAID.has(o.status)), unpaid: withWord.filter((o) => !PAID.has(o.status)) };
}

export function AccountOrders({ orders }: { orders: AccountOrder[] }) {
  const { t } = useTranslation("accounts");
  if (orders.length === 0) return <p className="mt-2 text-sm text-slate-600">{t("page.noOrders")}</p>;
  const { paid, unpaid } = splitAccountOrders(orders);
  return (
    <div className="mt-2 grid gap-4 lg:grid-cols-2">
      <div>
        <h3 className="text-xs font-medium tracking-wide text-slate-600 uppercase">{t("page.paidOrders", { count: paid.length })}</h3>
        <OrderLines orders={paid} />
      </div>
      <div>
        <h3 className="text-xs font-medium tracking-wide text-slate-600 uppercase">{t("page.unpaidOrders", { count: unpaid.length })}</h3>
        <OrderLines orders={unpaid} />
      </div>
    </div>
  );
}

function OrderLines({ orders }: { orders: (AccountOrder & { word: string })[] }) {
  const { t } = useTranslation(["accounts", "orders"]);
  if (orders.length === 0) return <p className="mt-1 text-sm text-slate-600">{t("accounts:page.noneInGroup")}</p>;
  return (
    <ul className="mt-1 space-y-1 text-sm">
      {orders.map((o) => (
        <li key={o.orderId} className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
          <Link className="font-mono text-[13px] text-brand-700 hover:underline" to={`/orders/${encodeURIComponent(o.orderId)}`}>
            {o.orderId}
          </Link>
          <Money minor={o.amount} />
          <StatusBadge status={o.word} />
          <span className="text-slate-600">{t(`orders:channel.${o.channel as "deeplink"}`, { defaultValue: o.channel })}</span>
          <span className="text-slate-500">
            <DateTime value={o.createdAt} />
          </span>
        </li>
      ))}
    </ul>
  );
}

import { Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import { SearchX } from "lucide-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { buttonClasses, DataTable, DateTime, EmptyState, Money, StatusBadge, type Column } from "~/components/ui";
import { formatPhone } from "~/lib/phone";
import type { OrderListRow } from "~/services/orders/list.server";

function columnsFor(t: TFunction<"orders">): Column<OrderListRow>[] {
  return [
    {
      key: "order",
      header: t("table.order"),
      cell: (r) => (
        <span className="flex flex-col">
          <span className="font-mono text-[13px] underline decoration-brand-300 underline-offset-2">{r.orderId}</span>
          <span className="max-w-[15rem] font-mono text-xs font-normal break-all text-slate-500">{r.gopayReference ?? t("table.noReference")}</span>
        </span>
      ),
    },
    // The time may wrap under the date; ids, references and emails break inside their cell: at
    // 1366 px the seven columns fit in either language (tests/e2e/pages-layout.spec.ts measures it).
    { key: "created", header: t("table.created"), sortable: true, cell: (r) => <DateTime value={r.createdAt} wrap /> },
    {
      key: "customer",
      header: t("table.customer"),
      cell: (r) => (
        <span className="flex max-w-[16rem] flex-col">
          <span>{r.customerName ?? "—"}</span>
          <span className="text-xs break-all text-slate-500">
            {formatPhone(r.customerPhone)}
            {r.customerEmail ? ` · ${r.customerEmail}` : ""}
          </span>
        </span>
      ),
    },
    {
      key: "channel",
      header: t("table.channel"),
      cell: (r) => (
        <span className="flex flex-col">
          <span>{t(`channel.${r.channel}`)}</span>
          <span className="text-xs text-slate-500">{r.paymentOption ? t(`option.${r.paymentOption}`) : "—"}</span>
        </span>
      ),
    },
    { key: "status", header: t("table.status"), cell: (r) => <StatusBadge status={r.status} /> },
    { key: "amount", header: t("table.amount"), sortable: true, align: "right", cell: (r) => <Money minor={r.amount} />, className: "tabular-nums whitespace-nowrap" },
    {
      key: "refunded",
      header: t("table.refunded"),
      align: "right",
      cell: (r) => (r.refundedAmount > 0n ? <Money minor={r.refundedAmount} /> : <span className="text-slate-400">—</span>),
      className: "tabular-nums whitespace-nowrap",
    },
  ];
}

export function OrdersTable({ rows, filtered }: { rows: OrderListRow[]; filtered: boolean }) {
  const { t } = useTranslation("orders");
  const columns = useMemo(() => columnsFor(t), [t]);
  return (
    <DataTable
      caption={t("table.caption")}
      columns={columns}
      rows={rows}
      rowKey={(r) => r.id}
      rowHref={(r) => `/orders/${encodeURIComponent(r.orderId)}`}
      empty={
        <EmptyState
          icon={SearchX}
          title={filtered ? t("table.noMatch") : t("table.noneYet")}
          action={
            filtered ? (
              <Link to="/orders" className={buttonClasses("secondary", "sm")}>
                {t("table.clearSearch")}
              </Link>
            ) : undefined
          }
        >
          {filtered ? t("table.noMatchHint") : t("table.noneYetHint")}
        </EmptyState>
      }
    />
  );
}

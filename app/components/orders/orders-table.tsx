import { Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import { SearchX } from "~/components/ui/icons";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import {
  buttonClasses,
  DataTable,
  EmptyState,
  StatusPill,
  useStatusLabel,
  wibTime,
  type Column,
} from "~/components/ui";
import { formatIdr } from "~/lib/money";
import { formatPhone } from "~/lib/phone";
import { memoByKey } from "~/lib/memo";
import type { OrderListRow } from "~/services/orders/list.server";

/** What a row of the list shows (the route's loader sends only these fields). */
export type OrderTableRow = Pick<
  OrderListRow,
  | "orderId"
  | "gopayReference"
  | "status"
  | "channel"
  | "paymentOption"
  | "amount"
  | "refundedAmount"
  | "customerName"
  | "customerPhone"
  | "customerEmail"
  | "createdAt"
>;

// The cells' look is in app/styles.css (`.o-table`, each column by its position): said once, not
// on 50 rows.
function columnsFor(
  t: TFunction<"orders">,
  language: string,
  statusLabel: (s: string) => string,
): Column<OrderTableRow>[] {
  // Each label translated once per table, not once per row.
  const channel = memoByKey((c: string) => t(`channel.${c as OrderTableRow["channel"]}`));
  const option = memoByKey((o: string) => t(`option.${o as NonNullable<OrderTableRow["paymentOption"]>}`));
  const noReference = t("table.noReference");
  return [
    {
      key: "order",
      header: t("table.order"),
      cell: (r) => (
        <>
          <span>{r.orderId}</span>
          <span>{r.gopayReference ?? noReference}</span>
        </>
      ),
    },
    // The time may wrap under the date; ids, references and emails break inside their cell: at
    // 1366 px the seven columns fit in either language (tests/e2e/pages-layout.spec.ts measures it).
    {
      key: "created",
      header: t("table.created"),
      sortable: true,
      cell: (r) => wibTime(r.createdAt, language, { wrap: true, styledBy: "table" }),
    },
    {
      key: "customer",
      header: t("table.customer"),
      cell: (r) => (
        <span>
          <span>{r.customerName ?? "—"}</span>
          <span>
            {r.customerEmail
              ? `${formatPhone(r.customerPhone)} · ${r.customerEmail}`
              : formatPhone(r.customerPhone)}
          </span>
        </span>
      ),
    },
    {
      key: "channel",
      header: t("table.channel"),
      cell: (r) => (
        <span>
          <span>{channel(r.channel)}</span>
          <span>{r.paymentOption ? option(r.paymentOption) : "—"}</span>
        </span>
      ),
    },
    {
      key: "status",
      header: t("table.status"),
      cell: (r) => <StatusPill status={r.status} label={statusLabel(r.status)} />,
    },
    {
      key: "amount",
      header: t("table.amount"),
      sortable: true,
      align: "right",
      cell: (r) => formatIdr(r.amount),
      styledBy: "table",
    },
    {
      key: "refunded",
      header: t("table.refunded"),
      align: "right",
      // Nothing refunded: an empty cell, drawn as a grey dash by `.o-table` (said once, not per row).
      cell: (r) => (r.refundedAmount > 0n ? formatIdr(r.refundedAmount) : null),
      styledBy: "table",
    },
  ];
}

export function OrdersTable({ rows, filtered }: { rows: OrderTableRow[]; filtered: boolean }) {
  const { t, i18n } = useTranslation("orders");
  const statusLabel = useStatusLabel();
  const columns = useMemo(() => columnsFor(t, i18n.language, statusLabel), [t, i18n.language, statusLabel]);
  return (
    <DataTable
      caption={t("table.caption")}
      columns={columns}
      rows={rows}
      tableClassName="o-table"
      rowKey={(r) => r.orderId}
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

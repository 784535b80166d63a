import { Link } from "@remix-run/react";
import { SearchX } from "lucide-react";
import { buttonClasses, DataTable, DateTime, EmptyState, Money, StatusBadge, type Column } from "~/components/ui";
import { formatPhone } from "~/lib/phone";
import { CHANNEL_LABELS, OPTION_LABELS } from "~/services/orders/options";
import type { OrderListRow } from "~/services/orders/list.server";

const columns: Column<OrderListRow>[] = [
  {
    key: "order",
    header: "Order",
    cell: (r) => (
      <span className="flex flex-col">
        <span className="font-mono text-[13px]">{r.orderId}</span>
        <span className="font-mono text-xs font-normal text-slate-500">{r.gopayReference ?? "no GoPay reference"}</span>
      </span>
    ),
  },
  { key: "created", header: "Created (WIB)", sortable: true, cell: (r) => <DateTime value={r.createdAt} />, className: "whitespace-nowrap" },
  {
    key: "customer",
    header: "Customer",
    cell: (r) => (
      <span className="flex flex-col">
        <span>{r.customerName ?? "—"}</span>
        <span className="text-xs text-slate-500">
          {formatPhone(r.customerPhone)}
          {r.customerEmail ? ` · ${r.customerEmail}` : ""}
        </span>
      </span>
    ),
  },
  {
    key: "channel",
    header: "Channel",
    cell: (r) => (
      <span className="flex flex-col">
        <span>{CHANNEL_LABELS[r.channel]}</span>
        <span className="text-xs text-slate-500">{r.paymentOption ? OPTION_LABELS[r.paymentOption] : "—"}</span>
      </span>
    ),
  },
  { key: "status", header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
  { key: "amount", header: "Amount", sortable: true, align: "right", cell: (r) => <Money minor={r.amount} />, className: "tabular-nums whitespace-nowrap" },
  {
    key: "refunded",
    header: "Refunded",
    align: "right",
    cell: (r) => (r.refundedAmount > 0n ? <Money minor={r.refundedAmount} /> : <span className="text-slate-400">—</span>),
    className: "tabular-nums whitespace-nowrap",
  },
];

export function OrdersTable({ rows, filtered }: { rows: OrderListRow[]; filtered: boolean }) {
  return (
    <DataTable
      caption="Orders"
      columns={columns}
      rows={rows}
      rowKey={(r) => r.id}
      rowHref={(r) => `/orders/${encodeURIComponent(r.orderId)}`}
      empty={
        <EmptyState
          icon={SearchX}
          title={filtered ? "No orders match" : "No orders yet"}
          action={
            filtered ? (
              <Link to="/orders" className={buttonClasses("secondary", "sm")}>
                Clear search and filters
              </Link>
            ) : undefined
          }
        >
          {filtered
            ? "Check the spelling, try another identifier (phone, email, GoPay reference) or widen the date range."
            : "Orders appear here as customers pay."}
        </EmptyState>
      }
    />
  );
}

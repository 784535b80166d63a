import { Link } from "@remix-run/react";
import { RotateCcw } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { formatCount } from "~/lib/count";
import {
  Button,
  ConfirmDialog,
  DataTable,
  DateTime,
  Email,
  EmptyState,
  Money,
  type Column,
} from "~/components/ui";
import { formError, type ActionData } from "~/lib/action-data";
import { formatIdr } from "~/lib/money";
import { formatPhone } from "~/lib/phone";
import { CoinBatchStatusBadge, CoinFailureText, CoinStatusBadge } from "./coin-status";

export interface PayoutRow {
  id: string;
  createdAt: Date | string;
  paidAt: Date | string | null;
  customerId: string;
  customerName: string | null;
  customerPhone: string | null;
  amount: bigint;
  description: string;
  reasonCode: string | null;
  status: string;
  batchId: string | null;
  batchFilename: string | null;
  line: number | null;
  requestId: string;
  gopayPaymentId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  requesterEmail: string | null;
}

/** Unknown (answer lost) or queued after a short wallet: the same Request-Id again, never a new one. */
function RetryButton({ row }: { row: PayoutRow }) {
  const { t } = useTranslation("coins");
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="secondary" data-testid="retry-payout" className="whitespace-nowrap">
          <RotateCcw aria-hidden className="size-4" /> {t("list.retry")}
        </Button>
      }
      title={t("list.retryTitle")}
      description={t("list.retryText", {
        amount: formatIdr(row.amount),
        customer: row.customerName ?? row.customerId,
      })}
      confirmLabel={t("list.retry")}
      intent="retry-payout"
      hidden={{ payoutId: row.id }}
    >
      {(r) =>
        formError(r) ? (
          <p role="alert" className="text-sm text-red-700">
            {formError(r)}
          </p>
        ) : null
      }
    </ConfirmDialog>
  );
}

export function PayoutsTable({
  rows,
  canDisburse,
  result,
}: {
  rows: PayoutRow[];
  canDisburse: boolean;
  result?: ActionData;
}) {
  const { t } = useTranslation("coins");
  const columns: Column<PayoutRow>[] = [
    {
      key: "created",
      header: t("list.columns.created"),
      className: "min-w-32",
      cell: (r) => <DateTime value={r.createdAt} wrap />,
    },
    {
      key: "customer",
      header: t("list.columns.customer"),
      cell: (r) => (
        <div>
          <Link className="text-brand-700 hover:underline" to={`/customers/${r.customerId}`}>
            {r.customerName ?? r.customerId}
          </Link>
          {r.customerPhone ? (
            <div className="text-xs text-slate-500">{formatPhone(r.customerPhone)}</div>
          ) : null}
        </div>
      ),
    },
    {
      key: "amount",
      header: t("list.columns.amount"),
      align: "right",
      className: "whitespace-nowrap tabular-nums",
      cell: (r) => <Money minor={r.amount} />,
    },
    {
      key: "status",
      header: t("list.columns.status"),
      cell: (r) => (
        <div>
          <CoinStatusBadge status={r.status} code={r.errorCode} />
          {r.errorMessage && r.status !== "paid" ? (
            <CoinFailureText
              status={r.status}
              code={r.errorCode}
              message={r.errorMessage}
              className="mt-0.5 max-w-xs text-xs break-words text-slate-500"
            />
          ) : null}
          {/* The way out of a state sits beside the state: "Waiting for GoPay … [Retry]". */}
          {canDisburse && !r.batchId && (r.status === "unknown" || r.status === "queued") ? (
            <div className="mt-1">
              <RetryButton row={r} />
            </div>
          ) : null}
          {result?.target === r.id && formError(result) ? (
            <p role="alert" className="mt-1 max-w-xs text-xs text-red-700">
              {formError(result)}
            </p>
          ) : null}
        </div>
      ),
    },
    {
      key: "why",
      header: t("list.columns.description"),
      cell: (r) => (
        <div className="max-w-xs">
          <div className="break-words">{r.description}</div>
          {r.reasonCode ? (
            <div className="text-xs text-slate-500">
              {t(`reasons.${r.reasonCode as "goodwill"}`, { defaultValue: r.reasonCode })}
            </div>
          ) : null}
        </div>
      ),
    },
    {
      key: "batch",
      header: t("list.columns.batch"),
      cell: (r) =>
        r.batchId ? (
          <Link className="text-brand-700 hover:underline" to={`/coins/batches/${r.batchId}`}>
            {r.batchFilename}
            {r.line !== null ? ` #${r.line}` : ""}
          </Link>
        ) : (
          <span className="text-slate-500">{t("list.single")}</span>
        ),
    },
    {
      key: "by",
      header: t("list.columns.requester"),
      cell: (r) => <Email email={r.requesterEmail} />,
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      rowKey={(r) => r.id}
      caption={t("list.title")}
      empty={<EmptyState title={t("list.empty")}>{t("list.emptyText")}</EmptyState>}
    />
  );
}

export interface BatchRow {
  id: string;
  filename: string;
  status: string;
  rowCount: number;
  totalAmount: bigint;
  submittedAt: Date | string;
  submitterEmail: string | null;
}

export function BatchesTable({ rows }: { rows: BatchRow[] }) {
  const { t, i18n } = useTranslation("coins");
  const columns: Column<BatchRow>[] = [
    {
      key: "file",
      header: t("batches.columns.file"),
      cell: (b) => (
        <Link className="text-brand-700 hover:underline" to={`/coins/batches/${b.id}`}>
          {b.filename}
        </Link>
      ),
    },
    { key: "status", header: t("batches.columns.status"), cell: (b) => <CoinBatchStatusBadge status={b.status} /> },
    {
      key: "rows",
      header: t("batches.columns.rows"),
      align: "right",
      cell: (b) => formatCount(b.rowCount, i18n.language),
    },
    {
      key: "total",
      header: t("batches.columns.total"),
      align: "right",
      className: "whitespace-nowrap tabular-nums",
      cell: (b) => <Money minor={b.totalAmount} />,
    },
    { key: "by", header: t("batches.columns.submittedBy"), cell: (b) => b.submitterEmail ?? "—" },
    {
      key: "at",
      header: t("batches.columns.submitted"),
      className: "whitespace-nowrap",
      cell: (b) => <DateTime value={b.submittedAt} />,
    },
    {
      key: "payouts",
      header: <span className="sr-only">{t("batches.columns.payouts")}</span>,
      cell: (b) => (
        <Link className="text-xs text-brand-700 hover:underline" to={`/coins?batch=${b.id}`}>
          {t("batches.payouts")}
        </Link>
      ),
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      rowKey={(b) => b.id}
      caption={t("batches.title")}
      empty={<EmptyState title={t("batches.empty")}>{t("batches.emptyText")}</EmptyState>}
    />
  );
}

import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge, DataTable, DateTime, type Column, type Tone } from "~/components/ui";
import { formatPhone } from "~/lib/phone";
import { translateSentence } from "~/lib/sentences";
import type { RecipientStatus } from "~/services/campaigns/types";

export interface LogRow {
  id: string;
  customerId: string;
  name: string | null;
  phone: string | null;
  zone: string;
  status: RecipientStatus;
  skipReason: string | null;
  dueAt: string | Date | null;
  attempts: number;
  httpStatus: number | null;
  gopayCode: string | null;
  gopayMessage: string | null;
  requestId: string;
  updatedAt: string | Date;
}

const TONE: Record<RecipientStatus, Tone> = {
  pending: "neutral",
  sending: "info",
  sent: "success",
  failed: "danger",
  skipped: "warning",
  unknown: "warning",
};

/** The per-recipient log: who, the status, GoPay's answer (HTTP status, code, message) and the Request-Id of the send. */
export function RecipientLogTable({ rows }: { rows: LogRow[] }) {
  const { t } = useTranslation("campaigns");
  const columns: Column<LogRow>[] = [
    {
      key: "customer",
      header: t("delivery.log.customer"),
      className: "min-w-36 break-words",
      cell: (r) => (
        <Link className="text-brand-700 hover:underline" to={`/customers/${r.customerId}`}>
          {r.name ?? (r.phone ? formatPhone(r.phone) : "—")}
          {r.name && r.phone ? (
            <span className="block text-xs whitespace-nowrap text-slate-500">{formatPhone(r.phone)}</span>
          ) : null}
        </Link>
      ),
    },
    { key: "zone", header: t("delivery.log.zone"), cell: (r) => r.zone },
    {
      key: "status",
      header: t("delivery.log.status"),
      cell: (r) => (
        <div className="max-w-48 space-y-0.5">
          <Badge tone={TONE[r.status]}>
            <span data-status={r.status}>{t(`delivery.recipientStatus.${r.status}`)}</span>
          </Badge>
          {r.skipReason ? (
            <div className="text-xs break-words text-slate-500">
              {r.skipReason === "cancelled"
                ? t("delivery.log.skipCancelled")
                : r.skipReason === "no_token"
                  ? t("delivery.log.skipNoToken")
                  : r.skipReason}
            </div>
          ) : null}
          {r.status === "pending" && r.dueAt && new Date(r.dueAt).getTime() > Date.now() ? (
            <div className="text-xs text-slate-500">
              {t("delivery.log.due", { when: "" })}
              <DateTime value={r.dueAt} />
            </div>
          ) : null}
        </div>
      ),
    },
    {
      key: "attempts",
      header: t("delivery.log.attempts"),
      align: "right",
      className: "tabular-nums",
      cell: (r) => r.attempts,
    },
    {
      key: "answer",
      header: t("delivery.log.answer"),
      className: "min-w-32 max-w-xs text-xs break-words",
      cell: (r) =>
        r.httpStatus !== null || r.gopayCode || r.gopayMessage ? (
          <span>
            <span className="font-mono">
              {r.httpStatus ?? "—"}
              {r.gopayCode ? ` · ${r.gopayCode}` : ""}
            </span>
            {r.gopayMessage ? <span className="ml-2 text-slate-600">{translateSentence(t, r.gopayMessage)}</span> : null}
          </span>
        ) : (
          "—"
        ),
    },
    {
      key: "requestId",
      header: t("delivery.log.requestId"),
      // A Request-Id is 36 characters: it wraps (anywhere) rather than push "Updated" out of view.
      className: "w-40 max-w-40 font-mono text-xs break-all",
      cell: (r) => r.requestId,
    },
    {
      key: "updated",
      header: t("delivery.log.updated"),
      className: "whitespace-nowrap",
      cell: (r) => <DateTime value={r.updatedAt} />,
    },
  ];
  return (
    <DataTable
      caption={t("delivery.log.caption")}
      columns={columns}
      rows={rows}
      rowKey={(r) => r.id}
      empty={<p className="p-4 text-sm text-slate-600">{t("delivery.log.empty")}</p>}
    />
  );
}

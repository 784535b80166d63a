import { AlertTriangle, Check, X } from "~/components/ui/icons";
import { Trans, useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { translateSentence } from "~/lib/sentences";
import { Button, ConfirmDialog, Email, EmptyState, Field, Money, StatusBadge, Textarea, type ConfirmResult } from "~/components/ui";
import { formatIdr } from "~/lib/money";
import { formatWib } from "~/lib/time";
import { fieldError } from "~/lib/action-data";
import { BulkApprovalSummary, BulkApproveText, BulkRejectText, type BulkApprovalBatch } from "~/components/coins/bulk-approval";
import { CoinPayoutApproveText, CoinPayoutRejectText, CoinPayoutSummary, type CoinPayoutApproval } from "~/components/coins/payout-approval";

export interface ApprovalItem {
  id: string;
  /** approvals.kind as the services write it: refund, coins_payout, coins_batch. */
  kind: string;
  status: string;
  amount: bigint | null;
  requestedAt: Date;
  expiresAt: Date;
  requestedBy: string;
  requesterEmail: string | null;
  deciderEmail: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  orderId: string | null;
  customerName: string | null;
  reasonText: string | null;
  /** Pending only: why approving now would be refused (the approve path's own rule); null when it would go ahead. */
  problem?: string | null;
  /** A coin batch request (kind coins_batch): shown with its file, totals and a sample instead of an order. */
  batch?: BulkApprovalBatch | null;
  /** A single coin payout request (kind coins_payout): the customer, amount and description. */
  coinPayout?: CoinPayoutApproval | null;
}

/**
 * Which words the approve / reject dialogs use for a request. Keyed on its kind, and on the row it
 * points to being there: a refund's words never go on anything else, and a kind (or a missing
 * payout or batch) this page does not know gets neutral ones.
 */
export function dialogWordsFor(a: Pick<ApprovalItem, "kind" | "batch" | "coinPayout">): "refund" | "coinPayout" | "coinBatch" | "other" {
  if (a.kind === "coins_batch") return a.batch ? "coinBatch" : "other";
  if (a.kind === "coins_payout") return a.coinPayout ? "coinPayout" : "other";
  return a.kind === "refund" ? "refund" : "other";
}

// The request id is a hidden field: its refusal (a stale or forged id) is shown like the form's.
const formError = (r: ConfirmResult) => fieldError(r, "form") ?? fieldError(r, "approvalId") ?? null;

function age(from: Date, now: Date, t: TFunction<"approvals">): string {
  const m = Math.max(0, Math.round((now.getTime() - new Date(from).getTime()) / 60_000));
  if (m < 1) return t("age.justNow");
  return m < 60 ? t("age.minutes", { m }) : t("age.hours", { h: Math.floor(m / 60), m: m % 60 });
}

/** Pending requests with Approve / Reject (hidden on your own requests and without approvals:decide). */
export function PendingApprovals({ items, meId, canDecide, now }: { items: ApprovalItem[]; meId: string; canDecide: boolean; now: Date }) {
  const { t, i18n } = useTranslation(["approvals", "coins"]);
  if (items.length === 0) return <EmptyState title={t("nothingWaiting")}>{t("nothingWaitingText")}</EmptyState>;
  return (
    <div className="relative overflow-x-auto">
    <table className="w-full text-sm [&_td]:px-2 [&_td]:py-2 [&_th]:px-2 [&_td:first-child]:pl-0 [&_th:first-child]:pl-0">
      <thead className="text-left text-slate-500">
        <tr>
          <th className="py-2">{t("table.request")}</th>
          <th>{t("table.amount")}</th>
          <th>{t("table.requestedBy")}</th>
          <th>{t("table.reason")}</th>
          <th>{t("table.expires")}</th>
          <th className="sr-only">{t("table.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => {
          const words = dialogWordsFor(a);
          return (
          <tr key={a.id} className={a.problem ? "border-t border-slate-100 bg-amber-50/60 align-top" : "border-t border-slate-100 align-top"} data-testid="approval-row" data-problem={a.problem ? "yes" : undefined}>
            <td className="py-2">
              {a.batch ? <BulkApprovalSummary batch={a.batch} /> : a.coinPayout ? <CoinPayoutSummary payout={a.coinPayout} /> : <>
              <a className="whitespace-nowrap text-brand-700 hover:underline" href={`/orders/${encodeURIComponent(a.orderId ?? "")}`}>{a.orderId}</a>
              <div className="text-slate-500">{a.customerName}</div></>}
              {a.problem ? (
                <p className="mt-1 flex max-w-sm items-start gap-1 text-xs font-medium text-amber-900" data-testid="approval-problem">
                  <AlertTriangle aria-hidden className="mt-0.5 size-3.5 shrink-0" />
                  <span>{t("noLongerHonourable", { problem: translateSentence(t, a.problem) })}</span>
                </p>
              ) : null}
            </td>
            <td className="whitespace-nowrap tabular-nums">{a.amount !== null ? <Money minor={a.amount} /> : "—"}</td>
            <td>
              <Email email={a.requesterEmail} />
              {/* How long it has waited, under who asked (its own column did not fit beside the buttons at 1024 px). */}
              <div className="text-xs whitespace-nowrap text-slate-500" data-testid="approval-age">{age(a.requestedAt, now, t)}</div>
            </td>
            <td className="max-w-xs">{a.reasonText}</td>
            <td>{formatWib(new Date(a.expiresAt), i18n.language)}</td>
            <td>
              {canDecide && a.requestedBy !== meId ? (
                // Side by side when there is room, one above the other in a narrow window.
                <div className="flex flex-wrap justify-end gap-2">
                  {/* why no Approve on a flagged request: approving would be refused with the same sentence; reject it with a reason instead. */}
                  {a.problem ? null : <ConfirmDialog
                    trigger={<Button size="sm"><Check aria-hidden className="size-4" /> {t("approve")}</Button>}
                    title={t(`dialog.${words}.approveTitle`)}
                    description={a.batch && words === "coinBatch" ? <BulkApproveText batch={a.batch} requester={a.requesterEmail} /> : a.coinPayout && words === "coinPayout" ? <CoinPayoutApproveText payout={a.coinPayout} requester={a.requesterEmail} /> :
                      words === "refund" ? <Trans
                        t={t}
                        i18nKey="approveText"
                        values={{ amount: formatIdr(a.amount ?? 0n), customer: a.customerName ?? t("theCustomer"), orderId: a.orderId, requester: a.requesterEmail }}
                        components={{ b: <b /> }}
                      /> : t("dialog.other.approveText", { requester: a.requesterEmail ?? "—" })
                    }
                    confirmLabel={t(`dialog.${words}.approveConfirm`)}
                    danger
                    intent="approve"
                    hidden={{ approvalId: a.id }}
                  >
                    {(r) => (formError(r) ? <p role="alert" className="text-sm text-red-700">{formError(r)}</p> : null)}
                  </ConfirmDialog>}
                  <ConfirmDialog
                    trigger={<Button size="sm" variant="secondary"><X aria-hidden className="size-4" /> {t("reject")}</Button>}
                    title={t(`dialog.${words}.rejectTitle`)}
                    description={a.batch && words === "coinBatch" ? <BulkRejectText batch={a.batch} requester={a.requesterEmail} /> : a.coinPayout && words === "coinPayout" ? <CoinPayoutRejectText payout={a.coinPayout} requester={a.requesterEmail} /> : words === "refund" ? <Trans t={t} i18nKey="rejectText" values={{ orderId: a.orderId, requester: a.requesterEmail }} components={{ b: <b /> }} /> : t("dialog.other.rejectText", { requester: a.requesterEmail ?? "—" })}
                    confirmLabel={t("reject")}
                    intent="reject"
                    hidden={{ approvalId: a.id }}
                  >
                    {(r) => (
                      <Field label={t("reason")} error={formError(r)}>
                        <Textarea name="reason" rows={2} maxLength={500} required />
                      </Field>
                    )}
                  </ConfirmDialog>
                </div>
              ) : a.requestedBy === meId ? <span className="text-slate-500">{t("yourRequest")}</span> : null}
            </td>
          </tr>
          );
        })}
      </tbody>
    </table>
    </div>
  );
}

export function DecidedApprovals({ items }: { items: ApprovalItem[] }) {
  const { t, i18n } = useTranslation("approvals");
  if (items.length === 0) return <EmptyState title={t("noDecisions")}>{t("noDecisionsText")}</EmptyState>;
  return (
    <div className="relative overflow-x-auto">
    <table className="w-full text-sm [&_td]:px-2 [&_td]:py-2 [&_th]:px-2 [&_td:first-child]:pl-0 [&_th:first-child]:pl-0">
      <thead className="text-left text-slate-500">
        <tr>
          <th className="py-2">{t("table.request")}</th>
          <th>{t("table.amount")}</th>
          <th>{t("table.status")}</th>
          <th>{t("table.requestedBy")}</th>
          <th>{t("table.decidedBy")}</th>
          <th>{t("table.when")}</th>
          <th>{t("table.reason")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr key={a.id} className="border-t border-slate-100">
            <td className="py-2">{a.batch ? <a className="text-brand-700 hover:underline" href={`/coins/batches/${a.batch.batchId}`}>{a.batch.filename}</a> : a.coinPayout ? <a className="text-brand-700 hover:underline" href={`/coins?customer=${a.coinPayout.customerId}`}>{a.coinPayout.customerName ?? a.coinPayout.customerId}</a> : <a className="text-brand-700 hover:underline" href={`/orders/${encodeURIComponent(a.orderId ?? "")}`}>{a.orderId}</a>}</td>
            <td className="whitespace-nowrap tabular-nums">{a.amount !== null ? <Money minor={a.amount} /> : "—"}</td>
            <td><StatusBadge status={a.status} /></td>
            <td><Email email={a.requesterEmail} /></td>
            <td><Email email={a.deciderEmail} /></td>
            <td>{a.decidedAt ? formatWib(new Date(a.decidedAt), i18n.language) : "—"}</td>
            <td>{a.decisionReason}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

import { Play } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { Button, ConfirmDialog, Money } from "~/components/ui";
import { formatPhone } from "~/lib/phone";
import { formatIdr } from "~/lib/money";
import { formatCount } from "~/lib/count";
import { formatWib } from "~/lib/time";
import { formError } from "~/lib/action-data";
import { CoinFailureText, CoinStatusBadge } from "./coin-status";


type Counts = Record<string, { n: number; sum: bigint }>;
export interface BatchViewProps {
  batch: {
    id: string;
    status: string;
    rowCount: number;
    totalAmount: bigint;
    submittedAt: Date;
    decidedAt: Date | null;
    decisionReason: string | null;
    pauseReason: string | null;
    neededAmount: bigint | null;
    finishedAt: Date | null;
  };
  submitterEmail: string | null;
  deciderEmail: string | null;
  expiresAt: Date | null;
  counts: Counts;
}

const ORDER = [
  "paid",
  "failed",
  "unknown",
  "paying",
  "queued",
  "awaiting_approval",
  "rejected",
  "cancelled",
] as const;
const n = (c: Counts, s: string) => c[s]?.n ?? 0;

/** The live progress bar (paid + failed of all rows) and the batch's state in a sentence. */
export function BatchProgress({ view }: { view: BatchViewProps }) {
  const { t, i18n } = useTranslation("coins");
  const { batch, counts } = view;
  const done = n(counts, "paid") + n(counts, "failed");
  const pct = batch.rowCount ? Math.round((done / batch.rowCount) * 100) : 0;
  const lng = i18n.language;
  return (
    <div className="mt-4 space-y-3">
      <p className="text-sm text-slate-600">
        {t("bulk.batch.submittedBy", {
          who: view.submitterEmail ?? "—",
          at: formatWib(batch.submittedAt, lng),
        })}
      </p>
      {view.deciderEmail && batch.decidedAt ? (
        <p className="text-sm text-slate-600">
          {t("bulk.batch.decidedBy", { who: view.deciderEmail, at: formatWib(batch.decidedAt, lng) })}
        </p>
      ) : null}
      <div>
        <div
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={batch.rowCount}
          aria-valuenow={done}
          aria-label={t("bulk.batch.progress", { done, total: batch.rowCount })}
          className="h-3 w-full overflow-hidden rounded-full bg-slate-100"
          data-testid="batch-progress"
          data-done={done}
          data-total={batch.rowCount}
        >
          <div className="h-full bg-emerald-500 transition-all" style={{ width: `${pct}%` }} />
        </div>
        <p className="mt-1 text-sm tabular-nums">
          {t("bulk.batch.progress", {
            done: formatCount(done, i18n.language),
            total: formatCount(batch.rowCount, i18n.language),
          })}
        </p>
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4" data-testid="batch-counts">
        {ORDER.filter((s) => n(counts, s) > 0).map((s) => (
          <div key={s} className="contents">
            <dt className="text-slate-500">{t(`bulk.batch.counts.${s}`)}</dt>
            <dd className="tabular-nums" data-status={s}>
              {formatCount(n(counts, s), i18n.language)} · <Money minor={counts[s]!.sum} />
            </dd>
          </div>
        ))}
      </dl>
      {batch.status === "pending_approval" && view.expiresAt ? (
        <p className="text-sm">{t("bulk.batch.awaitingApproval", { at: formatWib(view.expiresAt, lng) })}</p>
      ) : null}
      {batch.status === "rejected" ? (
        <p className="text-sm text-red-800">
          {t("bulk.batch.rejected", { reason: batch.decisionReason ?? "" })}
        </p>
      ) : null}
      {batch.status === "expired" ? <p className="text-sm text-red-800">{t("bulk.batch.expired")}</p> : null}
      {batch.status === "completed" && batch.finishedAt ? (
        <p className="text-sm text-emerald-800" data-testid="batch-completed">
          {t("bulk.batch.completed", { at: formatWib(batch.finishedAt, lng) })}
        </p>
      ) : null}
      {batch.status === "paused" ? (
        <div
          role="alert"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="batch-paused"
        >
          <p>{t("bulk.batch.paused", { reason: batch.pauseReason ?? "" })}</p>
          {batch.neededAmount !== null ? (
            <p className="font-medium">{t("bulk.batch.needed", { amount: formatIdr(batch.neededAmount) })}</p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function ResumeBatch({ view }: { view: BatchViewProps }) {
  const { t } = useTranslation("coins");
  const left = n(view.counts, "queued") + n(view.counts, "unknown");
  const leftSum = (view.counts.queued?.sum ?? 0n) + (view.counts.unknown?.sum ?? 0n);
  return (
    <div className="mt-3">
      <ConfirmDialog
        trigger={
          <Button size="sm" data-testid="batch-resume">
            <Play aria-hidden className="size-4" /> {t("bulk.batch.resume")}
          </Button>
        }
        title={t("bulk.batch.resumeTitle")}
        description={t("bulk.batch.resumeText", { count: left, total: formatIdr(leftSum) })}
        confirmLabel={t("bulk.batch.resume")}
        intent="resume"
      >
        {(r) =>
          formError(r) ? (
            <p role="alert" className="text-sm text-red-700">
              {formError(r)}
            </p>
          ) : null
        }
      </ConfirmDialog>
    </div>
  );
}

export interface BatchRowView {
  id: string;
  line: number | null;
  customerName: string | null;
  phone: string | null;
  amount: bigint;
  status: string;
  gopayPaymentId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export function BatchRows({ rows, total }: { rows: BatchRowView[]; total: number }) {
  const { t } = useTranslation("coins");
  return (
    <>
      <table className="w-full text-sm" data-testid="batch-rows">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="py-1">{t("bulk.batch.columns.line")}</th>
            <th>{t("bulk.batch.columns.customer")}</th>
            <th>{t("bulk.batch.columns.amount")}</th>
            <th>{t("bulk.batch.columns.status")}</th>
            <th>{t("bulk.batch.columns.payment")}</th>
            <th>{t("bulk.batch.columns.error")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-100">
              <td className="py-1 tabular-nums">{r.line}</td>
              <td>{r.customerName ?? formatPhone(r.phone)}</td>
              <td className="tabular-nums">
                <Money minor={r.amount} />
              </td>
              <td>
                <CoinStatusBadge status={r.status} code={r.errorCode} />
              </td>
              <td className="font-mono text-xs">{r.gopayPaymentId ?? ""}</td>
              <td className="max-w-xs text-xs text-slate-600">
                {r.errorCode ? <CoinFailureText status={r.status} code={r.errorCode} message={r.errorMessage} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > rows.length ? (
        <p className="mt-2 text-xs text-slate-500">{t("bulk.batch.more", { shown: rows.length })}</p>
      ) : null}
    </>
  );
}

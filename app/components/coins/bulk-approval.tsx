import { FileSpreadsheet } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { Money } from "~/components/ui";
import { formatIdr } from "~/lib/money";

/** What /approvals shows of a coin batch request (BatchApprovalInfo from the service). */
export interface BulkApprovalBatch {
  batchId: string;
  filename: string;
  status: string;
  rowCount: number;
  total: bigint;
  sample: {
    line: number | null;
    customerName: string | null;
    phone: string | null;
    amount: bigint;
    description: string;
  }[];
}

/** The batch in the approvals table: file, row count, total, and a few of its rows. */
export function BulkApprovalSummary({ batch }: { batch: BulkApprovalBatch }) {
  const { t } = useTranslation("coins");
  return (
    <div data-testid="approval-batch">
      <a
        className="inline-flex items-center gap-1 text-brand-700 hover:underline"
        href={`/coins/batches/${batch.batchId}`}
      >
        <FileSpreadsheet aria-hidden className="size-4" />{" "}
        {t("bulk.approval.title", { filename: batch.filename })}
      </a>
      <div className="text-slate-500">
        {t("bulk.approval.rows", { count: batch.rowCount, total: formatIdr(batch.total) })}
      </div>
      {batch.sample.length ? (
        <details className="mt-1 text-xs text-slate-600">
          <summary className="cursor-pointer">
            {t("bulk.approval.sample", { count: batch.sample.length })}
          </summary>
          <table className="mt-1">
            <tbody>
              {batch.sample.map((r) => (
                <tr key={`${r.line}`}>
                  <td className="pr-2 text-slate-500">{r.line}</td>
                  <td className="pr-2">{r.customerName ?? r.phone ?? "—"}</td>
                  <td className="pr-2 tabular-nums">
                    <Money minor={r.amount} />
                  </td>
                  <td className="max-w-[14rem] truncate">{r.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}

/** The approve dialog's sentence for a batch: how many rows, how much, whose file; it cannot be undone. */
export function BulkApproveText({
  batch,
  requester,
}: {
  batch: BulkApprovalBatch;
  requester: string | null;
}) {
  const { t } = useTranslation("coins");
  return (
    <>
      {t("bulk.approval.approveText", {
        count: batch.rowCount,
        total: formatIdr(batch.total),
        filename: batch.filename,
        requester: requester ?? "",
      })}
    </>
  );
}

/** The reject dialog's sentence for a batch. */
export function BulkRejectText({ batch, requester }: { batch: BulkApprovalBatch; requester: string | null }) {
  const { t } = useTranslation("coins");
  return <>{t("bulk.approval.rejectText", { filename: batch.filename, requester: requester ?? "" })}</>;
}

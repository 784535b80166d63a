import { useEffect } from "react";
import { Trans, useTranslation } from "react-i18next";
import { DateTime, Money, Spinner } from "~/components/ui";
import { useQuietRevalidate } from "~/lib/quiet-revalidate";

export const WATCH_INTERVAL_MS = 2500;

/**
 * Keeps the order page current while GoPay has the last word: a refund in flight or unknown
 * ("Waiting for GoPay" banner), or one that settled moments ago (its notification is on its way).
 * Refreshes the loader every few seconds while the tab is visible; stops by itself once nothing
 * is waiting (the loader's `recent` lapses after a minute). A refund that needs attention has no
 * staff action: the banner says what it means and what to do (contact GoPay with its partnerRefundNo).
 */
export function RefundWatch({
  waiting,
  recent,
  attentionAfterHours,
}: {
  waiting: { partnerRefundNo: string; amount: bigint; status: string; createdAt: Date }[];
  recent: boolean;
  attentionAfterHours: number;
}) {
  const { t } = useTranslation("refunds");
  // Not while the refund dialog's action runs: its redirect carries the toast (lib/quiet-revalidate.ts).
  const revalidate = useQuietRevalidate();
  // A refund that needs a person will not settle by itself within minutes: no need to keep polling for it.
  const active = waiting.some((w) => w.status !== "needs_attention") || recent;

  useEffect(() => {
    if (!active) return;
    const t = setInterval(revalidate, WATCH_INTERVAL_MS);
    return () => clearInterval(t);
  }, [active, revalidate]);

  if (waiting.length === 0) return null;
  return (
    <div role="status" data-testid="waiting-for-gopay" className="mb-4 flex items-start gap-3 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <Spinner className="mt-0.5 shrink-0 text-amber-700" />
      <div>
        <p className="font-medium">{active ? t("watch.title") : t("watch.titleAttention")}</p>
        <ul className="mt-0.5 space-y-0.5">
          {waiting.map((w) => (
            <li key={w.partnerRefundNo}>
              <Trans t={t} i18nKey="watch.line" components={[<Money key="m" minor={w.amount} />, <DateTime key="d" value={w.createdAt} />]} />
              {w.status === "needs_attention" ? (
                <Trans t={t} i18nKey="watch.needsAttention" count={attentionAfterHours} values={{ partnerRefundNo: w.partnerRefundNo }} components={{ code: <code className="font-mono" /> }} />
              ) : w.status === "unknown" ? (
                t("watch.unknown")
              ) : (
                t("watch.pending")
              )}
            </li>
          ))}
        </ul>
        <p className="mt-1 text-amber-800">{active ? t("watch.footer") : t("watch.footerAttention")}</p>
      </div>
    </div>
  );
}

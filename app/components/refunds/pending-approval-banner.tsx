import { Link } from "@remix-run/react";
import { AlertTriangle, Hourglass } from "~/components/ui/icons";
import { Trans, useTranslation } from "react-i18next";
import { translateSentence } from "~/lib/sentences";
import { DateTime, Money } from "~/components/ui";
import { sayRequestReason, type RequestReason } from "~/services/approvals/reason";
import { isRefundReason, REFUND_REASONS, refundReasonNote } from "~/services/refunds/reasons";

export interface PendingApprovalItem {
  id: string;
  amount: bigint | null;
  requestedAt: Date;
  expiresAt: Date;
  requesterEmail: string | null;
  /** As stored: English ("Duplicate payment: note"); shown only for a request with no reason code. */
  reasonText: string | null;
  /** The refund's reason code (listApprovals): the reason is said in the page's language from it. */
  reasonCode?: string | null;
  /** The reason as requestReason (app/services/approvals/reason.server.ts) built it, when the loader sends it. */
  reason?: RequestReason | null;
  /** Why approving it now would be refused (whyNotHonourable); null when it would go ahead. */
  problem: string | null;
}

/**
 * The request's reason as /approvals says it: requestReason's shape (the code's words, English
 * beside them, and the note staff typed out of the stored "Label: note"), built here from the
 * code when the loader sent none (requestReason is server-only; the same shared reason table).
 */
export function pendingReason(a: Pick<PendingApprovalItem, "reasonCode" | "reasonText" | "reason">): RequestReason | null {
  if (a.reason !== undefined) return a.reason;
  const code = a.reasonCode;
  if (!code) return null;
  const known = isRefundReason(code);
  const reason =
    known || code === "external" ? { value: known ? REFUND_REASONS[code] : "Made outside Loket", words: { key: `refunds:reasons.${code}` } } : { value: code };
  return { reason, note: refundReasonNote(code, a.reasonText) };
}

/**
 * Refund requests on this order that wait for a second person. They hold no money (a smaller
 * refund may still go through meanwhile), so the agent must see them before refunding again.
 */
export function PendingApprovalBanner({ items, canDecide }: { items: PendingApprovalItem[]; canDecide: boolean }) {
  const { t } = useTranslation("refunds");
  if (items.length === 0) return null;
  // The stored reasonText is English: said from the reason's words instead, as /approvals does.
  const reasonOf = (a: PendingApprovalItem) => {
    const r = pendingReason(a);
    return r ? sayRequestReason(t, r) : a.reasonText;
  };
  return (
    <section
      aria-labelledby="pending-approval-title"
      data-testid="pending-approval"
      className="mb-4 flex items-start gap-3 rounded-md border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-950"
    >
      <Hourglass aria-hidden className="mt-0.5 size-4 shrink-0 text-indigo-700" />
      <div className="min-w-0">
        <h2 id="pending-approval-title" className="font-medium">
          {t("pending.title", { count: items.length })}
        </h2>
        <ul className="mt-1 space-y-1">
          {items.map((a) => (
            <li key={a.id}>
              <Trans
                t={t}
                i18nKey="pending.line"
                values={{ who: a.requesterEmail ?? t("pending.someone") }}
                components={[a.amount !== null ? <Money key="m" minor={a.amount} /> : <span key="m">{t("pending.aRefund")}</span>, <DateTime key="d" value={a.requestedAt} />]}
              />
              {reasonOf(a) ? <> ({reasonOf(a)})</> : null}
              <Trans t={t} i18nKey="pending.expires" components={[<DateTime key="d" value={a.expiresAt} />]} />
              {a.problem ? (
                <span className="mt-0.5 flex items-start gap-1 text-amber-900" data-testid="pending-approval-problem">
                  <AlertTriangle aria-hidden className="mt-0.5 size-3.5 shrink-0" />
                  <span>{translateSentence(t, a.problem)}</span>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
        <p className="mt-1 text-indigo-900">
          {canDecide ? (
            <Trans t={t} i18nKey="pending.footerLink" components={[<Link key="l" to="/approvals" className="font-medium underline" />]} />
          ) : (
            t("pending.footer")
          )}
        </p>
      </div>
    </section>
  );
}

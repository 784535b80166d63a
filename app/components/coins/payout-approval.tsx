import { Coins } from "~/components/ui/icons";
import { Trans, useTranslation } from "react-i18next";
import { formatIdr } from "~/lib/money";

/** What /approvals shows of a single coin payout request (PayoutApprovalInfo from the service). */
export interface CoinPayoutApproval {
  payoutId: string;
  customerId: string;
  customerName: string | null;
  amount: bigint;
  description: string;
  reasonCode: string | null;
  status: string;
}

/** The payout in the approvals table: to whom, why, and what the customer will read. */
export function CoinPayoutSummary({ payout }: { payout: CoinPayoutApproval }) {
  const { t } = useTranslation("coins");
  return (
    <div data-testid="approval-coin-payout">
      <a
        className="inline-flex items-center gap-1 text-brand-700 hover:underline"
        href={`/customers/${payout.customerId}`}
      >
        <Coins aria-hidden className="size-4" />{" "}
        {t("approval.title", { customer: payout.customerName ?? t("approval.theCustomer") })}
      </a>
      <div className="text-slate-500">
        {payout.reasonCode
          ? t(`reasons.${payout.reasonCode as "goodwill"}`, { defaultValue: payout.reasonCode })
          : null}
      </div>
      <div className="max-w-xs text-xs break-words text-slate-600">
        {t("approval.quoted", { description: payout.description })}
      </div>
    </div>
  );
}

export function CoinPayoutApproveText({
  payout,
  requester,
}: {
  payout: CoinPayoutApproval;
  requester: string | null;
}) {
  const { t } = useTranslation("coins");
  return (
    <Trans
      t={t}
      i18nKey="approval.approveText"
      values={{
        amount: formatIdr(payout.amount),
        customer: payout.customerName ?? t("approval.theCustomer"),
        requester: requester ?? "—",
        description: payout.description,
      }}
      components={{ b: <b /> }}
    />
  );
}

export function CoinPayoutRejectText({
  payout,
  requester,
}: {
  payout: CoinPayoutApproval;
  requester: string | null;
}) {
  const { t } = useTranslation("coins");
  return (
    <Trans
      t={t}
      i18nKey="approval.rejectText"
      values={{
        amount: formatIdr(payout.amount),
        customer: payout.customerName ?? t("approval.theCustomer"),
        requester: requester ?? "—",
      }}
      components={{ b: <b /> }}
    />
  );
}

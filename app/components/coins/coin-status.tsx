import { useTranslation } from "react-i18next";
import { Badge, type Tone } from "~/components/ui";
import { say } from "~/lib/words";
import { coinFailureDetail, coinFailureWords } from "./coin-failure";

const TONE: Record<string, Tone> = {
  awaiting_approval: "warning",
  queued: "info",
  paying: "info",
  paid: "success",
  failed: "danger",
  // Unknown is never failed: GoPay may have paid; the same Request-Id settles it.
  unknown: "warning",
  rejected: "neutral",
  cancelled: "neutral",
};

/** A coin payout's status in words (`coins:status.*`); the raw value in data-status for tests. */
export function CoinStatusBadge({ status, code }: { status: string; code?: string | null }) {
  const { t } = useTranslation("coins");
  return (
    <Badge tone={TONE[status] ?? "neutral"}>
      <span data-status={status} title={code ?? status}>
        {t(`status.${status as "paid"}`, { defaultValue: status })}
      </span>
    </Badge>
  );
}

const BATCH_TONE: Record<string, Tone> = {
  pending_approval: "warning",
  approved: "info",
  paying: "info",
  paused: "warning",
  completed: "success",
  rejected: "neutral",
  expired: "neutral",
  cancelled: "neutral",
};

/** A bulk batch's status in words (`coins:batchStatus.*`); the raw value in data-status for tests. */
export function CoinBatchStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation("coins");
  return (
    <Badge tone={BATCH_TONE[status] ?? "neutral"}>
      <span data-status={status} title={status}>
        {t(`batchStatus.${status as "completed"}`, { defaultValue: status })}
      </span>
    </Badge>
  );
}

/**
 * Why a payout is not paid, as a sentence; the stored code and message (technical, English) on
 * hover and in data-code. A code with no sentence shows the stored line as it is.
 */
export function CoinFailureText({ status, code, message, className }: { status: string; code: string | null; message: string | null; className?: string }) {
  const { t } = useTranslation("coins");
  const detail = coinFailureDetail(code, message);
  if (!detail) return null;
  return (
    <div className={className} title={detail} data-code={code ?? undefined}>
      {say(t, coinFailureWords(status, code, message), detail)}
    </div>
  );
}

import { useTranslation } from "react-i18next";
import { Badge, type Tone } from "~/components/ui";

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

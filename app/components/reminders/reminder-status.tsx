import { useTranslation } from "react-i18next";
import { Badge, type Tone } from "~/components/ui";

const TONE: Record<string, Tone> = {
  creating: "info",
  active: "success",
  unknown: "warning",
  deleting: "info",
  deleted: "neutral",
  failed: "danger",
};

/** A reminder's status in words; the raw value in data-status (tests) and, when deleted, why. */
export function ReminderStatus({ status, reason }: { status: string; reason?: string | null }) {
  const { t } = useTranslation("reminders");
  return (
    <Badge tone={TONE[status] ?? "neutral"}>
      <span data-status={status} title={status}>
        {t(`status.${status as "active"}`, { defaultValue: status })}
        {reason && (status === "deleted" || status === "deleting")
          ? ` · ${t(`reason.${reason as "staff"}`, { defaultValue: reason })}`
          : null}
      </span>
    </Badge>
  );
}

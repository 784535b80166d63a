import { useTranslation } from "react-i18next";
import { formatCount } from "~/lib/count";
import { Badge, type Tone } from "~/components/ui";
import { formatWib, formatWibDay } from "~/lib/time";
import type { CampaignProgress, CampaignStatus, Schedule } from "~/services/campaigns/types";

const SEGMENTS = [
  { key: "sent", className: "bg-emerald-500" },
  { key: "failed", className: "bg-red-500" },
  { key: "unknown", className: "bg-violet-500" },
  { key: "skipped", className: "bg-slate-400" },
  { key: "sending", className: "bg-sky-500" },
  { key: "deferred", className: "bg-amber-400" },
  { key: "pending", className: "bg-slate-200" },
] as const;

/** sent / failed / unknown / skipped / sending / deferred / pending as one stacked bar with its legend (counts in words, not colour alone). */
export function DeliveryProgress({
  progress,
  compact = false,
}: {
  progress: CampaignProgress;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation("campaigns");
  const total = Math.max(progress.total, 1);
  const done = progress.sent + progress.failed + progress.skipped + progress.unknown;
  const fmt = (n: number) => formatCount(n, i18n.language);
  const summary =
    progress.unknown > 0
      ? t("delivery.progress.summaryUnknown", {
          done: fmt(done),
          total: fmt(progress.total),
          unknown: fmt(progress.unknown),
        })
      : t("delivery.progress.summary", { done: fmt(done), total: fmt(progress.total) });
  return (
    <div className={compact ? "min-w-40 space-y-1" : "space-y-2"}>
      <div
        role="progressbar"
        aria-label={t("delivery.progress.label")}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={done}
        aria-valuetext={summary}
        className={`flex w-full overflow-hidden rounded-full bg-slate-100 ${compact ? "h-1.5" : "h-3"}`}
      >
        {SEGMENTS.map((s) =>
          progress[s.key] > 0 ? (
            <div
              key={s.key}
              className={s.className}
              style={{ width: `${(progress[s.key] / total) * 100}%` }}
            />
          ) : null,
        )}
      </div>
      {compact ? (
        <p className="text-xs text-slate-600 tabular-nums">{summary}</p>
      ) : (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
          {SEGMENTS.map((s) => (
            <li key={s.key} className="flex items-center gap-1.5 tabular-nums">
              <span aria-hidden className={`inline-block size-2.5 rounded-full ${s.className}`} />
              {t(`delivery.progress.${s.key}`)}: <span className="font-medium">{fmt(progress[s.key])}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const STATUS_TONE: Record<CampaignStatus, Tone> = {
  draft: "neutral",
  scheduled: "info",
  sending: "brand",
  paused: "warning",
  completed: "success",
  cancelled: "neutral",
  failed: "danger",
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation("campaigns");
  return (
    <Badge tone={STATUS_TONE[status]}>
      <span data-status={status}>{t(`delivery.status.${status}`)}</span>
    </Badge>
  );
}

/** The schedule in words; instants in WIB. */
export function ScheduleText({
  schedule,
  scheduledAt,
}: {
  schedule: Schedule | null;
  scheduledAt: Date | string | null;
}) {
  const { t, i18n } = useTranslation("campaigns");
  if (!schedule) return <>{t("delivery.schedule.none")}</>;
  if (schedule.mode === "now")
    return <>{scheduledAt ? formatWib(scheduledAt, i18n.language) : t("delivery.schedule.now")}</>;
  if (schedule.mode === "at")
    return (
      <>{t("delivery.schedule.at", { when: formatWib(schedule.at, i18n.language), zone: schedule.zone })}</>
    );
  return <>{t("delivery.schedule.local", { date: formatWibDay(schedule.date, i18n.language), time: schedule.time })}</>;
}

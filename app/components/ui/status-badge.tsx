import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { memoByKey } from "~/lib/memo";
import type enCommon from "~/locales/en/common";
import { cx } from "./cx";
import { statusLabel, statusTone, type Tone } from "./status";

// The pill's look is one component class per tone (app/styles.css): a list page repeats it per row.
const toneClasses: Record<Tone, string> = {
  neutral: "badge badge-neutral",
  success: "badge badge-success",
  warning: "badge badge-warning",
  danger: "badge badge-danger",
  info: "badge badge-info",
  brand: "badge badge-brand",
};

/** The pill's classes, for a pill that carries its own attributes (e.g. `data-result`). */
export function badgeClasses(tone: Tone = "neutral"): string {
  return toneClasses[tone];
}

export function Badge({ tone = "neutral", children, className }: { tone?: Tone; children: React.ReactNode; className?: string }) {
  return <span className={cx(toneClasses[tone], className)}>{children}</span>;
}

/**
 * A status's label in the page's language, translated once per status per render (a table asks
 * for the same few statuses on every row).
 */
export function useStatusLabel(): (status: string) => string {
  const { t } = useTranslation();
  return useMemo(
    () =>
      memoByKey((status) => {
        const key = status.toLowerCase() as keyof typeof enCommon.status;
        return t(`status.${key}`, { defaultValue: statusLabel(status) });
      }),
    [t],
  );
}

/**
 * A status as a coloured pill; the raw value (or `code`) stays in `data-status` for tests and the
 * title for experts. `label`: the word already translated (tables pass `useStatusLabel()`'s).
 */
export function StatusPill({ status, label, code, className }: { status: string; label: string; code?: string; className?: string }) {
  // `code`: the raw value the word stands for (e.g. GoPay's "03"), for whoever hovers.
  return (
    <span className={cx(toneClasses[statusTone(status)], className)} data-status={status} data-code={code} title={code ?? status}>
      {label}
    </span>
  );
}

/** {@link StatusPill} that translates its own label (one status on a page; in tables use StatusPill). */
export function StatusBadge({ status, code, className }: { status: string; code?: string; className?: string }) {
  const label = useStatusLabel()(status);
  return <StatusPill status={status} label={label} code={code} className={className} />;
}

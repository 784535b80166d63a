import { useTranslation } from "react-i18next";
import type enCommon from "~/locales/en/common";
import { cx } from "./cx";
import { statusLabel, statusTone, type Tone } from "./status";

const toneClasses: Record<Tone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-500/20",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  warning: "bg-amber-50 text-amber-800 ring-amber-600/25",
  danger: "bg-red-50 text-red-700 ring-red-600/20",
  info: "bg-sky-50 text-sky-800 ring-sky-600/20",
  brand: "bg-brand-50 text-brand-700 ring-brand-600/20",
};

export function Badge({ tone = "neutral", children, className }: { tone?: Tone; children: React.ReactNode; className?: string }) {
  return (
    <span
      className={cx(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        toneClasses[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

/** A status as a coloured pill; the raw value (or `code`) stays in `data-status` for tests and the title for experts. */
export function StatusBadge({ status, code, className }: { status: string; code?: string; className?: string }) {
  const { t } = useTranslation();
  const key = status.toLowerCase() as keyof typeof enCommon.status;
  return (
    <Badge tone={statusTone(status)} className={className}>
      {/* `code`: the raw value the word stands for (e.g. GoPay's "03"), for whoever hovers. */}
      <span data-status={status} data-code={code} title={code ?? status}>
        {t(`status.${key}`, { defaultValue: statusLabel(status) })}
      </span>
    </Badge>
  );
}

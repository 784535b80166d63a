import { Link } from "@remix-run/react";
import { ArrowRight, type LucideIcon } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { cx } from "~/components/ui/cx";

/**
 * One headline figure (KPI): label, the number, a line of context, and the link to the list that
 * explains it. The link is the card's footer so its name says where it goes.
 */
export function StatCard({
  label,
  icon: Icon,
  value,
  detail,
  link,
  tone = "neutral",
  testId,
}: {
  label: string;
  icon: LucideIcon;
  value: React.ReactNode;
  detail?: React.ReactNode;
  link?: { to: string; label: string };
  tone?: "neutral" | "warning" | "danger";
  testId?: string;
}) {
  return (
    <section
      aria-label={label}
      data-testid={testId}
      className="flex flex-col rounded-lg border border-slate-200 bg-white shadow-xs"
    >
      <div className="flex-1 px-4 pt-4 pb-3">
        <h2 className="flex items-center gap-2 text-sm font-medium text-slate-600">
          <Icon
            aria-hidden
            className={cx(
              "size-4",
              tone === "danger" ? "text-red-600" : tone === "warning" ? "text-amber-600" : "text-slate-400",
            )}
          />
          {label}
        </h2>
        <div className="mt-2 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</div>
        {detail ? <div className="mt-1 text-sm text-slate-600">{detail}</div> : null}
      </div>
      {link ? (
        <Link
          to={link.to}
          className="group flex items-center justify-between rounded-b-lg border-t border-slate-100 px-4 py-2.5 text-sm font-medium text-brand-700 hover:bg-slate-50"
        >
          {link.label}
          <ArrowRight aria-hidden className="size-4 transition-transform group-hover:translate-x-0.5" />
        </Link>
      ) : null}
    </section>
  );
}

/** `+12.5%` / `−4%` against a comparison, coloured by direction; nothing when there is nothing to compare. */
export function Delta({ percent }: { percent: number | undefined }) {
  const { i18n } = useTranslation();
  if (percent === undefined) return null;
  const up = percent > 0;
  const flat = percent === 0;
  const text = `${up ? "+" : flat ? "±" : "−"}${Math.abs(percent).toLocaleString(i18n.language === "id" ? "id-ID" : "en-GB", { maximumFractionDigits: 1 })}%`;
  return (
    <span
      className={cx(
        "mr-1.5 inline-flex items-center rounded px-1.5 py-0.5 align-middle text-xs font-medium",
        flat ? "bg-slate-100 text-slate-700" : up ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-700",
      )}
    >
      {text}
    </span>
  );
}

import { Bell, CircleDollarSign, FilePlus2, Lock, RotateCcw, Zap, type LucideIcon } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Badge, DateTime, EmptyState, Money, StatusBadge } from "~/components/ui";
import { say } from "~/lib/words";
import type { TimelineEntry, TimelineKind } from "~/services/orders/timeline.server";

const ICONS: Record<TimelineKind, LucideIcon> = {
  created: FilePlus2,
  notification: Bell,
  operation: Zap,
  refund: RotateCcw,
  hold: Lock,
  event: CircleDollarSign,
};

// The service's English fact labels, flags and values (stable constants in timeline.server.ts) → keys.
const FACTS: Record<string, string> = {
  Channel: "channel",
  "External id": "externalId",
  Signature: "signature",
  Reference: "reference",
  Applied: "applied",
  "Apply error": "applyError",
  "Idempotency key": "idempotencyKey",
  "Response code": "responseCode",
  Error: "error",
  Attempts: "attempts",
  Reason: "reason",
  "Partner refund no": "partnerRefundNo",
  "GoPay refund no": "gopayRefundNo",
  Failure: "failure",
  Expires: "expires",
  Kind: "kind",
};
const FLAGS: Record<string, string> = {
  duplicate: "duplicate",
  "out of order": "outOfOrder",
  "bad signature": "badSignature",
  "apply failed": "applyFailed",
  "outcome unknown": "outcomeUnknown",
};
// Only the words Loket writes; codes, GoPay's messages and ids stay as they are.
const VALUES: Record<string, string> = { valid: "valid", yes: "yes", no: "no" };

/** The order's story, newest first; raw payloads fold away in <details> (keyboard-operable). */
export function OrderTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation("orders");
  const word = (table: Record<string, string>, prefix: string, english: string) =>
    table[english] ? say(t, { key: `orders:timeline.${prefix}.${table[english]}` }, english) : english;
  const flag = (f: string) => word(FLAGS, "flag", f);
  const factLabel = (label: string) => word(FACTS, "fact", label);
  const factValue = (value: string) => word(VALUES, "value", value);
  if (entries.length === 0) return <EmptyState title={t("timeline.empty")} />;
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-6" aria-label={t("timeline.label")}>
      {entries.map((e) => {
        const Icon = ICONS[e.kind];
        return (
          <li key={e.key} className="relative" data-kind={e.kind}>
            <span className="absolute top-0.5 -left-[35px] flex size-6 items-center justify-center rounded-full bg-white ring-1 ring-slate-300">
              <Icon aria-hidden className="size-3.5 text-slate-600" />
            </span>
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm font-medium text-slate-900">{say(t, e.titleWords, e.title)}</span>
              {e.status ? <StatusBadge status={e.status} /> : null}
              {e.amount !== undefined && e.amount !== null ? (
                <span className="text-sm tabular-nums text-slate-800">
                  <Money minor={e.amount} />
                </span>
              ) : null}
              {e.flags.map((f) => (
                <Badge key={f} tone={f === "duplicate" || f === "out of order" ? "warning" : "danger"}>
                  {flag(f)}
                </Badge>
              ))}
            </div>
            <p className="mt-0.5 text-xs text-slate-500">
              <DateTime value={e.at} />
              {e.actor ? t("timeline.by", { actor: e.actor }) : ""}
            </p>
            {e.facts.length ? (
              <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-slate-600">
                {e.facts.map((f) => (
                  <div key={f.label} className="flex gap-1">
                    <dt>{factLabel(f.label)}:</dt>
                    <dd className="font-mono break-all text-slate-800">{factValue(f.value)}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {e.raw ? (
              <details className="mt-1 text-xs">
                <summary className="cursor-pointer text-brand-700 hover:underline">{t("timeline.raw")}</summary>
                <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-900 p-3 text-[11px] leading-relaxed text-slate-100">{e.raw}</pre>
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

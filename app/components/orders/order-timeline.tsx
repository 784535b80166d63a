import { Bell, CircleDollarSign, FilePlus2, Lock, RotateCcw, Zap, type LucideIcon } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { Badge, DateTime, EmptyState, Money, StatusBadge } from "~/components/ui";
import { translateSentence } from "~/lib/sentences";
import { say } from "~/lib/words";
import type { TimelineEntry, TimelineFact, TimelineKind } from "~/services/orders/timeline.server";

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
  Note: "note",
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
// Facts whose value may be one of Loket's English sentences (app/lib/sentences.ts: a refund's
// failure, e.g. "GoPay cannot find this payment."); one it does not know stays as written.
const SENTENCE_FACTS = new Set(["Failure", "Error", "Apply error"]);

/** A fact's value in the page's language, or null when it is a code, an id or free text kept as written. */
export function factWords(t: unknown, f: TimelineFact): string | null {
  if (f.words) return say(t, f.words, f.value);
  if (SENTENCE_FACTS.has(f.label)) {
    const said = translateSentence(t, f.value);
    return said === f.value ? null : said;
  }
  return null;
}

/** A GoPay response code (SNAP 2005400, Core 200/412) said by its HTTP class; the code stays on hover. */
function answerKey(code: string): "accepted" | "refused" | "error" | "other" {
  const c = code[0];
  return c === "2" ? "accepted" : c === "4" ? "refused" : c === "5" ? "error" : "other";
}

/**
 * The order's story, newest first. An action (a refund: its GoPay call, result, status change and
 * GoPay's notification) is one entry whose steps fold away in <details>; raw payloads too. Both
 * are native disclosures: Tab reaches the summary, Enter/Space opens it.
 */
export function OrderTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation("orders");
  if (entries.length === 0) return <EmptyState title={t("timeline.empty")} />;
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-6" aria-label={t("timeline.label")}>
      {entries.map((e) => (
        <Entry key={e.key} entry={e} />
      ))}
    </ol>
  );
}

function Entry({ entry: e, step = false }: { entry: TimelineEntry; step?: boolean }) {
  const { t } = useTranslation("orders");
  const word = (table: Record<string, string>, prefix: string, english: string) =>
    table[english] ? say(t, { key: `orders:timeline.${prefix}.${table[english]}` }, english) : english;
  const flag = (f: string) => word(FLAGS, "flag", f);
  const factLabel = (label: string) => word(FACTS, "fact", label);
  const factValue = (value: string) => word(VALUES, "value", value);
  const Icon = ICONS[e.kind];
  return (
    <li className="relative" data-kind={e.kind} data-code={e.code}>
      <span
        className={
          step
            ? "absolute top-1 -left-[27px] flex size-4 items-center justify-center rounded-full bg-white ring-1 ring-slate-300"
            : "absolute top-0.5 -left-[35px] flex size-6 items-center justify-center rounded-full bg-white ring-1 ring-slate-300"
        }
      >
        <Icon aria-hidden className={step ? "size-2.5 text-slate-500" : "size-3.5 text-slate-600"} />
      </span>
      <div className="flex flex-wrap items-center gap-2">
        <span className={step ? "text-[13px] text-slate-800" : "text-sm font-medium text-slate-900"} title={e.code}>
          {say(t, e.titleWords, e.title)}
        </span>
        {e.status ? (
          <StatusBadge
            status={e.status}
            code={e.kind === "notification" && e.code ? t("timeline.codeHint", { code: e.code }) : undefined}
          />
        ) : null}
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
          {e.facts.map((f) => {
            const said = f.label === "Response code" ? null : factWords(t, f);
            return (
              <div key={f.label} className="flex gap-1">
                <dt>{factLabel(f.label)}:</dt>
                {f.label === "Response code" ? (
                  <dd className="text-slate-800" title={t("timeline.codeHint", { code: f.value })} data-code={f.value}>
                    {t(`timeline.answer.${answerKey(f.value)}`)}
                  </dd>
                ) : f.at ? (
                  <dd className="text-slate-800">
                    <DateTime value={f.at} />
                  </dd>
                ) : said !== null ? (
                  // Said in words; what is stored (a code, Loket's English sentence) on hover.
                  <dd className="break-words text-slate-800" title={f.value}>
                    {said}
                  </dd>
                ) : (
                  <dd className="font-mono break-all text-slate-800">{factValue(f.value)}</dd>
                )}
              </div>
            );
          })}
        </dl>
      ) : null}
      {e.raw ? (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-brand-700 hover:underline">{t("timeline.raw")}</summary>
          <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-900 p-3 text-[11px] leading-relaxed text-slate-100">{e.raw}</pre>
        </details>
      ) : null}
      {e.steps?.length ? (
        <details className="mt-1.5 text-xs" data-testid="timeline-steps">
          <summary className="cursor-pointer font-medium text-brand-700 hover:underline">
            {t("timeline.steps", { count: e.steps.length })}
          </summary>
          <ol className="mt-2 space-y-3 border-l border-dashed border-slate-300 pl-5" aria-label={t("timeline.stepsLabel")}>
            {e.steps.map((s) => (
              <Entry key={s.key} entry={s} step />
            ))}
          </ol>
        </details>
      ) : null}
    </li>
  );
}

import { Form, Link, useLocation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Badge, Button, DateTime, Money, type Tone } from "~/components/ui";
import { withParams } from "~/components/ui/pagination";
import { useStatusLabel } from "~/components/ui/status-badge";
import { formatIdr } from "~/lib/money";
import { DIFFERENCE_KINDS, type DifferenceKind } from "~/services/reconciliation/kinds";

export interface DifferenceView {
  id: string;
  kind: string;
  status: "open" | "resolved" | "ignored";
  details: Record<string, string | number | boolean | null>;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  orderUuid: string;
  orderId: string;
  channel: string;
  amount: string;
}

const DIFFERENCE_STATUSES = ["open", "resolved", "ignored"] as const;
const STATUS_TONE: Record<DifferenceView["status"], Tone> = {
  open: "warning",
  resolved: "success",
  ignored: "neutral",
};
const MONEY_FIELDS = ["gopayAmount", "loketAmount", "gopayRefunded", "loketRefunded", "missing", "extra"];

// Loket's own order statuses in the details (compare.ts): said as the order's status badge says them.
const LOKET_STATUS_FIELDS = ["loketStatus", "expected"];
type AnyT = (key: string, options?: Record<string, unknown>) => string;

/**
 * The difference in words: its kind's sentence with the details (amounts as Rupiah; Loket's
 * statuses by the badge's label, lower case inside the sentence; GoPay's statuses as GoPay sent them).
 * `t`: the finance namespace's; `statusLabel`: useStatusLabel()'s.
 */
export function explainDifference(t: unknown, statusLabel: (status: string) => string, d: Pick<DifferenceView, "kind" | "details">): string {
  const say = t as AnyT;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(d.details)) {
    if (v === null || v === undefined) continue;
    params[k] =
      MONEY_FIELDS.includes(k) && typeof v === "string" && /^-?\d+$/.test(v)
        ? formatIdr(BigInt(v))
        : LOKET_STATUS_FIELDS.includes(k) && typeof v === "string"
          ? statusLabel(v).toLowerCase()
          : typeof v === "boolean"
            ? String(v)
            : v;
  }
  const sentence = say(`reconciliation.why.${d.kind}`, params);
  return d.details.notificationReceived === false && d.kind !== "notification_missing"
    ? `${sentence} ${say("reconciliation.why.noNotification")}`
    : sentence;
}

export function useExplanation() {
  const { t } = useTranslation("finance");
  const statusLabel = useStatusLabel();
  return (d: Pick<DifferenceView, "kind" | "details">) => explainDifference(t, statusLabel, d);
}

export function DifferenceFilters({ kind, status }: { kind: string; status: string }) {
  const { t } = useTranslation("finance");
  const location = useLocation();
  const run = new URLSearchParams(location.search).get("run");
  return (
    <Form
      method="get"
      className="flex flex-wrap items-end gap-3"
      aria-label={t("reconciliation.results.title")}
    >
      {run ? <input type="hidden" name="run" value={run} /> : null}
      <label className="text-sm">
        <span className="block text-xs font-medium text-slate-600">
          {t("reconciliation.results.filters.kind")}
        </span>
        <select
          name="kind"
          defaultValue={kind}
          className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        >
          <option value="">{t("reconciliation.results.filters.all")}</option>
          {DIFFERENCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`reconciliation.kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="block text-xs font-medium text-slate-600">
          {t("reconciliation.results.filters.status")}
        </span>
        <select
          name="status"
          defaultValue={status}
          className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        >
          <option value="all">{t("reconciliation.results.filters.all")}</option>
          {DIFFERENCE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`reconciliation.results.statuses.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <Button type="submit" size="sm" variant="secondary">
        {t("reconciliation.results.filters.apply")}
      </Button>
    </Form>
  );
}

export function DifferencesTable({
  rows,
  canReconcile,
  emptyText,
}: {
  rows: DifferenceView[];
  canReconcile: boolean;
  emptyText: string;
}) {
  const { t } = useTranslation("finance");
  const location = useLocation();
  const explain = useExplanation();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const open = rows.filter((r) => r.status === "open");
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  if (rows.length === 0)
    return (
      <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
        {emptyText}
      </p>
    );
  return (
    <div className="space-y-2">
      {canReconcile && open.length > 0 ? (
        <Form method="post" id="recon-bulk" className="flex flex-wrap items-center gap-2">
          <Button type="submit" size="sm" name="intent" value="resolve" disabled={selected.size === 0}>
            {t("reconciliation.results.resyncSelected", { count: selected.size })}
          </Button>
          <Button
            type="submit"
            size="sm"
            variant="secondary"
            name="intent"
            value="ignore"
            disabled={selected.size === 0}
          >
            {t("reconciliation.results.ignoreSelected")}
          </Button>
        </Form>
      ) : null}
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" data-testid="recon-differences">
          <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-600">
            <tr>
              {canReconcile ? (
                <th className="w-8 px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label={t("reconciliation.results.selectAll")}
                    checked={open.length > 0 && open.every((r) => selected.has(r.id))}
                    onChange={(e) =>
                      setSelected(e.target.checked ? new Set(open.map((r) => r.id)) : new Set())
                    }
                  />
                </th>
              ) : null}
              <th className="px-3 py-2">{t("reconciliation.results.columns.order")}</th>
              <th className="px-3 py-2">{t("reconciliation.results.columns.kind")}</th>
              <th className="px-3 py-2">{t("reconciliation.results.columns.explanation")}</th>
              <th className="px-3 py-2">{t("reconciliation.results.columns.status")}</th>
              <th className="px-3 py-2">{t("reconciliation.results.columns.found")}</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.id} data-kind={r.kind} data-status={r.status} data-order={r.orderId}>
                {canReconcile ? (
                  <td className="px-3 py-2">
                    {r.status === "open" ? (
                      <input
                        type="checkbox"
                        form="recon-bulk"
                        name="ids"
                        value={r.id}
                        checked={selected.has(r.id)}
                        onChange={() => toggle(r.id)}
                        aria-label={t("reconciliation.results.select", { order: r.orderId })}
                      />
                    ) : null}
                  </td>
                ) : null}
                <td className="px-3 py-2">
                  <Link
                    to={`/orders/${encodeURIComponent(r.orderId)}`}
                    className="font-mono text-xs text-brand-700 hover:underline"
                  >
                    {r.orderId}
                  </Link>
                  <div className="text-xs text-slate-500">
                    <Money minor={BigInt(r.amount)} />
                  </div>
                </td>
                <td className="px-3 py-2 font-medium">
                  {t(`reconciliation.kinds.${r.kind as DifferenceKind}`)}
                </td>
                <td className="max-w-md px-3 py-2 text-slate-700">{explain(r)}</td>
                <td className="px-3 py-2">
                  <Badge tone={STATUS_TONE[r.status]}>
                    {t(`reconciliation.results.statuses.${r.status}`)}
                  </Badge>
                  {r.resolvedBy ? (
                    <div className="mt-1 text-xs text-slate-500">
                      {t("reconciliation.results.resolvedBy", { who: r.resolvedBy })}
                    </div>
                  ) : null}
                </td>
                <td className="px-3 py-2">
                  <DateTime value={r.createdAt} />
                </td>
                <td className="px-3 py-2">
                  <div className="flex flex-wrap gap-2">
                    {canReconcile && r.status === "open" ? (
                      <Form method="post">
                        <input type="hidden" name="ids" value={r.id} />
                        <Button type="submit" size="sm" name="intent" value="resolve">
                          {t("reconciliation.results.resync")}
                        </Button>
                      </Form>
                    ) : null}
                    <Link
                      className="inline-flex items-center rounded-md px-2 py-1 text-sm text-brand-700 hover:bg-brand-50"
                      to={`/finance/reconciliation${withParams(location.search, { explain: r.orderUuid })}`}
                      preventScrollReset
                    >
                      {t("reconciliation.results.explain")}
                    </Link>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** "Explain": Loket's side and GoPay's raw status answer, side by side. */
export function ExplainPanel({
  orderId,
  result,
  closeHref,
}: {
  orderId: string;
  result: { loket: unknown; gopay: unknown; error: string | null };
  closeHref: string;
}) {
  const { t } = useTranslation("finance");
  return (
    <section aria-labelledby="recon-explain" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex items-center justify-between">
        <h3 id="recon-explain" className="text-sm font-semibold">
          {t("reconciliation.explain.title", { order: orderId })}
        </h3>
        <Link to={closeHref} preventScrollReset className="text-sm text-brand-700 hover:underline">
          {t("reconciliation.results.hideExplain")}
        </Link>
      </div>
      <div className="mt-3 grid gap-3 md:grid-cols-2">
        <div>
          <h4 className="text-xs font-semibold text-slate-600">{t("reconciliation.explain.loket")}</h4>
          <pre
            className="mt-1 max-h-96 overflow-auto rounded bg-slate-50 p-2 text-xs"
            data-testid="explain-loket"
          >
            {JSON.stringify(result.loket, null, 2)}
          </pre>
        </div>
        <div>
          <h4 className="text-xs font-semibold text-slate-600">{t("reconciliation.explain.gopay")}</h4>
          {result.error ? (
            <p className="mt-1 text-sm text-red-700">
              {t("reconciliation.explain.noAnswer", { error: result.error })}
            </p>
          ) : null}
          <pre
            className="mt-1 max-h-96 overflow-auto rounded bg-slate-50 p-2 text-xs"
            data-testid="explain-gopay"
          >
            {JSON.stringify(result.gopay, null, 2)}
          </pre>
        </div>
      </div>
    </section>
  );
}

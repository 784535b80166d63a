import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect } from "react";
import { useQuietRevalidate } from "~/lib/quiet-revalidate";
import { useTranslation } from "react-i18next";
import { daysLabel } from "~/services/reports/period-words";
import { Badge, Button, ConfirmDialog, DateTime, type Tone } from "~/components/ui";
import { withParams } from "~/components/ui/pagination";

export interface RunView {
  id: string;
  kind: "manual" | "daily";
  rangeFrom: string;
  rangeTo: string;
  status: "queued" | "running" | "paused" | "completed" | "failed" | "cancelled";
  throttlePerSecond: number;
  total: number;
  checked: number;
  differences: number;
  createdAt: string;
  lastError: string | null;
  startedBy: string | null;
}

const TONE: Record<RunView["status"], Tone> = {
  queued: "info",
  running: "brand",
  paused: "warning",
  completed: "success",
  failed: "danger",
  cancelled: "neutral",
};

/** A run's WIB days as every other page writes dates: `21 Nov 2026`, `1 Nov 2026 – 21 Nov 2026`. */
export const rangeText = (r: { rangeFrom: string; rangeTo: string }, lng: string) => daysLabel(r.rangeFrom, r.rangeTo, lng);

/** While a run is queued or running, the page reloads its data every 2 s: the live progress bar. */
export function useLiveRuns(runs: RunView[]) {
  const revalidate = useQuietRevalidate();
  const live = runs.some((r) => r.status === "queued" || r.status === "running");
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(revalidate, 2000);
    return () => clearInterval(timer);
  }, [live, revalidate]);
}

export function RunProgress({ run }: { run: Pick<RunView, "checked" | "total" | "status"> }) {
  const { t } = useTranslation("finance");
  const total = Math.max(run.total, run.checked);
  const pct = total === 0 ? (run.status === "completed" ? 100 : 0) : Math.round((run.checked / total) * 100);
  const label = t("reconciliation.runs.progress", { checked: run.checked, total });
  return (
    <div className="min-w-40">
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-label={label}
        className="h-2 w-full overflow-hidden rounded bg-slate-100"
      >
        <div className="h-full bg-brand-600 transition-all" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-600">{label}</p>
    </div>
  );
}

export function RunsTable({
  runs,
  selected,
  canReconcile,
}: {
  runs: RunView[];
  selected: string | null;
  canReconcile: boolean;
}) {
  const { t, i18n } = useTranslation("finance");
  const location = useLocation();
  useLiveRuns(runs);
  if (runs.length === 0) return <p className="text-sm text-slate-600">{t("reconciliation.runs.empty")}</p>;
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-sm" data-testid="recon-runs">
        <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-600">
          <tr>
            <th className="px-3 py-2">{t("reconciliation.runs.columns.range")}</th>
            <th className="px-3 py-2">{t("reconciliation.runs.columns.kind")}</th>
            <th className="px-3 py-2">{t("reconciliation.runs.columns.status")}</th>
            <th className="px-3 py-2">{t("reconciliation.runs.columns.progress")}</th>
            <th className="px-3 py-2 text-right">{t("reconciliation.runs.columns.differences")}</th>
            <th className="px-3 py-2">{t("reconciliation.runs.columns.startedBy")}</th>
            <th className="px-3 py-2">{t("reconciliation.runs.columns.created")}</th>
            {canReconcile ? <th className="px-3 py-2" /> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((r) => (
            <tr
              key={r.id}
              data-run={r.id}
              data-status={r.status}
              className={r.id === selected ? "bg-brand-50/50" : undefined}
            >
              <td className="px-3 py-2">
                <Link
                  className="font-medium text-brand-700 underline-offset-2 hover:underline"
                  to={`/finance/reconciliation${withParams(location.search, { run: r.id, after: null, explain: null })}`}
                  aria-current={r.id === selected ? "true" : undefined}
                >
                  {rangeText(r, i18n.language)}
                </Link>
              </td>
              <td className="px-3 py-2">{t(`reconciliation.runs.kinds.${r.kind}`)}</td>
              <td className="px-3 py-2">
                <Badge tone={TONE[r.status]}>{t(`reconciliation.runs.statuses.${r.status}`)}</Badge>
                <div className="mt-1 text-xs text-slate-500">
                  {r.throttlePerSecond
                    ? t("reconciliation.runs.rate", { n: r.throttlePerSecond })
                    : t("reconciliation.runs.unthrottled")}
                </div>
                {r.lastError ? (
                  <div className="mt-1 max-w-64 truncate text-xs text-red-700" title={r.lastError}>
                    {t("reconciliation.runs.lastError", { message: r.lastError })}
                  </div>
                ) : null}
              </td>
              <td className="px-3 py-2">
                <RunProgress run={r} />
              </td>
              <td className="px-3 py-2 text-right tabular-nums" data-testid="run-differences">
                {r.differences}
              </td>
              <td className="px-3 py-2">{r.startedBy ?? t("reconciliation.runs.scheduler")}</td>
              <td className="px-3 py-2">
                <DateTime value={r.createdAt} />
              </td>
              {canReconcile ? (
                <td className="px-3 py-2">
                  <Form method="post" className="flex gap-2">
                    <input type="hidden" name="runId" value={r.id} />
                    {r.status === "queued" || r.status === "running" ? (
                      <Button size="sm" variant="secondary" type="submit" name="intent" value="pause">
                        {t("reconciliation.runs.pause")}
                      </Button>
                    ) : null}
                    {r.status === "paused" || r.status === "failed" ? (
                      <Button size="sm" variant="secondary" type="submit" name="intent" value="resume">
                        {t("reconciliation.runs.resume")}
                      </Button>
                    ) : null}
                  </Form>
                  {r.status !== "completed" && r.status !== "cancelled" ? (
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost" className="mt-1">
                          {t("reconciliation.runs.cancel")}
                        </Button>
                      }
                      title={t("reconciliation.runs.cancel")}
                      description={`${rangeText(r, i18n.language)} — ${t("reconciliation.runs.progress", { checked: r.checked, total: Math.max(r.total, r.checked) })}. ${t("reconciliation.runs.cancelConfirm")}`}
                      confirmLabel={t("reconciliation.runs.cancel")}
                      danger
                      intent="cancel"
                      hidden={{ runId: r.id }}
                    />
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

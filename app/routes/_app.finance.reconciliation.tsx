import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { DifferenceFilters, DifferencesTable, ExplainPanel } from "~/components/reconciliation/differences";
import { rangeText, RunsTable } from "~/components/reconciliation/runs";
import { Button, Card, DayInput, Field, Input, PageHeader, StaleCursorNotice } from "~/components/ui";
import { withParams } from "~/components/ui/pagination";
import { fieldError, formError, type ActionData } from "~/lib/action-data";
import { reconciliationAction, reconciliationLoader } from "./_app.finance.reconciliation.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("finance:reconciliation.title"));
export const loader = reconciliationLoader;
const AFTER = "after";
export const action = reconciliationAction;

export default function ReconciliationPage() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<ActionData>();
  const { t, i18n } = useTranslation("finance");
  const location = useLocation();
  const navigation = useNavigation();
  const starting = navigation.state === "submitting" && navigation.formData?.get("intent") === "start";
  // On a later page (a cursor in use): "First page" leads back. Not for a cursor that could not be used.
  const paged = Boolean(new URLSearchParams(location.search).get(AFTER)) && !data.staleCursor;
  const explainRow = data.explain
    ? data.rows.find((r) => r.orderUuid === data.explain!.orderUuid)
    : undefined;
  return (
    <div className="space-y-6">
      <PageHeader title={t("reconciliation.title")} description={t("reconciliation.description")} />
      {data.canReconcile ? (
        <Card title={t("reconciliation.start.title")}>
          <Form method="post" className="flex flex-wrap items-end gap-3" noValidate>
            <input type="hidden" name="intent" value="start" />
            <Field
              label={t("reconciliation.start.from")}
              error={answer?.intent === "start" ? fieldError(answer, "from") : undefined}
            >
              <DayInput name="from" defaultValue={data.defaults.from} required />
            </Field>
            <Field
              label={t("reconciliation.start.to")}
              error={answer?.intent === "start" ? fieldError(answer, "to") : undefined}
            >
              <DayInput name="to" defaultValue={data.defaults.to} required />
            </Field>
            <Field
              label={t("reconciliation.start.throttle")}
              hint={t("reconciliation.start.throttleHelp", { n: data.defaults.throttle })}
              error={answer?.intent === "start" ? fieldError(answer, "throttle") : undefined}
            >
              <Input
                name="throttle"
                type="number"
                min={1}
                max={data.defaults.maxThrottle}
                defaultValue={data.defaults.throttle}
                className="w-28"
              />
            </Field>
            <Button type="submit" pending={starting}>
              {t("reconciliation.start.submit")}
            </Button>
          </Form>
        </Card>
      ) : null}
      {answer && answer.intent !== "start" && formError(answer) ? (
        <p role="alert" className="text-sm text-red-700">
          {formError(answer)}
        </p>
      ) : null}
      <section aria-labelledby="recon-runs" className="space-y-2">
        <h2 id="recon-runs" className="text-base font-semibold">
          {t("reconciliation.runs.title")}
        </h2>
        <RunsTable runs={data.runs} selected={data.run?.id ?? null} canReconcile={data.canReconcile} />
      </section>
      {data.run ? (
        <section aria-labelledby="recon-results" className="space-y-3">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 id="recon-results" className="text-base font-semibold">
                {t("reconciliation.results.title")} ·{" "}
                {t("reconciliation.results.run", { range: rangeText(data.run, i18n.language) })}
              </h2>
              {data.counts ? (
                <p className="text-xs text-slate-600" data-testid="recon-counts">
                  {t("reconciliation.results.statuses.open")}: {data.counts.open} ·{" "}
                  {t("reconciliation.results.statuses.resolved")}: {data.counts.resolved} ·{" "}
                  {t("reconciliation.results.statuses.ignored")}: {data.counts.ignored}
                  {data.counts.notChecked
                    ? ` · ${t("reconciliation.results.notChecked", { count: data.counts.notChecked })}`
                    : ""}
                </p>
              ) : null}
            </div>
            {data.canExport ? (
              <a
                className="inline-flex items-center rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
                href={`/finance/reconciliation/export.csv${withParams("", { run: data.run.id, kind: data.filters.kind || null, status: data.filters.status === "all" ? null : data.filters.status })}`}
                download
              >
                {t("reconciliation.results.export")}
              </a>
            ) : null}
          </div>
          <DifferenceFilters kind={data.filters.kind} status={data.filters.status} />
          {data.explain ? (
            <ExplainPanel
              orderId={explainRow?.orderId ?? ""}
              result={data.explain.result}
              closeHref={`/finance/reconciliation${withParams(location.search, { explain: null })}`}
            />
          ) : null}
          <StaleCursorNotice show={data.staleCursor} />
          <DifferencesTable
            rows={data.rows}
            canReconcile={data.canReconcile}
            emptyText={
              data.filters.status === "open"
                ? t("reconciliation.results.emptyOpen")
                : t("reconciliation.results.empty")
            }
          />
          <nav className="flex gap-3 text-sm" aria-label={t("reconciliation.results.title")}>
            {paged ? (
              <Link
                className="text-brand-700 hover:underline"
                to={`/finance/reconciliation${withParams(location.search, { after: null, explain: null })}`}
              >
                {t("reconciliation.results.first")}
              </Link>
            ) : null}
            {data.nextAfter ? (
              <Link
                className="text-brand-700 hover:underline"
                to={`/finance/reconciliation${withParams(location.search, { after: data.nextAfter, explain: null })}`}
              >
                {t("reconciliation.results.more")}
              </Link>
            ) : null}
          </nav>
        </section>
      ) : null}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { useAutoRevalidate } from "~/components/accounts/use-auto-revalidate";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { Button, DataTable, DateTime, DayInput, EmptyState, Field, Input, PageHeader, Pagination, Select, StaleCursorNotice, buttonClasses, type Column } from "~/components/ui";
import { db } from "~/db/client.server";
import { exportHref } from "~/lib/export-href";
import { formatPhone } from "~/lib/phone";
import { listUnbindEvents, parseUnbindFilters } from "~/services/accounts/unbind-events.server";
import { UNBIND_SOURCES, type UnbindSource } from "~db/schema";
import { translateSentence } from "~/lib/sentences";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("accounts:unbind.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "accounts:read");
  const url = new URL(request.url);
  const { filters, errors } = parseUnbindFilters(url.searchParams);
  const page = await listUnbindEvents(db(), filters);
  return { ...page, errors, canExport: can(me.role, "accounts:export") };
}

type Row = Awaited<ReturnType<typeof listUnbindEvents>>["rows"][number];

export default function UnbindEventsPage() {
  const { t } = useTranslation("accounts");
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  // No link while a filter is invalid (the export would answer 400): the fields show the error.
  const exportTo = exportHref("/accounts/unbind-events.csv", params.toString(), d.errors);
  // The newest page follows GoPay's notifications (a customer's in-app unbind) by itself (also when
  // a cursor could not be used: that page is the newest).
  const live = !params.get("after") || d.staleCursor;
  useAutoRevalidate(5000, live);
  const columns: Column<Row>[] = [
    { key: "at", header: t("unbind.columns.at"), cell: (r) => <DateTime value={r.at} /> },
    { key: "account", header: t("unbind.columns.account"), cell: (r) => <Link className="font-mono text-xs text-brand-700 hover:underline" to={`/accounts/${encodeURIComponent(r.accountId)}`}>{r.accountId}</Link> },
    { key: "customer", header: t("unbind.columns.customer"), className: "whitespace-nowrap", cell: (r) => r.customerName ?? r.merchantUserId ?? formatPhone(r.phone) },
    { key: "source", header: t("unbind.columns.source"), cell: (r) => (r.source ? t(`unbind.source.${r.source as UnbindSource}`, { defaultValue: r.source }) : "—") },
    { key: "who", header: t("unbind.columns.who"), cell: (r) => r.actorLabel ?? "—" },
    { key: "reason", header: t("unbind.columns.reason"), cell: (r) => r.reason ?? "—" },
  ];
  return (
    <div>
      <PageHeader
        title={t("unbind.title")}
        description={
          <>
            {t("unbind.description")}
            {live ? <span className="text-slate-600"> {t("unbind.live")}</span> : null}
          </>
        }
        actions={
          d.canExport && exportTo ? (
            <a className={buttonClasses("secondary", "sm")} href={exportTo} download>
              {t("unbind.exportCsv")}
            </a>
          ) : null
        }
      />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={t("unbind.filters")}>
        <Field label={t("unbind.startedBy")} error={translateSentence(t, d.errors.source)}>
          <Select name="source" defaultValue={params.get("source") ?? ""}>
            <option value="">{t("unbind.anyone")}</option>
            {UNBIND_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`unbind.source.${s}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("unbind.from")} error={translateSentence(t, d.errors.from)}>
          <DayInput key={params.get("from") ?? ""} name="from" defaultValue={params.get("from") ?? ""} className="w-36" />
        </Field>
        <Field label={t("unbind.to")}>
          <DayInput key={params.get("to") ?? ""} name="to" defaultValue={params.get("to") ?? ""} className="w-36" />
        </Field>
        <Field label={t("unbind.q")} hint={t("unbind.qHint")}>
          <Input name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </Field>
        <Button type="submit" variant="secondary">{t("unbind.apply")}</Button>
      </Form>
      <StaleCursorNotice show={d.staleCursor} className="mb-4" />
      <DataTable caption={t("unbind.title")} columns={columns} rows={d.rows} rowKey={(r) => r.id} empty={<EmptyState title={t("unbind.empty")}>{t("unbind.emptyText")}</EmptyState>} />
      <Pagination olderCursor={d.olderCursor} label={t("unbind.pages")} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

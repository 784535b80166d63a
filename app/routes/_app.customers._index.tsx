import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { sectionTitle } from "~/components/meta";
import { Badge, Button, DataTable, EmptyState, wibTime, Field, Input, PageHeader, Pagination, StaleCursorNotice, type Column } from "~/components/ui";
import { db } from "~/db/client.server";
import { formatPhone } from "~/lib/phone";
import { MIN_NAME_FRAGMENT, parseCustomerSearch, searchCustomers } from "~/services/customers/list.server";
import type { CustomerListRow } from "~/services/customers/list.server";

export const meta = sectionTitle("customers");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "customers:read");
  const params = new URL(request.url).searchParams;
  const search = parseCustomerSearch(params);
  const page = await searchCustomers(db(), search, { after: params.get("after"), before: params.get("before") });
  // Only what the rows show goes into the page (its data is embedded in the HTML once more).
  const rows = page.rows.map((r) => ({ id: r.id, merchantUserId: r.merchantUserId, name: r.name, phone: r.phone, email: r.email, tokenPresent: r.tokenPresent, createdAt: r.createdAt }));
  return { search, minFragment: MIN_NAME_FRAGMENT, ...page, rows };
}

type Row = Pick<CustomerListRow, "id" | "merchantUserId" | "name" | "phone" | "email" | "tokenPresent" | "createdAt">;

// Words that repeat on every row are translated once per table; the cells' look is in app/styles.css.
function columnsFor(t: TFunction<"customers">, language: string): Column<Row>[] {
  const unnamed = <span className="text-slate-500">{t("unnamed")}</span>;
  const guest = <Badge>{t("guest")}</Badge>;
  const signedIn = <Badge tone="success">{t("miniAppSignedIn")}</Badge>;
  return [
    { key: "name", header: t("columns.name"), cell: (r) => r.name ?? unnamed },
    { key: "merchantUserId", header: t("columns.merchantUserId"), cell: (r) => (r.merchantUserId ? <span className="font-mono text-xs">{r.merchantUserId}</span> : guest) },
    { key: "phone", header: t("columns.phone"), className: "whitespace-nowrap", cell: (r) => formatPhone(r.phone) },
    { key: "email", header: t("columns.email"), className: "break-all", cell: (r) => r.email ?? "—" },
    { key: "miniApp", header: t("columns.miniApp"), cell: (r) => (r.tokenPresent ? signedIn : "—") },
    { key: "created", header: t("columns.created"), className: "whitespace-nowrap", cell: (r) => wibTime(r.createdAt, language) },
  ];
}

export default function CustomersPage() {
  const { t, i18n } = useTranslation("customers");
  const d = useLoaderData<typeof loader>();
  const columns = useMemo(() => columnsFor(t, i18n.language), [t, i18n.language]);
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <Form method="get" role="search" aria-label={t("search.label")} className="mb-4 flex flex-wrap items-end gap-3">
        <Field label={t("search.field")} hint={t("search.hint")}>
          <Input name="q" type="search" defaultValue={d.search.q} className="w-96 max-w-full" autoComplete="off" />
        </Field>
        <Button type="submit" variant="secondary">{t("search.submit")}</Button>
        {d.search.q ? (
          <Link to="/customers" className="pb-2 text-sm text-brand-700 hover:underline">
            {t("search.clear")}
          </Link>
        ) : null}
      </Form>
      <StaleCursorNotice show={d.staleCursor} className="mb-3" />
      {d.search.short ? <p className="mb-2 text-sm text-amber-800">{t("search.short", { min: d.minFragment, q: d.search.q })}</p> : null}
      <p className="mb-2 text-sm text-slate-600" aria-live="polite" data-testid="customer-totals">
        {d.totals.capped ? t("totalsCapped", { count: d.totals.count }) : t("totals", { count: d.totals.count })}
      </p>
      <DataTable
        caption={t("title")}
        columns={columns}
        rows={d.rows}
        rowKey={(r) => r.id}
        rowHref={(r) => `/customers/${r.id}`}
        empty={<EmptyState title={t("empty")}>{t("emptyText")}</EmptyState>}
      />
      <Pagination newerCursor={d.prev} olderCursor={d.next} label={t("pages")} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

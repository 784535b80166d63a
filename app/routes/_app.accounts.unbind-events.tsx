import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { useAutoRevalidate } from "~/components/accounts/use-auto-revalidate";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/meta";
import { Button, DataTable, DateTime, EmptyState, Field, Input, PageHeader, Pagination, Select, buttonClasses, type Column } from "~/components/ui";
import { db } from "~/db/client.server";
import { formatPhone } from "~/lib/phone";
import { listUnbindEvents, parseUnbindFilters } from "~/services/accounts/unbind-events.server";
import { SOURCE_LABEL } from "~/services/accounts/unbind-labels";
import { UNBIND_SOURCES, type UnbindSource } from "~db/schema";

export const meta: MetaFunction = () => pageTitle("Unbind events");

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "accounts:read");
  const url = new URL(request.url);
  const { filters, errors } = parseUnbindFilters(url.searchParams);
  const page = await listUnbindEvents(db(), filters);
  return { ...page, errors, canExport: can(me.role, "accounts:export") };
}

type Row = Awaited<ReturnType<typeof listUnbindEvents>>["rows"][number];

export default function UnbindEventsPage() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const exportParams = new URLSearchParams(params);
  exportParams.delete("after");
  // The newest page follows GoPay's notifications (a customer's in-app unbind) by itself.
  const live = !params.get("after");
  useAutoRevalidate(5000, live);
  const columns: Column<Row>[] = [
    { key: "at", header: "When", cell: (r) => <DateTime value={r.at} /> },
    { key: "account", header: "Account", cell: (r) => <Link className="font-mono text-xs text-brand-700 hover:underline" to={`/accounts/${encodeURIComponent(r.accountId)}`}>{r.accountId}</Link> },
    { key: "customer", header: "Customer", className: "whitespace-nowrap", cell: (r) => r.customerName ?? r.merchantUserId ?? formatPhone(r.phone) },
    { key: "source", header: "Started by", cell: (r) => (r.source ? (SOURCE_LABEL[r.source as UnbindSource] ?? r.source) : "—") },
    { key: "who", header: "Who", cell: (r) => r.actorLabel ?? "—" },
    { key: "reason", header: "Reason", cell: (r) => r.reason ?? "—" },
  ];
  return (
    <div>
      <PageHeader
        title="Unbind events"
        description={
          <>
            Every GoPay account unbind, whoever started it.
            {live ? <span className="text-slate-600"> New unbinds appear here by themselves.</span> : null}
          </>
        }
        actions={
          d.canExport ? (
            <a className={buttonClasses("secondary", "sm")} href={`/accounts/unbind-events.csv?${exportParams.toString()}`} download>
              Export CSV
            </a>
          ) : null
        }
      />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter unbind events">
        <Field label="Started by" error={d.errors.source}>
          <Select name="source" defaultValue={params.get("source") ?? ""}>
            <option value="">Anyone</option>
            {UNBIND_SOURCES.map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABEL[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="From (WIB)" error={d.errors.from}>
          <Input type="date" name="from" defaultValue={params.get("from") ?? ""} />
        </Field>
        <Field label="to">
          <Input type="date" name="to" defaultValue={params.get("to") ?? ""} />
        </Field>
        <Field label="Account or customer" hint="Account id, merchant user id, phone or email">
          <Input name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </Field>
        <Button type="submit" variant="secondary">Apply</Button>
      </Form>
      <DataTable caption="Unbind events" columns={columns} rows={d.rows} rowKey={(r) => r.id} empty={<EmptyState title="No unbinds match">Nothing was unbound with these filters.</EmptyState>} />
      <Pagination olderCursor={d.olderCursor} label="Unbind event pages" />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

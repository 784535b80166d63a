import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { Button, DataTable, DateTime, EmptyState, Field, Input, PageHeader, Pagination, Select, StaleCursorNotice, StatusBadge, type Column } from "~/components/ui";
import { db } from "~/db/client.server";
import { defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { say } from "~/lib/words";
import { fieldError } from "~/lib/action-data";
import { formatPhone } from "~/lib/phone";
import { listAccounts, parseAccountFilters } from "~/services/accounts/list.server";
import { startLinking } from "~/services/accounts/manage.server";
import { PAY_ACCOUNT_STATUSES } from "~db/schema";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("accounts:title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "accounts:read");
  const { filters, errors } = parseAccountFilters(new URL(request.url).searchParams);
  const page = await listAccounts(db(), filters);
  return { ...page, errors, canManage: can(me.role, "accounts:manage"), linkKey: randomUUID() };
}

const AccountsAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("start-linking"),
      idempotencyKey: z.string().uuid("accounts:errors.staleForm"),
      phone: z.string().max(40).default(""),
    }),
  ]),
  { "start-linking": "accounts:manage" },
);

/** Start linking a customer's GoPay; on success, the account page shows the link and QR. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = await parseAction(request, AccountsAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const res = await startLinking({ phone: input.phone, idempotencyKey: input.idempotencyKey, actor: { id: staff.id, label: staff.email } });
  if (!res.ok) return refuse({ phone: say(await requestT(request), res.words, res.message) }, { intent: input.intent });
  return redirect(`/accounts/${encodeURIComponent(res.value.accountId)}`);
}

type Row = Awaited<ReturnType<typeof listAccounts>>["rows"][number];

export default function AccountsPage() {
  const { t } = useTranslation(["accounts", "common"]);
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const [params] = useSearchParams();
  const columns: Column<Row>[] = [
    { key: "account", header: t("columns.account"), cell: (r) => <span className="font-mono text-xs">{r.accountId}</span> },
    { key: "customer", header: t("columns.customer"), cell: (r) => r.customerName ?? r.merchantUserId ?? "—" },
    { key: "phone", header: t("columns.phone"), cell: (r) => formatPhone(r.phone ?? r.customerPhone) },
    { key: "status", header: t("columns.status"), cell: (r) => <StatusBadge status={r.status.toLowerCase()} /> },
    { key: "created", header: t("columns.created"), cell: (r) => <DateTime value={r.createdAt} /> },
    { key: "refreshed", header: t("columns.refreshed"), cell: (r) => (r.refreshedAt ? <DateTime value={r.refreshedAt} /> : t("columns.never")) },
  ];
  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={<Link className="text-sm text-brand-700 hover:underline" to="/accounts/unbind-events">{t("unbindEventsLink")}</Link>}
      />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={t("search.label")}>
        <Field label={t("search.field")} hint={t("search.hint")}>
          <Input name="q" type="search" defaultValue={params.get("q") ?? ""} className="w-80" />
        </Field>
        <Field label={t("search.status")} error={d.errors.status}>
          <Select name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">{t("search.any")}</option>
            {PAY_ACCOUNT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`common:status.${s.toLowerCase() as "active"}`, { defaultValue: s.toLowerCase() })}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary">{t("search.submit")}</Button>
      </Form>
      {d.canManage ? (
        <Form method="post" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" aria-label={t("link.label")}>
          <input type="hidden" name="intent" value="start-linking" />
          <input type="hidden" name="idempotencyKey" value={d.linkKey} />
          <Field label={t("link.phone")} error={fieldError(a, "phone") ?? fieldError(a, "idempotencyKey")}>
            <Input name="phone" inputMode="tel" placeholder="0812 3456 7890" required />
          </Field>
          <Button type="submit">{t("link.submit")}</Button>
        </Form>
      ) : null}
      <StaleCursorNotice show={d.staleCursor} className="mb-4" />
      <DataTable
        caption={t("title")}
        columns={columns}
        rows={d.rows}
        rowKey={(r) => r.id}
        rowHref={(r) => `/accounts/${encodeURIComponent(r.accountId)}`}
        empty={<EmptyState title={t("empty")}>{t("emptyText")}</EmptyState>}
      />
      <Pagination olderCursor={d.olderCursor} label={t("pages")} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

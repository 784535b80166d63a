import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Megaphone, Plus } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import {
  CampaignStatusBadge,
  DeliveryProgress,
  ScheduleText,
} from "~/components/campaigns/delivery-progress";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import {
  Button,
  buttonClasses,
  DataTable,
  DateTime,
  EmptyState,
  Field,
  PageHeader,
  Pagination,
  Select,
  StaleCursorNotice,
  type Column,
} from "~/components/ui";
import { db } from "~/db/client.server";
import { cursorParams } from "~/lib/stale-cursor";
import { listCampaigns, type CampaignSummary } from "~/services/campaigns/recipients-log.server";
import { CAMPAIGN_STATUSES } from "~/services/campaigns/types";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("campaigns:delivery.list.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "campaigns:read");
  const sp = new URL(request.url).searchParams;
  const status = CAMPAIGN_STATUSES.find((s) => s === sp.get("status"));
  const page = await listCampaigns(db(), { status, ...cursorParams(sp) });
  return { page, canManage: can(me.role, "campaigns:manage") };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["page"]["rows"][number];

export default function CampaignsPage() {
  const { page, canManage } = useLoaderData<typeof loader>();
  const { t } = useTranslation("campaigns");
  const [params] = useSearchParams();
  const columns: Column<Row>[] = [
    {
      key: "name",
      header: t("delivery.table.name"),
      cell: (r) => <span className="font-medium text-slate-900">{r.name}</span>,
    },
    { key: "kind", header: t("delivery.table.kind"), cell: (r) => t(`delivery.kind.${r.kind}`) },
    {
      key: "status",
      header: t("delivery.table.status"),
      cell: (r) => <CampaignStatusBadge status={r.status} />,
    },
    {
      key: "progress",
      header: t("delivery.table.progress"),
      cell: (r) => <DeliveryProgress progress={r.progress} compact />,
    },
    {
      key: "schedule",
      header: t("delivery.table.schedule"),
      className: "whitespace-nowrap text-sm",
      cell: (r) => (
        <ScheduleText schedule={r.schedule as CampaignSummary["schedule"]} scheduledAt={r.scheduledAt} />
      ),
    },
    {
      key: "created",
      header: t("delivery.table.created"),
      className: "whitespace-nowrap",
      cell: (r) => <DateTime value={r.createdAt} />,
    },
  ];
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("delivery.list.title")}
        description={t("delivery.list.description")}
        actions={
          <div className="flex flex-wrap items-center gap-3">
            <Link className="text-sm text-brand-700 hover:underline" to="/campaigns/reminders">
              {t("delivery.list.reminders")}
            </Link>
            <Link className="text-sm text-brand-700 hover:underline" to="/campaigns/templates">
              {t("delivery.list.templates")}
            </Link>
            {canManage ? (
              <Link className={buttonClasses("primary", "md")} to="/campaigns/new">
                <Plus aria-hidden className="size-4" />
                {t("delivery.list.newCampaign")}
              </Link>
            ) : null}
          </div>
        }
      />
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <Field label={t("delivery.list.statusFilter")}>
          <Select name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">{t("delivery.list.any")}</option>
            {CAMPAIGN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`delivery.status.${s}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary">
          {t("delivery.list.apply")}
        </Button>
      </Form>
      <StaleCursorNotice show={page.staleCursor} />
      <DataTable
        caption={t("delivery.list.caption")}
        columns={columns}
        rows={page.rows}
        rowKey={(r) => r.id}
        rowHref={(r) => `/campaigns/${r.id}`}
        empty={
          <EmptyState icon={Megaphone} title={t("delivery.list.emptyTitle")}>
            {t("delivery.list.emptyBody")}
          </EmptyState>
        }
      />
      <Pagination olderCursor={page.olderCursor} label={t("delivery.list.pagination")} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

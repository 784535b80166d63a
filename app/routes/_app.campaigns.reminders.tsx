import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { BellRing, FileText, Trash2 } from "~/components/ui/icons";
import { randomUUID } from "node:crypto";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { CreateReminder } from "~/components/reminders/create-reminder";
import { PaymentDue } from "~/components/reminders/payment-due";
import { ReminderStatus } from "~/components/reminders/reminder-status";
import {
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  DateTime,
  EmptyState,
  Field,
  Input,
  PageHeader,
  Pagination,
  Select,
  StaleCursorNotice,
  type Column,
} from "~/components/ui";
import { db } from "~/db/client.server";
import type { ActionData } from "~/lib/action-data";
import { defineAction, parseAction, replyOutcome, requestT } from "~/lib/action.server";
import { formatPhone } from "~/lib/phone";
import { redirectWithToast } from "~/lib/toast.server";
import { say } from "~/lib/words";
import {
  BULK_MAX,
  BULK_MAX_HOURS,
  createPaymentDueReminders,
  paymentDueCounts,
} from "~/services/reminders/bulk.server";
import { createReminder } from "~/services/reminders/create.server";
import { deleteCampaignReminders, deleteReminder } from "~/services/reminders/delete.server";
import { reminderTemplates } from "~/services/reminders/registry.server";
import { PAYMENT_DUE_TEMPLATE } from "~/services/reminders/templates";
import {
  findCustomersForReminder,
  listReminders,
  liveCountOfCampaign,
  parseReminderFilters,
  reminderTarget,
  type ReminderListRow,
} from "~/services/reminders/list.server";
import { REMINDER_STATUSES } from "~db/schema";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("reminders:title"));

function parseHours(raw: string | null): { hours?: number; error?: boolean } {
  if (raw === null || raw.trim() === "") return {};
  const n = Number(raw.trim());
  return Number.isInteger(n) && n >= 1 && n <= BULK_MAX_HOURS ? { hours: n } : { error: true };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "campaigns:read");
  const p = new URL(request.url).searchParams;
  const filters = parseReminderFilters(p);
  const canManage = can(me.role, "campaigns:manage");
  const database = db();
  const hours = parseHours(p.get("hours"));
  const query = (p.get("customer") ?? "").trim().slice(0, 100);
  const [page, choices, target, counts, campaignLive, templates] = await Promise.all([
    listReminders(database, filters, { after: p.get("after"), before: p.get("before") }),
    canManage ? findCustomersForReminder(database, query) : Promise.resolve([]),
    canManage && p.get("customerId")
      ? reminderTarget(database, p.get("customerId")!)
      : Promise.resolve(undefined),
    canManage && hours.hours ? paymentDueCounts(database, hours.hours) : Promise.resolve(null),
    filters.campaignId ? liveCountOfCampaign(database, filters.campaignId) : Promise.resolve(null),
    // The one list of reminder templates: Loket's registry (/campaigns/templates).
    canManage ? reminderTemplates(database) : Promise.resolve([]),
  ]);
  // One key per render for "create": a double submit of the same form is one reminder.
  return {
    ...page,
    filters,
    canManage,
    // A campaign manager has no orders:read: the order id is then text, not a link to a refusal.
    canReadOrders: can(me.role, "orders:read"),
    query,
    choices,
    target: target ?? null,
    counts,
    hoursError: hours.error ?? false,
    campaignLive,
    requestId: randomUUID(),
    bulkMax: BULK_MAX,
    templates,
    paymentDueTemplate: templates.some((x) => x.name === PAYMENT_DUE_TEMPLATE) ? PAYMENT_DUE_TEMPLATE : null,
  };
}

const uuid = z.string().uuid("reminders:errors.malformed");
/** A template parameter's value comes as `param:<name>` (the registry names the parameters). */
const PARAM = "param:";
const ReminderAction = defineAction(
  z.discriminatedUnion("intent", [
    z
      .object({
        intent: z.literal("create"),
        customerId: uuid,
        orderId: z.union([z.literal(""), uuid]).optional(),
        templateName: z.string().min(1).max(200),
        requestId: uuid,
        back: z
          .string()
          .regex(/^\/orders\/[^/?#]+$/)
          .optional(),
      })
      .catchall(z.string().max(1000)),
    z.object({ intent: z.literal("bulk"), hours: z.coerce.number().int().min(1).max(BULK_MAX_HOURS) }),
    z.object({ intent: z.literal("delete"), id: uuid }),
    z.object({ intent: z.literal("deleteCampaign"), campaignId: uuid }),
  ]),
  {
    create: "campaigns:manage",
    bulk: "campaigns:manage",
    delete: "campaigns:manage",
    deleteCampaign: "campaigns:manage",
  },
);

export async function action({ request }: ActionFunctionArgs) {
  const parsed = await parseAction(request, ReminderAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const actor = { id: staff.id, email: staff.email };
  const t = await requestT(request);
  const here = `/campaigns/reminders${new URL(request.url).search}`;
  switch (input.intent) {
    case "create": {
      const out = await createReminder({
        customerId: input.customerId,
        orderId: input.orderId || null,
        templateName: input.templateName,
        params: Object.fromEntries(
          Object.entries(input)
            .filter(([k]) => k.startsWith(PARAM))
            .map(([k, v]) => [k.slice(PARAM.length), String(v)]),
        ),
        requestId: input.requestId,
        actor,
      });
      return replyOutcome(out, { to: input.back ?? here, intent: "create", t });
    }
    case "bulk": {
      const r = await createPaymentDueReminders({ hours: input.hours, actor });
      if (r.templateMissing)
        return redirectWithToast(`/campaigns/reminders?hours=${input.hours}`, {
          type: "error",
          title: say(
            t,
            { key: "reminders:noTemplate.paymentDue", params: { name: PAYMENT_DUE_TEMPLATE } },
            "No payment reminder template is registered.",
          ),
        });
      const title = say(
        t,
        {
          key: "reminders:toast.bulk",
          params: { count: r.created, active: r.active, unknown: r.unknown, failed: r.failed },
        },
        `${r.created} reminders sent`,
      );
      const skipped = r.noMiniApp + r.noCustomer + r.hasReminder + r.badParams;
      const description = say(
        t,
        { key: "reminders:toast.bulkSkipped", params: { count: skipped } },
        `${skipped} skipped`,
      );
      return redirectWithToast(`/campaigns/reminders?hours=${input.hours}`, {
        type: r.failed ? "error" : r.unknown ? "info" : "success",
        title,
        description,
      });
    }
    case "delete":
      return replyOutcome(await deleteReminder({ id: input.id, actor }), { to: here, intent: "delete", t });
    case "deleteCampaign": {
      const r = await deleteCampaignReminders({ campaignId: input.campaignId, actor });
      const title = say(
        t,
        {
          key: "reminders:toast.campaignDeleted",
          params: { count: r.marked, deleted: r.deleted, pending: r.pending },
        },
        `${r.marked} reminders deleted`,
      );
      return redirectWithToast(here, { type: "success", title });
    }
  }
}

export default function RemindersPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<ActionData>();
  const { t } = useTranslation("reminders");
  const [params] = useSearchParams();
  const hoursError = d.hoursError ? t("errors.hours", { max: BULK_MAX_HOURS_VIEW }) : undefined;

  const columns: Column<ReminderListRow>[] = [
    {
      key: "gopay",
      header: t("table.gopayId"),
      // GoPay's ids are long (RM-<uuid>): wrapped, so the row's Delete stays in view at 1440 px.
      className: "font-mono text-xs break-all min-w-40",
      cell: (r) => r.reminderId ?? <span className="text-slate-500">{t("table.noId")}</span>,
    },
    {
      key: "customer",
      header: t("table.customer"),
      className: "whitespace-nowrap",
      cell: (r) => (
        <Link className="text-brand-700 hover:underline" to={`/customers/${r.customerId}`}>
          {r.customerName ?? (r.customerPhone ? formatPhone(r.customerPhone) : "—")}
        </Link>
      ),
    },
    {
      key: "order",
      header: t("table.order"),
      className: "whitespace-nowrap",
      cell: (r) =>
        r.orderId ? (
          d.canReadOrders ? (
            <Link className="text-brand-700 hover:underline" to={`/orders/${encodeURIComponent(r.orderId)}`}>
              {r.orderId}
            </Link>
          ) : (
            <span>{r.orderId}</span>
          )
        ) : r.campaignId ? (
          <Link className="text-brand-700 hover:underline" to={`?campaign=${r.campaignId}`}>
            {t("table.campaign")}
          </Link>
        ) : (
          "—"
        ),
    },
    {
      key: "template",
      header: t("table.template"),
      className: "font-mono text-xs",
      cell: (r) => r.templateName,
    },
    {
      key: "status",
      header: t("table.status"),
      cell: (r) => (
        <span title={r.gopayMessage ?? undefined}>
          <ReminderStatus status={r.status} reason={r.deletedReason} />
        </span>
      ),
    },
    {
      key: "created",
      header: t("table.created"),
      className: "whitespace-nowrap",
      cell: (r) => <DateTime value={r.createdAt} wrap />,
    },
    {
      key: "actions",
      header: <span className="sr-only">{t("table.actions")}</span>,
      align: "right",
      cell: (r) =>
        d.canManage && ["creating", "active", "unknown"].includes(r.status) ? (
          <ConfirmDialog
            trigger={
              <Button
                size="sm"
                variant="secondary"
                aria-label={t("delete.labelFor", { id: r.reminderId ?? r.id })}
              >
                <Trash2 aria-hidden className="size-3.5" />
                {t("delete.button")}
              </Button>
            }
            title={t("delete.title")}
            description={t("delete.text", { id: r.reminderId ?? "—", customer: r.customerName ?? "—" })}
            confirmLabel={t("delete.confirm")}
            danger
            intent="delete"
            hidden={{ id: r.id }}
          />
        ) : null,
    },
  ];

  return (
    <div className="space-y-6">
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Link className="text-sm text-brand-700 hover:underline" to="/campaigns">
            {t("backToCampaigns")}
          </Link>
        }
      />
      {d.canManage && d.templates.length === 0 ? (
        <Card>
          <EmptyState
            icon={FileText}
            title={t("noTemplate.title")}
            action={
              <Link className="text-sm font-medium text-brand-700 hover:underline" to="/campaigns/templates">
                {t("noTemplate.link")}
              </Link>
            }
          >
            {t("noTemplate.text")}
          </EmptyState>
        </Card>
      ) : d.canManage ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <CreateReminder
            key={d.target?.customer.id ?? "none"}
            query={d.query}
            choices={d.choices}
            target={d.target}
            templates={d.templates}
            requestId={d.requestId}
            answer={answer}
          />
          <PaymentDue
            hours={params.get("hours") ?? "24"}
            counts={d.counts}
            max={d.bulkMax}
            error={hoursError}
            template={d.paymentDueTemplate}
          />
        </div>
      ) : null}

      <section aria-labelledby="reminders-list" className="space-y-3">
        <h2 id="reminders-list" className="text-sm font-semibold text-slate-900">
          {t("list.title")}
        </h2>
        <Form method="get" className="flex flex-wrap items-end gap-3" aria-label={t("filters.label")}>
          <Field label={t("filters.search")}>
            <Input
              name="q"
              type="search"
              defaultValue={params.get("q") ?? ""}
              placeholder={t("filters.searchPlaceholder")}
              className="w-72"
            />
          </Field>
          <Field label={t("filters.status")}>
            <Select name="status" defaultValue={params.get("status") ?? ""}>
              <option value="">{t("filters.any")}</option>
              {REMINDER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t("filters.campaign")}>
            <Input
              name="campaign"
              defaultValue={params.get("campaign") ?? ""}
              className="w-80 font-mono text-xs"
            />
          </Field>
          <Button type="submit" variant="secondary">
            {t("filters.apply")}
          </Button>
          {params.toString() ? (
            <Link className="pb-2 text-sm text-brand-700 hover:underline" to="/campaigns/reminders">
              {t("filters.clear")}
            </Link>
          ) : null}
        </Form>
        {d.filters.campaignId && d.canManage && d.campaignLive ? (
          <ConfirmDialog
            trigger={
              <Button variant="danger">
                <Trash2 aria-hidden className="size-4" />
                {t("campaign.deleteAll", { count: d.campaignLive })}
              </Button>
            }
            title={t("campaign.title", { count: d.campaignLive })}
            description={t("campaign.text", { count: d.campaignLive, campaign: d.filters.campaignId })}
            confirmLabel={t("campaign.confirm", { count: d.campaignLive })}
            danger
            intent="deleteCampaign"
            hidden={{ campaignId: d.filters.campaignId }}
          />
        ) : null}
        <StaleCursorNotice show={d.staleCursor} />
        <DataTable
          columns={columns}
          rows={d.rows}
          rowKey={(r) => r.id}
          caption={t("list.title")}
          empty={
            <EmptyState icon={BellRing} title={t("list.emptyTitle")}>
              {t("list.empty")}
            </EmptyState>
          }
        />
        <Pagination newerCursor={d.newer} olderCursor={d.older} />
      </section>
    </div>
  );
}

const BULK_MAX_HOURS_VIEW = 24 * 90;

export { GeneralErrorBoundary as ErrorBoundary };

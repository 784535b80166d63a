import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FileText } from "~/components/ui/icons";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { clientIp } from "~/auth/request-meta.server";
import { TemplateForm } from "~/components/campaigns/template-form";
import { TemplateTest, type TestAnswer } from "~/components/campaigns/template-test";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import {
  Badge,
  Button,
  buttonClasses,
  DataTable,
  DateTime,
  EmptyState,
  PageHeader,
  type Column,
} from "~/components/ui";
import { db } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import type { ActionData } from "~/lib/action-data";
import { answer, defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { newIdempotencyKey } from "~/lib/ids.server";
import { redirectWithToast } from "~/lib/toast.server";
import { say } from "~/lib/words";
import { readParamRows, templateFields } from "~/services/campaigns/templates-form";
import {
  findTestRecipients,
  listTemplates,
  setTemplateArchived,
  updateTemplate,
  createTemplate,
  type CampaignTemplate,
} from "~/services/campaigns/templates.server";
import { sendTemplateTest } from "~/services/campaigns/templates-test.server";

export const meta: MetaFunction = ({ matches }) =>
  pageTitle(metaT(matches)("campaigns:build.templates.title"));

const PATH = "/campaigns/templates";

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "campaigns:read");
  const url = new URL(request.url);
  const templates = await listTemplates(db(), { includeArchived: true });
  const canManage = can(me.role, "campaigns:manage");
  const editId = url.searchParams.get("edit");
  const testId = url.searchParams.get("test");
  const q = (url.searchParams.get("customer") ?? "").trim().slice(0, 100);
  const testing = canManage && testId ? templates.find((x) => x.id === testId) : undefined;
  return {
    templates,
    canManage,
    creating: canManage && url.searchParams.get("new") === "1",
    editing: canManage && editId ? (templates.find((x) => x.id === editId) ?? null) : null,
    testing: testing ?? null,
    q,
    candidates: testing && q ? await findTestRecipients(db(), q) : [],
    // The Request-Id of the next test send, made now: the action stores it before calling GoPay.
    requestId: newIdempotencyKey(),
  };
}

const base = z.object(templateFields);
const TemplatesAction = defineAction(
  z.discriminatedUnion("intent", [
    base.extend({ intent: z.literal("create") }),
    base.extend({ intent: z.literal("update"), id: z.string().uuid() }),
    z.object({ intent: z.literal("archive"), id: z.string().uuid() }),
    z.object({ intent: z.literal("restore"), id: z.string().uuid() }),
    z
      .object({
        intent: z.literal("test"),
        templateId: z.string().uuid(),
        customerId: z.string().uuid("campaigns:build.templates.testSend.chooseCustomer").optional(),
        requestId: z.string().min(8).max(64),
      })
      .passthrough(),
  ]),
  {
    create: "campaigns:manage",
    update: "campaigns:manage",
    archive: "campaigns:manage",
    restore: "campaigns:manage",
    test: "campaigns:manage",
  },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, TemplatesAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const actor = { id: staff.id, email: staff.email };
  const ip = clientIp(context);
  const t = await requestT(request);
  switch (input.intent) {
    case "create":
    case "update": {
      const rows = readParamRows(input);
      if (!rows.ok)
        return refuse(
          { [rows.field]: say(t, { key: rows.key, params: rows.params }) },
          { intent: input.intent },
        );
      const values = {
        name: input.name,
        kind: input.kind,
        description: input.description,
        params: rows.params,
      };
      const saved =
        input.intent === "create"
          ? await createTemplate(db(), values, actor, ip)
          : await updateTemplate(db(), input.id, values, actor, ip);
      if (!saved.ok)
        return refuse(
          { [saved.field]: say(t, { key: saved.key, params: saved.params }) },
          { intent: input.intent },
        );
      const key =
        input.intent === "create"
          ? "campaigns:build.templates.form.created"
          : "campaigns:build.templates.form.saved";
      return redirectWithToast(PATH, {
        type: "success",
        title: say(t, { key, params: { name: saved.template.name } }) ?? "",
      });
    }
    case "archive":
    case "restore": {
      const row = await setTemplateArchived(db(), input.id, input.intent === "archive", actor, ip);
      if (!row)
        return refuse(
          { form: say(t, { key: "campaigns:build.templates.errors.gone" }) },
          { intent: input.intent },
        );
      const key =
        input.intent === "archive"
          ? "campaigns:build.templates.archivedToast"
          : "campaigns:build.templates.restoredToast";
      return redirectWithToast(PATH, {
        type: "success",
        title: say(t, { key, params: { name: row.name } }) ?? "",
      });
    }
    case "test": {
      if (!input.customerId)
        return refuse(
          { customerId: say(t, { key: "campaigns:build.templates.testSend.chooseCustomer" }) },
          { intent: "test" },
        );
      const fields = input as Record<string, unknown>;
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(fields))
        if (k.startsWith("value:") && typeof v === "string") values[k.slice(6)] = v;
      if (!isUuid(input.templateId))
        return refuse({ form: say(t, { key: "campaigns:build.templates.errors.gone" }) }, { intent: "test" });
      const r = await sendTemplateTest(
        db(),
        { templateId: input.templateId, customerId: input.customerId, values, requestId: input.requestId },
        actor,
        { ip },
      );
      if (r.status === "refused")
        return refuse(
          { form: say(t, { key: `campaigns:build.templates.testSend.refused.${r.reason}` }) },
          { intent: "test" },
        );
      if (r.status === "invalid") {
        const errors: Record<string, string> = {};
        for (const p of r.problems) {
          const reason =
            p.code === "missing" || p.code === "no_source"
              ? "missing_param"
              : p.code === "too_long"
                ? "param_too_long"
                : p.code === "too_short"
                  ? "param_too_short"
                  : "bad_value";
          errors[`value:${p.param}`] =
            `${say(t, { key: `campaigns:build.reasons.${reason}` })}${p.length !== undefined ? ` (${p.length}/${p.min}–${p.max})` : ""}`;
        }
        return refuse(errors, { intent: "test" });
      }
      const result: TestAnswer = {
        status: r.status,
        requestId: r.requestId,
        httpStatus: r.httpStatus,
        code: r.code,
        message: r.message,
        reminderId: r.reminderId,
        payload: r.payload,
      };
      return answer(result, { intent: "test" });
    }
  }
}

function paramSummary(tpl: Pick<CampaignTemplate, "params">, t: TFunction<"campaigns">): string {
  return tpl.params
    .map((p) => {
      const type = String(t(`build.paramTypes.${p.type}`)).toLowerCase();
      return `${p.name} (${type}, ${t("build.templates.limits", { min: p.min, max: p.max })})`;
    })
    .join(" · ");
}

export default function TemplatesPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData<TestAnswer> | undefined;
  const { t } = useTranslation("campaigns");
  const errors = result?.ok === false ? result.errors : undefined;
  const formErrors =
    result && (result.intent === "create" || result.intent === "update") ? errors : undefined;
  type Row = (typeof d.templates)[number];
  const columns: Column<Row>[] = [
    {
      key: "name",
      header: t("build.templates.columns.name"),
      cell: (r) => (
        <span className="flex items-center gap-2">
          <code className="font-mono text-sm">{r.name}</code>
          {r.archivedAt ? <Badge>{t("build.templates.archived")}</Badge> : null}
        </span>
      ),
    },
    {
      key: "kind",
      header: t("build.templates.columns.kind"),
      cell: (r) => <Badge tone={r.kind === "push" ? "brand" : "info"}>{t(`build.kinds.${r.kind}`)}</Badge>,
    },
    {
      key: "params",
      header: t("build.templates.columns.params"),
      cell: (r) => <span className="text-xs text-slate-700">{paramSummary(r, t)}</span>,
    },
    {
      key: "updated",
      header: t("build.templates.columns.updated"),
      cell: (r) => <DateTime value={r.updatedAt} />,
    },
  ];
  if (d.canManage)
    columns.push({
      key: "actions",
      header: t("build.templates.columns.actions"),
      cell: (r) => (
        <div className="flex flex-wrap items-center gap-1">
          <Link to={`?edit=${r.id}`} className={buttonClasses("ghost", "sm")}>
            {t("build.templates.edit")}
          </Link>
          {!r.archivedAt ? (
            <Link to={`?test=${r.id}`} className={buttonClasses("ghost", "sm")}>
              {t("build.templates.test")}
            </Link>
          ) : null}
          <Form method="post">
            <input type="hidden" name="id" value={r.id} />
            <Button
              type="submit"
              variant="ghost"
              size="sm"
              name="intent"
              value={r.archivedAt ? "restore" : "archive"}
            >
              {r.archivedAt ? t("build.templates.restore") : t("build.templates.archive")}
            </Button>
          </Form>
        </div>
      ),
    });
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("build.templates.title")}
        description={t("build.templates.description")}
        actions={
          <>
            <Link to="/campaigns" className={buttonClasses("ghost")}>
              {t("build.templates.back")}
            </Link>
            {d.canManage ? (
              <Link to="?new=1" className={buttonClasses("primary")}>
                {t("build.templates.newTemplate")}
              </Link>
            ) : null}
          </>
        }
      />
      {!d.canManage ? <p className="text-sm text-slate-600">{t("build.templates.readOnly")}</p> : null}
      {d.creating || (formErrors && result?.intent === "create") ? (
        <TemplateForm errors={formErrors} cancelTo={PATH} />
      ) : null}
      {d.editing ? (
        <TemplateForm
          key={d.editing.id}
          initial={{
            id: d.editing.id,
            name: d.editing.name,
            kind: d.editing.kind,
            description: d.editing.description,
            params: d.editing.params,
          }}
          errors={formErrors}
          cancelTo={PATH}
        />
      ) : null}
      {d.testing ? (
        <TemplateTest
          key={d.testing.id}
          template={{
            id: d.testing.id,
            name: d.testing.name,
            kind: d.testing.kind,
            params: d.testing.params,
          }}
          q={d.q}
          candidates={d.candidates}
          requestId={d.requestId}
          answer={result?.ok && result.intent === "test" ? result.result : undefined}
          errors={result?.intent === "test" ? errors : undefined}
          closeTo={PATH}
        />
      ) : null}
      <DataTable
        caption={t("build.templates.caption")}
        columns={columns}
        rows={d.templates}
        rowKey={(r) => r.id}
        empty={
          <EmptyState icon={FileText} title={t("build.templates.empty")}>
            {t("build.templates.emptyText")}
          </EmptyState>
        }
      />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

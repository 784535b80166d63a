import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  type UploadHandler,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { clientIp } from "~/auth/request-meta.server";
import { CampaignWizard, type WizardCheck } from "~/components/campaigns/campaign-wizard";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { buttonClasses, PageHeader } from "~/components/ui";
import { db } from "~/db/client.server";
import type { ActionData } from "~/lib/action-data";
import { answer, formFields, refuse, requestT, zodErrorMap, zodFieldErrors } from "~/lib/action.server";
import { redirectWithToast } from "~/lib/toast.server";
import { say, type Words } from "~/lib/words";
import { checkCsvAudience } from "~/services/campaigns/audience.server";
import { CSV_LIMITS, openAudienceCsv, receiveUpload } from "~/services/campaigns/csv.server";
import { readSchedule, readSegment, readSources, wizardFields } from "~/services/campaigns/draft-form";
import { checkSources, createDraftCampaign, type DraftRefusal } from "~/services/campaigns/draft.server";
import { renderParams } from "~/services/campaigns/render";
import { scheduleInPast } from "~/services/campaigns/schedule.server";
import { withCustomers } from "~/services/campaigns/left-out.server";
import { countSegment, countSegments, unreachableInSegment } from "~/services/campaigns/segments.server";
import { getTemplate, listTemplates } from "~/services/campaigns/templates.server";

/** A message in the staff member's language (never undefined: the key always exists). */
function said(t: unknown, words: Words): string {
  return say(t, words) ?? "";
}

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("campaigns:build.wizard.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "campaigns:manage");
  const templates = await listTemplates(db());
  return {
    templates: templates.map((x) => ({ id: x.id, name: x.name, kind: x.kind, params: x.params })),
    // Live: counted on every visit.
    segments: await countSegments(db(), new Date()),
    maxRows: CSV_LIMITS.maxRows,
  };
}

/**
 * The CSV part's bytes are kept as they arrive (at most the size limit: a larger file is refused
 * when read, the rest drained), never parsed into rows here: the file is read batch by batch
 * (csv-parse) once the template and parameter sources, which come after it in the form, are known
 * — by the check, or by the draft while it inserts. The other fields are small text parts.
 */
async function readForm(
  request: Request,
): Promise<{ fields: Record<string, string | string[]>; csv?: { filename: string; bytes: Uint8Array[] } }> {
  // A form without a file (no JavaScript, a script) is an ordinary form.
  if (!/^multipart\/form-data/i.test(request.headers.get("content-type") ?? ""))
    return { fields: formFields(await request.formData()) };
  let csv: { filename: string; bytes: Uint8Array[] } | undefined;
  const csvHandler: UploadHandler = async ({ name, filename, data }) => {
    if (name !== "file") return undefined;
    const bytes = await receiveUpload(data);
    if (filename) csv = { filename: filename.slice(0, 200), bytes };
    return "";
  };
  const form = await unstable_parseMultipartFormData(
    request,
    unstable_composeUploadHandlers(
      csvHandler,
      unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 }),
    ),
  );
  return { fields: formFields(form), csv };
}

function refusalErrors(r: DraftRefusal, t: unknown): Record<string, string> {
  switch (r.reason) {
    case "template_gone":
      return { templateId: said(t, { key: "campaigns:build.wizard.errors.template" }) };
    case "template_archived":
      return { templateId: said(t, { key: "campaigns:build.wizard.errors.templateArchived" }) };
    case "no_source":
      return {
        [`param.${r.param}`]: said(t, {
          key: "campaigns:build.wizard.errors.noSource",
          params: { param: r.param },
        }),
        params: said(t, { key: "campaigns:build.wizard.errors.noSource", params: { param: r.param } }),
      };
    case "unknown_column":
      return {
        [`param.${r.param}`]: said(t, {
          key: "campaigns:build.wizard.errors.unknownColumn",
          params: { column: r.column },
        }),
      };
    case "fixed_invalid":
      return Object.fromEntries(
        r.problems.map((p) => [
          `param.${p.param}`,
          `${said(t, { key: `campaigns:build.reasons.${p.code === "too_long" ? "param_too_long" : p.code === "too_short" ? "param_too_short" : p.code === "missing" ? "missing_param" : "bad_value"}` })}${p.length !== undefined ? ` (${p.length}/${p.min}–${p.max})` : ""}`,
        ]),
      );
    case "csv_fatal":
      return {
        file: said(t, {
          key: `campaigns:build.fatal.${r.fatal.code}`,
          params: {
            line: r.fatal.line ?? "",
            max: CSV_LIMITS.maxRows,
            detail: r.fatal.detail ?? "",
          },
        }),
      };
    case "nobody":
      return { form: said(t, { key: "campaigns:build.wizard.nobody" }) };
  }
}

/** A segment's check lists its first unreachable customers, as many as the campaign page shows. */
const SEGMENT_CHECK_LISTED = 50;

export async function action({ request, context }: ActionFunctionArgs) {
  // Who is asking comes first: the body (up to 20 MB) is read only for a permitted role.
  const staff = await requireStaff(request, "campaigns:manage");
  const t = await requestT(request);
  const { fields, csv } = await readForm(request);
  const intent =
    typeof fields.intent === "string" ? fields.intent : Array.isArray(fields.intent) ? fields.intent[0] : "";
  if (intent !== "check" && intent !== "create")
    throw new Response(`Unknown intent "${String(intent).slice(0, 60)}".`, { status: 400 });
  const parsed = wizardFields.safeParse(fields, { errorMap: zodErrorMap(t) });
  if (!parsed.success) return refuse(zodFieldErrors(parsed.error, t), { intent });
  const f = parsed.data;
  const template = await getTemplate(db(), f.templateId);
  if (!template)
    return refuse({ templateId: said(t, { key: "campaigns:build.wizard.errors.template" }) }, { intent });
  const sources = readSources(
    fields,
    template.params.map((p) => p.name),
  );
  const segment = readSegment(f);
  if (f.audienceType === "segment" && !segment)
    return refuse({ segment: said(t, { key: "campaigns:build.wizard.errors.segment" }) }, { intent });
  if (f.audienceType === "csv" && !csv)
    return refuse({ file: said(t, { key: "campaigns:build.wizard.chooseFile" }) }, { intent });

  // Opened here (the header read and checked); its rows are read once, by the check or the draft.
  const file = f.audienceType === "csv" ? await openAudienceCsv(csv!.bytes) : undefined;
  if (intent === "check") {
    if (file?.fatal)
      return refuse(refusalErrors({ field: "file", reason: "csv_fatal", fatal: file.fatal }, t), { intent });
    const bad = checkSources(template, sources, file ? file.columns : null);
    if (bad) return refuse(refusalErrors(bad, t), { intent });
    let check: WizardCheck;
    if (file) {
      const c = await checkCsvAudience(db(), file, template, sources, { keep: 5 });
      // A file found unusable further on (a bad byte on a late line, one row too many) is refused whole.
      if (c.fatal)
        return refuse(refusalErrors({ field: "file", reason: "csv_fatal", fatal: c.fatal }, t), { intent });
      check = {
        rowCount: c.rowCount,
        columns: file.columns,
        included: c.included,
        excludedTotal: c.excludedTotal,
        excluded: c.excluded,
        problems: c.problems,
        sample: c.recipients.slice(0, 5).map((r) => ({ line: r.line, params: r.params })),
      };
    } else {
      const now = new Date();
      const n = await countSegment(db(), segment!, now);
      const fixed = renderParams(template.params, sources, {});
      // A segment has no lines: who it leaves out is listed by customer (the first ones; all are counted).
      const unreachable = await unreachableInSegment(db(), segment!, now, SEGMENT_CHECK_LISTED);
      check = {
        rowCount: null,
        columns: [],
        included: n.reachable,
        excludedTotal: n.total - n.reachable,
        excluded: n.total > n.reachable ? { no_token: n.total - n.reachable } : {},
        problems: await withCustomers(
          db(),
          unreachable.map((customerId) => ({ line: null, reason: "no_token" as const, customerId })),
        ),
        sample: fixed.ok ? [{ line: null, params: fixed.params }] : [],
      };
    }
    return answer({ check }, { intent });
  }

  if (!f.name) return refuse({ name: said(t, { key: "campaigns:build.wizard.errors.name" }) }, { intent });
  const schedule = readSchedule(f);
  if (!schedule.ok) return refuse({ [schedule.field]: said(t, { key: schedule.key }) }, { intent });
  // Scheduling refuses a time already past (scheduleCampaign): say so at the field, before the draft.
  if (scheduleInPast(schedule.schedule, new Date()))
    return refuse(
      {
        [schedule.schedule.mode === "at" ? "atDate" : "localDate"]: said(t, {
          key: "campaigns:build.wizard.errors.inPast",
        }),
      },
      { intent },
    );
  const r = await createDraftCampaign(
    db(),
    {
      name: f.name,
      templateId: template.id,
      paramSources: sources,
      audience: file
        ? { type: "csv", filename: csv!.filename, csv: file }
        : { type: "segment", segment: segment! },
      schedule: schedule.schedule,
      quietStart: f.quietStart,
      quietEnd: f.quietEnd,
      throttlePerSecond: f.throttle,
    },
    { id: staff.id, email: staff.email },
    { ip: clientIp(context) },
  );
  if (!r.ok) {
    const errors = refusalErrors(r, t);
    if (r.reason === "nobody") {
      const check: WizardCheck = {
        rowCount: file?.rowCount ?? null,
        columns: file?.columns ?? [],
        included: 0,
        excludedTotal: Object.values(r.excluded).reduce((s, n) => s + (n ?? 0), 0),
        excluded: r.excluded,
        problems: await withCustomers(db(), r.problems),
        sample: [],
      };
      return answer({ check, errors }, { intent });
    }
    return refuse(errors, { intent });
  }
  return redirectWithToast(`/campaigns/${r.campaignId}/preview`, {
    type: "success",
    title: said(t, { key: "campaigns:build.wizard.draftSaved", params: { count: r.included } }),
  });
}

export default function NewCampaignPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    ActionData<{ check: WizardCheck; errors?: Record<string, string> }> | undefined;
  const { t } = useTranslation("campaigns");
  const errors = result?.ok === false ? result.errors : result?.result?.errors;
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("build.wizard.title")}
        description={t("build.wizard.description")}
        actions={
          <>
            <Link to="/campaigns" className={buttonClasses("ghost")}>
              {t("build.wizard.back")}
            </Link>
            <Link to="/campaigns/templates" className={buttonClasses("secondary")}>
              {t("build.wizard.templates")}
            </Link>
          </>
        }
      />
      <CampaignWizard
        templates={d.templates}
        segments={d.segments}
        maxRows={d.maxRows}
        check={result?.ok ? result.result?.check : undefined}
        errors={errors}
      />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formError } from "~/lib/action-data";
import { Search } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { formatCount } from "~/lib/count";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { AudienceReport } from "~/components/campaigns/audience-report";
import { PayloadView } from "~/components/campaigns/payload-view";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import {
  Button,
  buttonClasses,
  Card,
  ConfirmDialog,
  DateTime,
  Field,
  Input,
  PageHeader,
  StatusBadge,
} from "~/components/ui";
import { db } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import { defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { formatPhone } from "~/lib/phone";
import { formatWib } from "~/lib/time";
import { redirectWithToast } from "~/lib/toast.server";
import { say } from "~/lib/words";
import { campaignAction } from "~/services/campaigns/lifecycle-actions.server";
import { shortDuration } from "~/services/campaigns/preview";
import type { SegmentKey } from "~/services/campaigns/segments-list";
import { getCampaignPreview, type PreviewRow } from "~/services/campaigns/preview.server";

export const meta: MetaFunction = ({ matches }) =>
  pageTitle(metaT(matches)("campaigns:build.preview.title", { name: "" }).replace(/:\s*$/, ""));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "campaigns:read");
  const id = params.campaignId ?? "";
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const preview = isUuid(id) ? await getCampaignPreview(db(), id, { q }) : undefined;
  if (!preview) throw await notFound(request);
  return { preview, canManage: can(me.role, "campaigns:manage") };
}

/** The 404 in the staff member's language (the error page shows it under its own title). */
async function notFound(request: Request): Promise<Response> {
  const t = await requestT(request);
  return new Response(say(t, { key: "campaigns:delivery.detail.notFound" }, "No campaign with this id."), {
    status: 404,
  });
}

const PreviewAction = defineAction(
  z.discriminatedUnion("intent", [z.object({ intent: z.literal("schedule") })]),
  { schedule: "campaigns:manage" },
);

/** Scheduling is camp-delivery's lifecycle (scheduleCampaign): the draft's own schedule, quiet hours and throttle. */
export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = await parseAction(request, PreviewAction);
  if (!parsed.ok) return parsed.reply;
  const t = await requestT(request);
  const id = params.campaignId ?? "";
  const preview = isUuid(id) ? await getCampaignPreview(db(), id) : undefined;
  if (!preview) throw await notFound(request);
  const c = preview.campaign;
  if (c.status !== "draft")
    return refuse(
      { form: say(t, { key: "campaigns:build.preview.notDraft", params: { status: c.status } }) },
      { intent: "schedule" },
    );
  // The campaign page's lifecycle action: its refusals come back as the same translated sentences.
  const out = await campaignAction({ id: parsed.staff.id, email: parsed.staff.email }, c.id, {
    intent: "schedule",
    input: {
      schedule: c.schedule ?? { mode: "now" },
      quietStart: c.quietStart,
      quietEnd: c.quietEnd,
      throttlePerSecond: c.throttlePerSecond,
    },
  });
  if (!out.ok) return refuse({ form: say(t, out, out.key) }, { intent: "schedule" });
  return redirectWithToast(`/campaigns/${c.id}`, {
    type: "success",
    title: say(t, { key: "campaigns:build.preview.scheduled" }) ?? "",
  });
}

function RecipientTable({ rows, caption }: { rows: PreviewRow[]; caption: string }) {
  const { t } = useTranslation("campaigns");
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs font-medium text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 text-left">
              {t("build.preview.columns.recipient")}
            </th>
            <th scope="col" className="px-3 py-2 text-left">
              {t("build.preview.columns.line")}
            </th>
            <th scope="col" className="px-3 py-2 text-left">
              {t("build.preview.columns.zone")}
            </th>
            <th scope="col" className="px-3 py-2 text-left">
              {t("build.preview.columns.text")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} className="align-top">
              <td className="px-3 py-2">
                <Link
                  to={`/customers/${r.customerId}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {r.name ?? r.customerId.slice(0, 8)}
                </Link>
                <div className="text-xs text-slate-500">{formatPhone(r.phone)}</div>
              </td>
              <td className="px-3 py-2 font-mono text-xs text-slate-600">{r.line ?? "—"}</td>
              <td className="px-3 py-2 text-xs" data-testid="recipient-zone">
                <span className="font-medium text-slate-900">{r.zone}</span>
                {r.zoneSource ? (
                  <div className="whitespace-nowrap text-slate-500">
                    {t(`build.preview.zoneSource.${r.zoneSource}`)}
                  </div>
                ) : null}
              </td>
              <td className="px-3 py-2">
                <p className="whitespace-pre-line text-slate-900" data-testid="rendered-text">
                  {r.text}
                </p>
                <PayloadView payload={r.payload} summary={t("build.preview.showPayload")} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function CampaignPreviewPage() {
  const { preview: p, canManage } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("campaigns");
  const c = p.campaign;
  const s = c.schedule;
  const when =
    !s || s.mode === "now"
      ? t("build.preview.scheduleNow")
      : s.mode === "at"
        ? t("build.preview.scheduleAt", { at: formatWibIn(s.at, s.zone, i18n.language), zone: s.zone })
        : t("build.preview.scheduleLocal", { date: s.date, time: s.time });
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("build.preview.title", { name: c.name })}
        description={t("build.preview.description")}
        actions={
          <>
            <Link to={`/campaigns/${c.id}`} className={buttonClasses("ghost")}>
              {t("build.preview.back")}
            </Link>
            {canManage && c.status === "draft" ? (
              <ConfirmDialog
                trigger={<Button>{t("build.preview.scheduleButton")}</Button>}
                title={t("build.preview.scheduleConfirm", { name: c.name, count: p.included })}
                description={t("build.preview.scheduleConfirmText", { when, rate: c.throttlePerSecond })}
                confirmLabel={t("build.preview.scheduleButton")}
                intent="schedule"
              >
                {(r) =>
                  formError(r) ? (
                    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
                      {formError(r)}
                    </p>
                  ) : null
                }
              </ConfirmDialog>
            ) : null}
          </>
        }
      />
      <div className="grid gap-4 md:grid-cols-3">
        <Card title={t("build.preview.audience")}>
          <dl className="space-y-1 text-sm">
            <div className="flex justify-between gap-2">
              <dt className="text-slate-600">{t("build.preview.status")}</dt>
              <dd>
                <StatusBadge status={c.status} />
              </dd>
            </div>
            <div className="flex justify-between gap-2">
              <dt className="text-slate-600">{t("build.preview.template")}</dt>
              <dd className="font-mono text-xs">{p.template.name}</dd>
            </div>
            <div className="flex justify-between gap-2">
              <dt className="text-slate-600">{t("build.preview.audience")}</dt>
              <dd className="text-right">
                {p.audience.type === "csv"
                  ? t("build.preview.audienceCsv", { filename: p.audience.filename })
                  : t("build.preview.audienceSegment", {
                      segment: t(`build.segments.${p.audience.segment as SegmentKey}`, {
                        defaultValue: p.audience.segment ?? "",
                      }),
                    })}
              </dd>
            </div>
            <div className="flex justify-between gap-2">
              <dt className="text-slate-600">{t("build.preview.included")}</dt>
              <dd className="font-semibold tabular-nums text-emerald-800" data-testid="included">
                {formatCount(p.included, i18n.language)}
              </dd>
            </div>
            <div className="flex justify-between gap-2">
              <dt className="text-slate-600">{t("build.preview.excluded")}</dt>
              <dd className="font-semibold tabular-nums text-amber-800" data-testid="excluded">
                {formatCount(p.excludedTotal, i18n.language)}
              </dd>
            </div>
            <div className="flex justify-between gap-2">
              <dt className="text-slate-600">{t("build.preview.byZone")}</dt>
              <dd className="text-xs">
                {(["WIB", "WITA", "WIT"] as const).map((z) => `${z} ${p.byZone[z]}`).join(" · ")}
              </dd>
            </div>
            {p.byZoneSource.unknown < p.included ? (
              <div className="flex justify-between gap-2">
                <dt className="text-slate-600">{t("build.preview.zoneFrom")}</dt>
                <dd className="text-right text-xs" data-testid="zone-sources">
                  {t("build.preview.zoneFromCounts", {
                    csv: formatCount(p.byZoneSource.csv, i18n.language),
                    customer: formatCount(p.byZoneSource.customer, i18n.language),
                    default: formatCount(p.byZoneSource.default, i18n.language),
                  })}
                </dd>
              </div>
            ) : null}
          </dl>
        </Card>
        <Card title={t("build.preview.schedule")}>
          <ul className="space-y-1 text-sm text-slate-800">
            <li>{when}</li>
            {p.scheduleInPast ? (
              <li role="status" className="rounded-md bg-amber-50 px-2 py-1 text-amber-900" data-testid="schedule-past">
                {t("build.preview.scheduleInPast")}
              </li>
            ) : null}
            <li>{t("build.preview.throttle", { n: c.throttlePerSecond })}</li>
            <li>{t("build.preview.quiet", { start: c.quietStart, end: c.quietEnd })}</li>
          </ul>
        </Card>
        <Card title={t("build.preview.estimate")}>
          <ul className="space-y-1 text-sm text-slate-800" data-testid="estimate">
            <li>
              {t("build.preview.sendingTime", {
                duration: shortDuration(p.estimate.sendingSeconds),
                rate: c.throttlePerSecond,
              })}
            </li>
            {p.estimate.finishAt ? (
              <li>
                {t("build.preview.finishAround", { at: "" })}
                <DateTime value={p.estimate.finishAt} />
              </li>
            ) : null}
            {p.estimate.deferred ? (
              <li>{t("build.preview.deferred", { count: p.estimate.deferred })}</li>
            ) : null}
          </ul>
        </Card>
      </div>

      <Card title={t("build.preview.excluded")}>
        {p.excludedTotal === 0 ? (
          <p className="text-sm text-slate-600">{t("build.preview.noProblems")}</p>
        ) : (
          <AudienceReport
            excluded={p.excluded}
            problems={p.problems}
            total={p.excludedTotal}
            reasonsCaption={t("build.preview.reasonsCaption")}
            problemsCaption={t("build.preview.problemsCaption")}
          />
        )}
      </Card>

      <section className="space-y-3">
        <Form method="get" className="flex max-w-xl items-end gap-2" role="search">
          <Field className="flex-1" label={t("build.preview.search")} hint={t("build.preview.searchHint")}>
            <Input name="q" type="search" defaultValue={p.search?.q ?? ""} />
          </Field>
          <Button type="submit" variant="secondary">
            <Search aria-hidden className="size-4" />
            {t("build.preview.find")}
          </Button>
        </Form>
        {p.search ? (
          <div className="space-y-2">
            <h2 className="text-sm font-semibold text-slate-900">
              {t("build.preview.results", { q: p.search.q })}
            </h2>
            {p.search.rows.length ? (
              <RecipientTable rows={p.search.rows} caption={t("build.preview.results", { q: p.search.q })} />
            ) : (
              <p className="text-sm text-slate-600">{t("build.preview.noResults", { q: p.search.q })}</p>
            )}
          </div>
        ) : null}
      </section>

      <section className="space-y-2">
        <h2 className="text-sm font-semibold text-slate-900">
          {t("build.preview.first", { count: p.rows.length })}
        </h2>
        <RecipientTable rows={p.rows} caption={t("build.preview.first", { count: p.rows.length })} />
      </section>
    </div>
  );
}


/** An instant as the wall-clock time in its zone ("at 10:00 WITA" shows 10:00, not WIB's 09:00). */
function formatWibIn(iso: string, zone: "WIB" | "WITA" | "WIT", locale: string): string {
  const shift = { WIB: 0, WITA: 1, WIT: 2 }[zone] * 3600_000;
  return formatWib(new Date(new Date(iso).getTime() + shift), locale).replace(/ WIB$/, "");
}

export { GeneralErrorBoundary as ErrorBoundary };

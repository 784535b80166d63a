import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Download, Pause, Play, RotateCcw, XCircle } from "~/components/ui/icons";
import { useEffect } from "react";
import { useQuietRevalidate } from "~/lib/quiet-revalidate";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import {
  CampaignStatusBadge,
  DeliveryProgress,
  ScheduleText,
} from "~/components/campaigns/delivery-progress";
import { AudienceReport } from "~/components/campaigns/audience-report";
import { RecipientLogTable } from "~/components/campaigns/recipient-log";
import { ScheduleForm } from "~/components/campaigns/schedule-form";
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
  Pagination,
  Select,
  StaleCursorNotice,
} from "~/components/ui";
import { db } from "~/db/client.server";
import type { ActionData } from "~/lib/action-data";
import { defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { redirectWithToast } from "~/lib/toast.server";
import { cursorParams } from "~/lib/stale-cursor";
import { formatWib, formatWibDay } from "~/lib/time";
import { say } from "~/lib/words";
import { campaignLeftOut } from "~/services/campaigns/left-out.server";
import { campaignAction, scheduleFromForm } from "~/services/campaigns/lifecycle-actions.server";
import { getCampaign, parseLogFilters, recipientLog } from "~/services/campaigns/recipients-log.server";
import { RECIPIENT_STATUSES } from "~/services/campaigns/types";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.campaign.name, metaT(matches)("campaigns:delivery.list.title"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "campaigns:read");
  const campaign = await getCampaign(db(), params.campaignId ?? "");
  if (!campaign)
    throw new Response(
      say(await requestT(request), { key: "campaigns:delivery.detail.notFound" }, "No campaign with this id."),
      { status: 404 },
    );
  const sp = new URL(request.url).searchParams;
  const filters = parseLogFilters(sp);
  const log = await recipientLog(db(), campaign.id, { ...filters, ...cursorParams(sp) });
  const leftOut = await campaignLeftOut(db(), campaign.id);
  return { campaign, log, leftOut, canManage: can(me.role, "campaigns:manage") };
}

const CampaignAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("schedule"),
      mode: z.enum(["now", "at", "local"]),
      date: z.string().optional(),
      time: z.string().optional(),
      zone: z.enum(["WIB", "WITA", "WIT"]).optional(),
      quietStart: z.string(),
      quietEnd: z.string(),
      throttle: z.string(),
    }),
    z.object({ intent: z.literal("pause") }),
    z.object({ intent: z.literal("resume") }),
    z.object({ intent: z.literal("cancel") }),
    z.object({ intent: z.literal("retryFailed") }),
  ]),
  {
    schedule: "campaigns:manage",
    pause: "campaigns:manage",
    resume: "campaigns:manage",
    cancel: "campaigns:manage",
    retryFailed: "campaigns:manage",
  },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = await parseAction(request, CampaignAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const t = await requestT(request);
  const id = params.campaignId ?? "";
  const here = `/campaigns/${id}`;
  const actor = { id: staff.id, email: staff.email };
  if (input.intent === "schedule") {
    const s = scheduleFromForm(input);
    if (!s.ok)
      return refuse({ [s.field]: say(t, { key: s.key }, s.key) }, { intent: "schedule", values: s.values });
    const out = await campaignAction(actor, id, { intent: "schedule", input: s.input });
    if (!out.ok)
      return refuse({ form: say(t, out, out.key) }, { intent: "schedule", values: formValues(input) });
    return redirectWithToast(here, { type: "success", title: say(t, out.toast, out.key) });
  }
  const out = await campaignAction(actor, id, { intent: input.intent });
  if (!out.ok) return refuse({ form: say(t, out, out.key) }, { intent: input.intent });
  return redirectWithToast(here, { type: "success", title: say(t, out.toast, out.key) });
}

const formValues = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === "string")) as Record<string, string>;

/** Polls while the campaign is moving (the fetch is marked X-Loket-Background by the shell when no one is typing). */
function useLiveProgress(active: boolean) {
  const revalidate = useQuietRevalidate();
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(revalidate, 3_000);
    return () => window.clearInterval(id);
  }, [active, revalidate]);
}

export default function CampaignPage() {
  const { campaign: c, log, leftOut, canManage } = useLoaderData<typeof loader>();
  const answer = useActionData<ActionData>();
  const { t, i18n } = useTranslation("campaigns");
  const [params] = useSearchParams();
  // Polls while scheduled too (to see it start), but says "live" only while it is sending.
  useLiveProgress(c.status === "sending" || c.status === "scheduled");
  const formErr = answer?.ok === false && answer.intent !== "schedule" ? answer.errors?.form : undefined;
  const pause = c.pauseReason?.startsWith("gopay_errors:") ? c.pauseReason.split(":") : undefined;
  const exportHref = `/campaigns/${c.id}/recipients.csv?${new URLSearchParams([...params.entries()].filter(([k]) => k === "status" || k === "q"))}`;

  return (
    <div className="space-y-6">
      <PageHeader
        title={c.name}
        description={`${t(`delivery.kind.${c.kind}`)} · ${c.templateName}`}
        actions={
          <Link className="text-sm text-brand-700 hover:underline" to="/campaigns">
            {t("delivery.detail.back")}
          </Link>
        }
      />
      <Card>
        <div className="space-y-4">
          <div className="flex flex-wrap items-center gap-3">
            <CampaignStatusBadge status={c.status} />
            {c.status === "sending" ? (
              <span className="text-xs text-slate-500">{t("delivery.progress.live")}</span>
            ) : null}
            {c.status === "scheduled" ? (
              <span className="text-xs text-slate-500" data-testid="starts">
                {c.schedule?.mode === "local"
                  ? t("delivery.progress.startsLocal", { date: formatWibDay(c.schedule.date, i18n.language), time: c.schedule.time })
                  : c.scheduledAt
                    ? t("delivery.progress.startsAt", { when: formatWib(c.scheduledAt, i18n.language) })
                    : null}
              </span>
            ) : null}
          </div>
          <DeliveryProgress progress={c.progress} />
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
            <Item label={t("delivery.table.schedule")}>
              <ScheduleText schedule={c.schedule} scheduledAt={c.scheduledAt} />
            </Item>
            <Item label={t("delivery.detail.throttle")}>
              {c.throttlePerSecond > 0
                ? t("delivery.detail.throttleValue", { count: c.throttlePerSecond })
                : t("delivery.detail.throttleOff")}
            </Item>
            <Item label={t("delivery.detail.quietHours")}>
              {t("delivery.detail.quietValue", { start: c.quietStart, end: c.quietEnd })}
            </Item>
            {c.startedAt ? (
              <Item label={t("delivery.detail.started")}>
                <DateTime value={c.startedAt} />
              </Item>
            ) : null}
            {c.finishedAt ? (
              <Item label={t("delivery.detail.finished")}>
                <DateTime value={c.finishedAt} />
              </Item>
            ) : null}
            {c.lastError ? <Item label={t("delivery.detail.lastError")}>{c.lastError}</Item> : null}
          </dl>
          {c.status === "paused" ? (
            <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {pause
                ? t("delivery.detail.pausedGopay", {
                    count: Number(pause[1]),
                    last: pause.slice(2).join(":"),
                  })
                : t("delivery.detail.pausedManual")}
            </p>
          ) : null}
          {c.progress.unknown > 0 ? (
            <p
              role="status"
              data-testid="unknown-outcomes"
              className="rounded-md bg-violet-50 px-3 py-2 text-sm text-violet-900"
            >
              {t("delivery.detail.unknownNotice", { count: c.progress.unknown })}
            </p>
          ) : null}
          {canManage ? (
            <LifecycleButtons
              name={c.name}
              status={c.status}
              pending={c.progress.pending + c.progress.deferred}
              failed={c.progress.failed + c.progress.unknown}
            />
          ) : null}
          {formErr ? (
            <p role="alert" className="text-sm text-red-700">
              {formErr}
            </p>
          ) : null}
        </div>
      </Card>
      {canManage && c.status === "draft" ? (
        <ScheduleForm
          answer={answer}
          defaults={{ quietStart: c.quietStart, quietEnd: c.quietEnd, throttle: c.throttlePerSecond }}
        />
      ) : null}
      {leftOut && leftOut.total > 0 ? (
        <section aria-labelledby="left-out-title" className="space-y-3" data-testid="left-out">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <h2 id="left-out-title" className="text-sm font-semibold text-slate-900">
              {t("delivery.leftOut.title", { count: leftOut.total })}
            </h2>
            {leftOut.stored > 0 ? (
              <a
                className={buttonClasses("secondary", "sm")}
                href={`/campaigns/${c.id}/problems.csv`}
                download
              >
                <Download aria-hidden className="size-3.5" />
                {leftOut.stored < leftOut.total
                  ? t("delivery.leftOut.exportFirst", { count: leftOut.stored })
                  : t("delivery.leftOut.export")}
              </a>
            ) : null}
          </div>
          <Card>
            <AudienceReport
              excluded={leftOut.excluded}
              problems={leftOut.problems}
              total={leftOut.total}
              reasonsCaption={t("delivery.leftOut.reasons")}
              problemsCaption={t("delivery.leftOut.rows")}
            />
          </Card>
        </section>
      ) : null}
      <section aria-labelledby="log-title" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="log-title" className="text-sm font-semibold text-slate-900">
            {t("delivery.log.title")}
          </h2>
          <a className={buttonClasses("secondary", "sm")} href={exportHref} download>
            <Download aria-hidden className="size-3.5" />
            {t("delivery.log.export")}
          </a>
        </div>
        <Form method="get" className="flex flex-wrap items-end gap-3">
          <Field label={t("delivery.log.status")}>
            <Select name="status" defaultValue={params.get("status") ?? ""}>
              <option value="">{t("delivery.log.any")}</option>
              {RECIPIENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`delivery.recipientStatus.${s}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t("delivery.log.search")}>
            <Input
              name="q"
              type="search"
              defaultValue={params.get("q") ?? ""}
              placeholder={t("delivery.log.searchPlaceholder")}
              className="w-64"
            />
          </Field>
          <Button type="submit" variant="secondary">
            {t("delivery.log.apply")}
          </Button>
        </Form>
        <StaleCursorNotice show={log.staleCursor} />
        <RecipientLogTable rows={log.rows} />
        <Pagination
          newerCursor={log.newerCursor}
          olderCursor={log.olderCursor}
          label={t("delivery.log.pagination")}
        />
      </section>
    </div>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}

function LifecycleButtons({
  name,
  status,
  pending,
  failed,
}: {
  name: string;
  status: string;
  pending: number;
  failed: number;
}) {
  const { t } = useTranslation("campaigns");
  return (
    <div className="flex flex-wrap gap-2">
      {status === "sending" || status === "scheduled" ? (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm">
              <Pause aria-hidden className="size-3.5" />
              {t("delivery.actions.pause")}
            </Button>
          }
          title={t("delivery.actions.pauseTitle")}
          description={t("delivery.actions.pauseText")}
          confirmLabel={t("delivery.actions.pause")}
          cancelLabel={t("delivery.actions.keep")}
          intent="pause"
        />
      ) : null}
      {status === "paused" ? (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm">
              <Play aria-hidden className="size-3.5" />
              {t("delivery.actions.resume")}
            </Button>
          }
          title={t("delivery.actions.resumeTitle")}
          description={t("delivery.actions.resumeText")}
          confirmLabel={t("delivery.actions.resume")}
          cancelLabel={t("delivery.actions.keep")}
          intent="resume"
        />
      ) : null}
      {failed > 0 && ["completed", "failed", "paused", "sending"].includes(status) ? (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm">
              <RotateCcw aria-hidden className="size-3.5" />
              {t("delivery.actions.retryFailed")}
            </Button>
          }
          title={t("delivery.actions.retryTitle")}
          description={t("delivery.actions.retryText", { count: failed })}
          confirmLabel={t("delivery.actions.retryFailed")}
          cancelLabel={t("delivery.actions.keep")}
          intent="retryFailed"
        />
      ) : null}
      {["draft", "scheduled", "sending", "paused"].includes(status) ? (
        <ConfirmDialog
          trigger={
            <Button variant="danger" size="sm">
              <XCircle aria-hidden className="size-3.5" />
              {t("delivery.actions.cancel")}
            </Button>
          }
          title={t("delivery.actions.cancelTitle", { name })}
          description={t("delivery.actions.cancelText", { pending })}
          confirmLabel={t("delivery.actions.cancelConfirm")}
          cancelLabel={t("delivery.actions.keep")}
          danger
          intent="cancel"
        />
      ) : null}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

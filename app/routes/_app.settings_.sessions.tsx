import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LogOut, MonitorSmartphone } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { clientIp } from "~/auth/request-meta.server";
import { idleTimeoutMs } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { Badge, Button, Card, ConfirmDialog, DataTable, DateTime, PageHeader, type Column, type ConfirmResult } from "~/components/ui";
import { db } from "~/db/client.server";
import { fieldError } from "~/lib/action-data";
import { defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { redirectWithToast } from "~/lib/toast.server";
import { say } from "~/lib/words";
import { ruleErrors } from "~/services/staff/form-errors";
import { endMySession, endOtherSessions, mySessions, type SessionView } from "~/services/staff/sessions.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("settings:sessions.title"));

/** Every staff member's own sessions (any role): outside the admin-only settings layout. */
export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "account:sessions");
  return { sessions: await mySessions(db(), me), idleMinutes: Math.round((idleTimeoutMs() / 60_000) * 10) / 10 };
}

const SessionsAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("end"), sessionId: z.string().regex(/^[0-9a-f]{64}$/, "settings:sessions.errors.gone") }),
    z.object({ intent: z.literal("end-others") }),
  ]),
  { end: "account:sessions", "end-others": "account:sessions" },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, SessionsAction, { target: "sessionId" });
  if (!parsed.ok) return parsed.reply;
  const { staff: me, input } = parsed;
  const t = await requestT(request);
  const ip = clientIp(context);
  try {
    if (input.intent === "end-others") {
      const ended = await endOtherSessions(db(), me, ip);
      return redirectWithToast("/settings/sessions", { type: "success", title: say(t, { key: "settings:sessions.toast.endedOthers", params: { count: ended } }, `${ended} other sessions signed out`) });
    }
    await endMySession(db(), me, input.sessionId, ip);
    // Ending this very session is signing out.
    if (input.sessionId === me.sessionId) return redirectWithToast("/login", { type: "success", title: say(t, { key: "settings:sessions.toast.ended" }, "Session signed out") });
    return redirectWithToast("/settings/sessions", { type: "success", title: say(t, { key: "settings:sessions.toast.ended" }, "Session signed out") });
  } catch (err) {
    return refuse(ruleErrors(err, t), { intent: input.intent, target: input.intent === "end" ? input.sessionId : undefined });
  }
}

function formError(r: ConfirmResult) {
  const msg = fieldError(r, "form") ?? fieldError(r, "sessionId");
  return msg ? (
    <p role="alert" className="text-sm text-red-700">
      {msg}
    </p>
  ) : null;
}

function useDevice() {
  const { t } = useTranslation("settings");
  return (s: SessionView) =>
    s.browser && s.os ? t("sessions.deviceOn", { browser: s.browser, os: s.os }) : (s.browser ?? s.os ?? t("sessions.unknownDevice"));
}

export default function MySessions() {
  const { t } = useTranslation("settings");
  const { sessions, idleMinutes } = useLoaderData<typeof loader>();
  const device = useDevice();
  const others = sessions.filter((s) => !s.current).length;
  const columns: Column<SessionView>[] = [
    {
      key: "device",
      header: t("sessions.columns.device"),
      cell: (s) => (
        <span className="flex items-center gap-2">
          <MonitorSmartphone aria-hidden className="size-4 shrink-0 text-slate-400" />
          <span className="font-medium">{device(s)}</span>
          {s.current ? <Badge tone="success">{t("sessions.current")}</Badge> : null}
        </span>
      ),
    },
    { key: "ip", header: t("sessions.columns.ip"), cell: (s) => <span className="font-mono text-xs">{s.ip ?? t("sessions.unknownIp")}</span> },
    { key: "created", header: t("sessions.columns.created"), cell: (s) => <DateTime value={s.createdAt} /> },
    { key: "lastSeen", header: t("sessions.columns.lastSeen"), cell: (s) => <DateTime value={s.lastSeenAt} /> },
    {
      key: "actions",
      header: <span className="sr-only">{t("sessions.columns.actions")}</span>,
      align: "right",
      cell: (s) => (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm" aria-label={`${t("sessions.end.button")}: ${device(s)}${s.ip ? ` (${s.ip})` : ""}`}>
              {t("sessions.end.button")}
            </Button>
          }
          title={t("sessions.end.title", { device: device(s) })}
          description={t("sessions.end.description")}
          confirmLabel={t("sessions.end.button")}
          danger
          intent="end"
          hidden={{ sessionId: s.id }}
        >
          {formError}
        </ConfirmDialog>
      ),
    },
  ];
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("sessions.title")}
        description={t("sessions.description", { count: idleMinutes })}
        actions={
          others > 0 ? (
            <ConfirmDialog
              trigger={
                <Button variant="secondary">
                  <LogOut aria-hidden className="size-4" />
                  {t("sessions.endOthers.button")}
                </Button>
              }
              title={t("sessions.endOthers.title")}
              description={t("sessions.endOthers.description")}
              confirmLabel={t("sessions.endOthers.button")}
              danger
              intent="end-others"
            >
              {formError}
            </ConfirmDialog>
          ) : null
        }
      />
      <Card>
        <DataTable columns={columns} rows={sessions} rowKey={(s) => s.id} caption={t("sessions.caption")} />
        {others === 0 ? <p className="mt-3 text-sm text-slate-600">{t("sessions.onlyHere")}</p> : null}
      </Card>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ROLES, type Role } from "~db/schema";
import { requireStaff } from "~/auth/guard.server";
import { isReauthenticated, reauthenticate, reauthenticatedUntil, REAUTH_REQUIRED } from "~/auth/reauth.server";
import { ReauthPanel } from "~/components/security/reauth";
import { StepUpFields, stepUpNeeded } from "~/components/security/step-up";
import { resetSecondFactor, secondFactorStatus } from "~/services/staff/second-factor.server";
import { clientIp } from "~/auth/request-meta.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useResetOnSuccess } from "~/components/forms/use-reset-on-success";
import { metaT, pageTitle } from "~/components/meta";
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  DateTime,
  Field,
  Input,
  PageHeader,
  Select,
  StatusButton,
  type Column,
  type ConfirmResult,
} from "~/components/ui";
import { db } from "~/db/client.server";
import { answer, defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { say } from "~/lib/words";
import { fieldError, type ActionData } from "~/lib/action-data";
import { redirectWithToast } from "~/lib/toast.server";
import { ruleErrors } from "~/services/staff/form-errors";
import { changeRole, createStaff, listStaff, resetPassword, setActive, type StaffRow } from "~/services/staff/manage-staff.server";
import { endStaffSessions } from "~/services/staff/sessions.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("settings:staff.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "settings:staff");
  const until = await reauthenticatedUntil(db(), me.sessionId);
  const mine = await secondFactorStatus(db(), me.id);
  return { staff: await listStaff(db()), meId: me.id, reauthUntil: until?.toISOString() ?? null, meEnrolled: !!mine?.enrolled };
}

const optionalPassword = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));
// The step-up typed in a confirm dialog itself (StepUpFields), checked before the action.
const stepUp = { reauthPassword: z.string().max(1024).optional(), reauthCode: z.string().trim().max(40).optional() };
const StaffAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("create"),
      email: z.string().trim().min(1, "settings:staff.errors.emailRequired").max(254, "auth:errors.emailTooLong"),
      name: z.string().trim().min(1, "settings:staff.errors.name").max(120),
      role: z.enum(ROLES, { message: "settings:staff.errors.role" }),
      password: optionalPassword,
      ...stepUp,
    }),
    z.object({ intent: z.literal("change-role"), staffId: z.string().uuid("settings:staff.errors.gone"), role: z.enum(ROLES, { message: "settings:staff.errors.role" }), ...stepUp }),
    z.object({ intent: z.literal("deactivate"), staffId: z.string().uuid("settings:staff.errors.gone"), ...stepUp }),
    z.object({ intent: z.literal("reactivate"), staffId: z.string().uuid("settings:staff.errors.gone"), ...stepUp }),
    z.object({ intent: z.literal("end-sessions"), staffId: z.string().uuid("settings:staff.errors.gone"), ...stepUp }),
    z.object({ intent: z.literal("reset-password"), staffId: z.string().uuid("settings:staff.errors.gone"), password: optionalPassword, ...stepUp }),
    z.object({ intent: z.literal("reset-second-factor"), staffId: z.string().uuid("settings:staff.errors.gone"), ...stepUp }),
  ]),
  {
    create: "settings:staff",
    "change-role": "settings:staff",
    deactivate: "settings:staff",
    reactivate: "settings:staff",
    "end-sessions": "settings:staff",
    "reset-password": "settings:staff",
    "reset-second-factor": "settings:staff",
  },
);

/** A generated password, shown once in the answer to the admin who asked for it. */
type Generated = { email: string; password: string };
function isGenerated(v: unknown): v is Generated {
  return !!v && typeof v === "object" && typeof (v as Generated).email === "string" && typeof (v as Generated).password === "string";
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, StaffAction, { target: "staffId" });
  if (!parsed.ok) return parsed.reply;
  const { staff: me, input } = parsed;
  const actor = { id: me.id, email: me.email, ip: clientIp(context) };
  const target = "staffId" in input ? input.staffId : undefined;
  const t = await requestT(request);
  // Every admin action on staff needs a fresh password + code (app/auth/reauth.server.ts). The
  // forms send them when the page knew it was due (StepUpFields: in the confirm dialogs, in the
  // role dialog and in the create form): checked here first (same throttle and audit as /reauth),
  // then the action, in one submit. Without them: "Confirm it's you first", nothing done.
  if (!(await isReauthenticated(db(), me.sessionId))) {
    if (!input.reauthPassword) {
      return refuse({ form: say(t, REAUTH_REQUIRED, "Confirm it's you first (password and code), then try again."), reauth: "1" }, { intent: input.intent, target });
    }
    const r = await reauthenticate(db(), me, { password: input.reauthPassword, code: input.reauthCode, ip: actor.ip });
    if (!r.ok) return refuse({ form: say(t, r.words, "That password or code is not right."), reauth: "1" }, { intent: input.intent, target, status: r.throttled ? 429 : 400 });
  }
  try {
    switch (input.intent) {
      case "create": {
        const res = await createStaff(db(), actor, input);
        if (res.generatedPassword) return answer<Generated>({ email: input.email.toLowerCase(), password: res.generatedPassword }, { intent: input.intent });
        return redirectWithToast("/settings/staff", { type: "success", title: say(t, { key: "settings:staff.toast.created", params: { email: input.email } }, `${input.email} can now sign in`) });
      }
      case "change-role":
        await changeRole(db(), actor, input.staffId, input.role);
        return redirectWithToast("/settings/staff", { type: "success", title: say(t, { key: "settings:staff.toast.roleChanged", params: { role: say(t, { key: `common:roles.${input.role}` }, input.role) } }, `Role changed to ${input.role}`) });
      case "deactivate":
        await setActive(db(), actor, input.staffId, false);
        return redirectWithToast("/settings/staff", { type: "success", title: say(t, { key: "settings:staff.toast.deactivated" }, "Deactivated and signed out everywhere") });
      case "reactivate":
        await setActive(db(), actor, input.staffId, true);
        return redirectWithToast("/settings/staff", { type: "success", title: say(t, { key: "settings:staff.toast.reactivated" }, "Reactivated") });
      case "end-sessions": {
        const res = await endStaffSessions(db(), actor, input.staffId);
        return redirectWithToast("/settings/staff", { type: "success", title: say(t, { key: "settings:staff.toast.sessionsEnded", params: { email: res.email, count: res.ended } }, `${res.email}: ${res.ended} sessions ended`) });
      }
      case "reset-password": {
        const res = await resetPassword(db(), actor, input.staffId, input.password);
        if (res.generatedPassword) return answer<Generated>({ email: res.email, password: res.generatedPassword }, { intent: input.intent, target });
        return redirectWithToast("/settings/staff", { type: "success", title: say(t, { key: "settings:staff.toast.passwordChanged" }, "Password changed; their sessions were ended") });
      }
      case "reset-second-factor":
        await resetSecondFactor(db(), actor, input.staffId);
        return redirectWithToast("/settings/staff", { type: "success", title: say(t, { key: "security:staff.resetDone" }, "Second factor reset; their sessions were ended") });
    }
  } catch (err) {
    return refuse(ruleErrors(err, t), { intent: input.intent, target });
  }
}

type StaffActionData = ActionData<Generated>;

function GeneratedPassword({ generated }: { generated: { email: string; password: string } }) {
  const { t } = useTranslation("settings");
  return (
    <div role="status" className="mb-6 rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
      <p className="font-medium">{t("staff.generated.title", { email: generated.email })}</p>
      <p className="mt-1">
        <code className="rounded bg-white px-2 py-1 font-mono text-base select-all" data-testid="generated-password">
          {generated.password}
        </code>
      </p>
      <p className="mt-1 text-xs">{t("staff.generated.hint")}</p>
    </div>
  );
}

function CreateStaff({ result, stepUp }: { result?: StaffActionData; stepUp: StepUp }) {
  const { t } = useTranslation(["settings", "common"]);
  const errors = result?.intent === "create" && !result.ok ? result.errors : undefined;
  const formRef = useResetOnSuccess("create", !!errors);
  return (
    <Card title={t("staff.create.title")} description={t("staff.create.description")}>
      <Form method="post" ref={formRef} className="grid gap-4 sm:grid-cols-2" noValidate>
        {errors?.form ? (
          <p role="alert" className="text-sm text-red-700 sm:col-span-2">
            {errors.form}
          </p>
        ) : null}
        <Field label={t("staff.create.email")} error={errors?.email}>
          <Input name="email" type="email" autoComplete="off" maxLength={254} required />
        </Field>
        <Field label={t("staff.create.name")} error={errors?.name}>
          <Input name="name" autoComplete="off" maxLength={120} required />
        </Field>
        <Field label={t("staff.create.role")} error={errors?.role}>
          <Select name="role" defaultValue="support">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`common:roles.${r}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("staff.create.password")} hint={t("staff.create.passwordHint")} error={errors?.password}>
          <Input name="password" type="password" autoComplete="new-password" maxLength={256} />
        </Field>
        {/* The step-up, when due, in this form too: one submit confirms it's you and adds them. */}
        <div className="sm:col-span-2">
          <StepUpFields until={stepUp.until} needsCode={stepUp.needsCode} result={result?.intent === "create" ? result : undefined} autoFocus={false} />
        </div>
        <div className="sm:col-span-2">
          <StatusButton intent="create">{t("staff.create.submit")}</StatusButton>
        </div>
      </Form>
    </Card>
  );
}

function RoleForm({ row, isMe, result, stepUp }: { row: StaffRow; isMe: boolean; result?: StaffActionData; stepUp: StepUp }) {
  // Chosen role, for the step-up dialog's hidden field (the dialog's form is not this form).
  const [role, setRole] = useState<Role>(row.role);
  const error = result?.intent === "change-role" && result.target === row.id && !result.ok ? result.errors?.role ?? result.errors?.form : undefined;
  const { t } = useTranslation(["settings", "common"]);
  const errorId = `role-error-${row.id}`;
  const hintId = `role-hint-${row.id}`;
  // Your own role cannot be changed here (the server refuses it too): say so instead of offering it.
  const describedBy = [isMe ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <Form method="post" className="min-w-0">
      <input type="hidden" name="staffId" value={row.id} />
      <div className="flex items-center gap-2">
        <Select
          name="role"
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as Role)}
          aria-label={t("staff.roleOf", { email: row.email })}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          disabled={isMe}
          className="w-auto min-w-[8.5rem] pr-8"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`common:roles.${r}`)}
            </option>
          ))}
        </Select>
        {isMe ? null : stepUpNeeded(stepUp.until, undefined) ? (
          // No recent step-up: "Save role" asks for it in a dialog, and one confirm does both.
          <ConfirmDialog
            trigger={
              <Button variant="secondary" size="sm">
                {t("staff.saveRole")}
              </Button>
            }
            title={t("staff.changeRole.title", { email: row.email, role: t(`common:roles.${role}`) })}
            description={t("staff.changeRole.description")}
            confirmLabel={t("staff.saveRole")}
            intent="change-role"
            hidden={{ staffId: row.id, role }}
          >
            {(r) => (
              <>
                {formError(r)}
                <StepUpFields until={stepUp.until} needsCode={stepUp.needsCode} result={r} />
              </>
            )}
          </ConfirmDialog>
        ) : (
          <StatusButton intent="change-role" variant="secondary" size="sm">
            {t("staff.saveRole")}
          </StatusButton>
        )}
      </div>
      {isMe ? (
        <p id={hintId} className="mt-1 max-w-56 text-xs text-slate-500">
          {t("staff.ownRoleHint")}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className="mt-1 max-w-56 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </Form>
  );
}

function formError(r: ConfirmResult) {
  // "role": the role dialog's refusal at its (hidden) field, said in the dialog.
  const msg = fieldError(r, "form") ?? fieldError(r, "staffId") ?? fieldError(r, "role");
  return msg ? (
    <p role="alert" className="text-sm text-red-700">
      {msg}
    </p>
  ) : null;
}

/** The confirm dialog's own error, then the step-up when it is due (as on /settings/sessions). */
function withStepUp(stepUp: StepUp) {
  return (r: ConfirmResult) => (
    <>
      {formError(r)}
      <StepUpFields until={stepUp.until} needsCode={stepUp.needsCode} result={r} />
    </>
  );
}

type StepUp = { until: string | null; needsCode: boolean };

function RowActions({ row, isMe, onGenerated, stepUp }: { row: StaffRow; isMe: boolean; onGenerated: (g: Generated | undefined) => void; stepUp: StepUp }) {
  const { t } = useTranslation(["settings", "security"]);
  return (
    <div className="flex flex-wrap justify-end gap-2">
      {row.active ? (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm" disabled={isMe} title={isMe ? t("staff.deactivate.notYourself") : undefined}>
              {t("staff.deactivate.button")}
            </Button>
          }
          title={t("staff.deactivate.title", { email: row.email })}
          description={t("staff.deactivate.description")}
          confirmLabel={t("staff.deactivate.button")}
          danger
          intent="deactivate"
          hidden={{ staffId: row.id }}
        >
          {withStepUp(stepUp)}
        </ConfirmDialog>
      ) : (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm">
              {t("staff.reactivate.button")}
            </Button>
          }
          title={t("staff.reactivate.title", { email: row.email })}
          description={t("staff.reactivate.description")}
          confirmLabel={t("staff.reactivate.button")}
          intent="reactivate"
          hidden={{ staffId: row.id }}
        >
          {withStepUp(stepUp)}
        </ConfirmDialog>
      )}
      {row.active ? (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm">
              {t("endSessions.button")}
            </Button>
          }
          title={t("endSessions.title", { email: row.email })}
          description={t("endSessions.description")}
          confirmLabel={t("endSessions.button")}
          danger
          intent="end-sessions"
          hidden={{ staffId: row.id }}
        >
          {withStepUp(stepUp)}
        </ConfirmDialog>
      ) : null}
      <ConfirmDialog
        trigger={
          <Button variant="secondary" size="sm">
            {t("staff.reset.button")}
          </Button>
        }
        title={t("staff.reset.title", { email: row.email })}
        description={t("staff.reset.description")}
        confirmLabel={t("staff.reset.button")}
        danger
        intent="reset-password"
        hidden={{ staffId: row.id }}
        onDone={(r) => onGenerated(isGenerated(r?.result) ? r.result : undefined)}
      >
        {(r) => (
          <>
            {formError(r)}
            <Field label={t("staff.reset.password")} hint={t("staff.reset.passwordHint")} error={fieldError(r, "password")}>
              <Input name="password" type="password" autoComplete="new-password" />
            </Field>
            <StepUpFields until={stepUp.until} needsCode={stepUp.needsCode} result={r} />
          </>
        )}
      </ConfirmDialog>
      {row.secondFactorAt ? (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm">
              {t("security:staff.reset")}
            </Button>
          }
          title={t("security:staff.resetTitle", { email: row.email })}
          description={t("security:staff.resetBody")}
          confirmLabel={t("security:staff.reset")}
          danger
          intent="reset-second-factor"
          hidden={{ staffId: row.id }}
        >
          {withStepUp(stepUp)}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

export default function StaffSettings() {
  const { t } = useTranslation(["settings", "security"]);
  const { staff, meId, reauthUntil, meEnrolled } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [resetGenerated, setResetGenerated] = useState<Generated>();
  const generated = (result?.ok ? result.result : undefined) ?? resetGenerated;
  const columns: Column<StaffRow>[] = [
    { key: "email", header: t("staff.columns.email"), cell: (r) => <span className="font-medium">{r.email}</span> },
    { key: "name", header: t("staff.columns.name"), cell: (r) => r.name },
    { key: "role", header: t("staff.columns.role"), cell: (r) => <RoleForm row={r} isMe={r.id === meId} result={result} stepUp={{ until: reauthUntil, needsCode: meEnrolled }} /> },
    {
      key: "active",
      header: t("staff.columns.status"),
      cell: (r) => (
        <span className="flex flex-wrap gap-1">
          {r.active ? <Badge tone="success">{t("staff.active")}</Badge> : <Badge tone="neutral">{t("staff.deactivated")}</Badge>}
          {r.secondFactorAt ? <Badge tone="success">{t("security:staff.on")}</Badge> : <Badge tone="neutral">{t("security:staff.off")}</Badge>}
        </span>
      ),
    },
    { key: "created", header: t("staff.columns.created"), cell: (r) => <DateTime value={r.createdAt} wrap /> },
    { key: "actions", header: <span className="sr-only">{t("staff.columns.actions")}</span>, align: "right", cell: (r) => <RowActions row={r} isMe={r.id === meId} onGenerated={setResetGenerated} stepUp={{ until: reauthUntil, needsCode: meEnrolled }} /> },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title={t("staff.title")} description={t("staff.description")} />
      <ReauthPanel until={reauthUntil} needsCode={meEnrolled} note={t("security:reauth.needed")} />
      {generated ? <GeneratedPassword generated={generated} /> : null}
      <DataTable columns={columns} rows={staff} rowKey={(r) => r.id} caption={t("staff.caption")} />
      <CreateStaff result={result} stepUp={{ until: reauthUntil, needsCode: meEnrolled }} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

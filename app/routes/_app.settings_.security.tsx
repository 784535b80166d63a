import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { isReauthenticated, reauthenticatedUntil, REAUTH_REQUIRED } from "~/auth/reauth.server";
import { clientIp } from "~/auth/request-meta.server";
import { totpQrSvg } from "~/auth/totp-qr.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { FormError, ReauthPanel } from "~/components/security/reauth";
import { EnrolForm, RecoveryCodes } from "~/components/security/second-factor";
import { Badge, Card, ConfirmDialog, DateTime, Field, Input, PageHeader, StatusButton, Button } from "~/components/ui";
import { db } from "~/db/client.server";
import { formError, type ActionData } from "~/lib/action-data";
import { answer, defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { redirectWithToast } from "~/lib/toast.server";
import { say } from "~/lib/words";
import { ruleErrors } from "~/services/staff/form-errors";
import { changeOwnPassword } from "~/services/staff/own-password.server";
import { confirmEnrolment, regenerateRecoveryCodes, secondFactorStatus, startEnrolment } from "~/services/staff/second-factor.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("security:title"));

/** Every staff member's own sign-in settings (any role): outside the admin-only settings layout. */
export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "account:security");
  const status = (await secondFactorStatus(db(), me.id))!;
  const enrol = status.enrolled ? null : await startEnrolment(db(), me.id);
  const until = await reauthenticatedUntil(db(), me.sessionId);
  return {
    status,
    enrol: enrol ? { secret: enrol.secret, qr: await totpQrSvg(enrol.uri) } : null,
    reauthUntil: until?.toISOString() ?? null,
  };
}

const SecurityAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("enrol"), code: z.string().trim().min(1, "security:errors.code").max(20) }),
    z.object({ intent: z.literal("regenerate-codes") }),
    z.object({
      intent: z.literal("change-password"),
      password: z.string().min(1, "auth:errors.password").max(1024),
      repeat: z.string().max(1024),
    }),
  ]),
  { enrol: "account:security", "regenerate-codes": "account:security", "change-password": "account:security" },
);

type Codes = { codes: string[] };

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, SecurityAction);
  if (!parsed.ok) return parsed.reply;
  const { staff: me, input } = parsed;
  const t = await requestT(request);
  // Changing one's own password or second factor needs a fresh password + code (re-authentication).
  if (!(await isReauthenticated(db(), me.sessionId))) {
    return refuse({ form: say(t, REAUTH_REQUIRED, "Confirm it's you first (password and code), then try again."), reauth: "1" }, { intent: input.intent });
  }
  const actor = { id: me.id, email: me.email, ip: clientIp(context) };
  try {
    switch (input.intent) {
      case "enrol": {
        const codes = await confirmEnrolment(db(), actor, input.code);
        if (!codes) return refuse({ code: say(t, { key: "security:errors.wrong" }, "That code is not right.") }, { intent: input.intent });
        return answer<Codes>({ codes }, { intent: input.intent });
      }
      case "regenerate-codes":
        return answer<Codes>({ codes: await regenerateRecoveryCodes(db(), actor) }, { intent: input.intent });
      case "change-password":
        if (input.password !== input.repeat) return refuse({ repeat: say(t, { key: "security:errors.mismatch" }, "The two new passwords are not the same.") }, { intent: input.intent });
        await changeOwnPassword(db(), actor, me.sessionId, input.password);
        return redirectWithToast("/settings/security", { type: "success", title: say(t, { key: "security:page.passwordChanged" }, "Password changed.") });
    }
  } catch (err) {
    return refuse(ruleErrors(err, t), { intent: input.intent });
  }
}

function errorsFor(r: ActionData<Codes> | undefined, intent: string) {
  return r && r.intent === intent && !r.ok ? r.errors : undefined;
}

export default function SecuritySettings() {
  const { t } = useTranslation("security");
  const { status, enrol, reauthUntil } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData<Codes> | undefined;
  const codes = result?.ok ? result.result?.codes : undefined;
  const pwErrors = errorsFor(result, "change-password");
  const enrolErrors = errorsFor(result, "enrol");
  const regenerateErrors = errorsFor(result, "regenerate-codes");
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title={t("title")} description={t("description")} />
      <ReauthPanel until={reauthUntil} needsCode={status.enrolled} note={t("page.reauthNote")} />
      {codes ? <RecoveryCodes codes={codes} /> : null}
      <Card
        title={t("page.factorTitle")}
        description={status.required ? t("page.required") : t("page.optional")}
        actions={status.enrolled ? <Badge tone="success">{t("staff.on")}</Badge> : <Badge tone="neutral">{t("staff.off")}</Badge>}
      >
        {status.enrolled ? (
          <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-700">
            <div>
              <p>
                {t("page.on")} {status.enrolledAt ? <DateTime value={status.enrolledAt} /> : null}
              </p>
              <p className="mt-1">{t("page.codesLeft", { count: status.recoveryCodesLeft })}</p>
              <FormError message={regenerateErrors?.form} />
            </div>
            <ConfirmDialog
              trigger={
                <Button variant="secondary" size="sm">
                  {t("page.regenerate")}
                </Button>
              }
              title={t("page.regenerateTitle")}
              description={t("page.regenerateBody")}
              confirmLabel={t("page.regenerate")}
              intent="regenerate-codes"
            >
              {(r) => <FormError message={formError(r)} />}
            </ConfirmDialog>
          </div>
        ) : enrol ? (
          <div className="max-w-sm space-y-3">
            {enrolErrors?.form ? (
              <p role="alert" className="text-sm text-red-700">
                {enrolErrors.form}
              </p>
            ) : null}
            <EnrolForm qr={enrol.qr} secret={enrol.secret} error={enrolErrors?.code} intent="enrol" />
          </div>
        ) : null}
      </Card>
      <Card title={t("page.passwordTitle")}>
        <Form method="post" className="grid max-w-sm gap-4" noValidate>
          <input type="hidden" name="intent" value="change-password" />
          {pwErrors?.form ? (
            <p role="alert" className="text-sm text-red-700">
              {pwErrors.form}
            </p>
          ) : null}
          <Field label={t("page.newPassword")} hint={t("page.passwordHint")} error={pwErrors?.password}>
            <Input name="password" type="password" autoComplete="new-password" required />
          </Field>
          <Field label={t("page.repeatPassword")} error={pwErrors?.repeat}>
            <Input name="repeat" type="password" autoComplete="new-password" required />
          </Field>
          <div>
            <StatusButton intent="change-password">{t("page.passwordSubmit")}</StatusButton>
          </div>
        </Form>
      </Card>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };

import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { assertSameOrigin } from "~/auth/guard.server";
import { clientIp, safeRedirect } from "~/auth/request-meta.server";
import { getCurrentStaff } from "~/auth/session.server";
import { metaT, pageTitle } from "~/components/meta";
import { Field, Input, StatusButton } from "~/components/ui";
import { db } from "~/db/client.server";
import { parseForm, refuse, requestT } from "~/lib/action.server";
import { say } from "~/lib/words";
import { fieldError } from "~/lib/action-data";
import { signIn } from "~/services/staff/sign-in.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("auth:title"));

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentStaff(request)) throw redirect("/");
  return null;
}

const SignInForm = z.object({
  email: z.string().trim().min(1, "auth:errors.email").max(254, "auth:errors.emailTooLong"),
  password: z.string().min(1, "auth:errors.password").max(256, "auth:errors.passwordTooLong"),
  redirectTo: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  // Login CSRF: a foreign page must not sign a browser into our app. Checked before the body is read.
  assertSameOrigin(request);
  const parsed = await parseForm(request, SignInForm, { echo: ["email"] });
  if (!parsed.ok) return parsed.reply;
  const result = await signIn(db(), {
    email: parsed.input.email,
    password: parsed.input.password,
    ip: clientIp(context),
    userAgent: request.headers.get("User-Agent") ?? undefined,
  });
  if (!result.ok) return refuse({ form: say(await requestT(request), result.words, result.message) }, { values: parsed.values, status: result.throttled ? 429 : 400 });
  const to = safeRedirect(parsed.input.redirectTo);
  if (result.next !== "session") {
    // The password was right; the second factor is still owed (or must be set up first).
    const q = to !== "/" ? `?redirectTo=${encodeURIComponent(to)}` : "";
    return redirect(`/login/${result.next}${q}`, { headers: { "Set-Cookie": result.cookie } });
  }
  return redirect(to, { headers: { "Set-Cookie": result.cookie } });
}

export default function Login() {
  const { t } = useTranslation("auth");
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const formErrorId = "login-form-error";
  const formError = fieldError(actionData, "form");
  return (
    <>
      <h1 className="mb-4 text-base font-semibold text-slate-900">{t("title")}</h1>
      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        {!formError && params.get("reason") === "idle" ? (
          <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
            {t("idle.signedOut")}
          </p>
        ) : null}
        {formError ? (
          <p id={formErrorId} role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
            {formError}
          </p>
        ) : null}
        <Field label={t("email")} error={fieldError(actionData, "email")}>
          <Input
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            autoFocus
            required
            maxLength={254}
            defaultValue={actionData?.values?.email ?? ""}
            aria-describedby={formError ? formErrorId : undefined}
          />
        </Field>
        <Field label={t("password")} error={fieldError(actionData, "password")}>
          <Input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={256}
            aria-describedby={formError ? formErrorId : undefined}
          />
        </Field>
        <StatusButton className="w-full">{t("submit")}</StatusButton>
      </Form>
    </>
  );
}

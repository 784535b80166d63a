import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { assertSameOrigin } from "~/auth/guard.server";
import { clientIp, safeRedirect } from "~/auth/request-meta.server";
import { getCurrentStaff } from "~/auth/session.server";
import { metaT, pageTitle } from "~/components/meta";
import { Field, Input, StatusButton } from "~/components/ui";
import { db } from "~/db/client.server";
import { fieldError } from "~/lib/action-data";
import { parseForm, refuse, requestT } from "~/lib/action.server";
import { say } from "~/lib/words";
import { clearPendingCookie, finishSignIn, readPendingSignIn } from "~/services/staff/second-factor-sign-in.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("security:code.title"));

/** Step two of signing in: only a pending sign-in (right password, second factor owed) reaches it. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentStaff(request)) throw redirect("/");
  const pending = await readPendingSignIn(db(), request);
  if (!pending || pending.kind !== "second_factor") throw redirect("/login");
  return { email: pending.email };
}

const CodeForm = z.object({
  code: z.string().trim().min(1, "security:errors.code").max(40),
  redirectTo: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const pending = await readPendingSignIn(db(), request);
  if (!pending || pending.kind !== "second_factor") throw redirect("/login");
  const parsed = await parseForm(request, CodeForm);
  if (!parsed.ok) return parsed.reply;
  const result = await finishSignIn(db(), pending, {
    code: parsed.input.code,
    ip: clientIp(context),
    userAgent: request.headers.get("User-Agent") ?? undefined,
  });
  if (!result.ok) {
    if (result.restart) throw redirect("/login", { headers: { "Set-Cookie": clearPendingCookie() } });
    return refuse({ code: say(await requestT(request), result.words, result.message) }, { status: result.throttled ? 429 : 400 });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", result.cookie);
  headers.append("Set-Cookie", clearPendingCookie());
  return redirect(safeRedirect(parsed.input.redirectTo), { headers });
}

export default function LoginCode() {
  const { t } = useTranslation("security");
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <h1 className="mb-2 text-base font-semibold text-slate-900">{t("code.title")}</h1>
      <p className="mb-4 text-sm text-slate-600">{t("code.description", { email })}</p>
      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field label={t("code.label")} hint={t("code.hint")} error={fieldError(actionData, "code")}>
          <Input name="code" autoComplete="one-time-code" inputMode="text" autoFocus required spellCheck={false} className="font-mono tracking-widest" />
        </Field>
        <StatusButton className="w-full">{t("code.submit")}</StatusButton>
      </Form>
      <p className="mt-4 text-center text-sm">
        <Link to="/login" className="text-brand-700 hover:underline">
          {t("code.startOver")}
        </Link>
      </p>
    </>
  );
}

import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { assertSameOrigin } from "~/auth/guard.server";
import { clientIp, safeRedirect } from "~/auth/request-meta.server";
import { getCurrentStaff } from "~/auth/session.server";
import { totpQrSvg } from "~/auth/totp-qr.server";
import { metaT, pageTitle } from "~/components/meta";
import { EnrolForm, RecoveryCodes } from "~/components/security/second-factor";
import { db } from "~/db/client.server";
import { fieldError } from "~/lib/action-data";
import { parseForm, refuse, requestT } from "~/lib/action.server";
import { say } from "~/lib/words";
import { clearPendingCookie, enrolAndFinish, readPendingSignIn } from "~/services/staff/second-factor-sign-in.server";
import { startEnrolment } from "~/services/staff/second-factor.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("security:enrol.title"));

/**
 * The restricted state of a member whose role needs a second factor they have not set up: the
 * password was right, but the only thing this pending sign-in can do is enrol. No session exists.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentStaff(request)) throw redirect("/");
  const pending = await readPendingSignIn(db(), request);
  if (!pending || pending.kind !== "enrol") throw redirect("/login");
  const { secret, uri } = await startEnrolment(db(), pending.staffId);
  return data({ secret, qr: await totpQrSvg(uri) }, { headers: { "Cache-Control": "no-store" } });
}

// The codes are on screen after the action: reloading the loader now (signed in) would redirect away from them.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult && (actionResult as { ok?: boolean }).ok ? false : defaultShouldRevalidate;

const EnrolSchema = z.object({ code: z.string().trim().min(1, "security:errors.code").max(20), redirectTo: z.string().optional() });

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const pending = await readPendingSignIn(db(), request);
  if (!pending || pending.kind !== "enrol") throw redirect("/login");
  const parsed = await parseForm(request, EnrolSchema);
  if (!parsed.ok) return parsed.reply;
  const result = await enrolAndFinish(db(), pending, { code: parsed.input.code, ip: clientIp(context), userAgent: request.headers.get("User-Agent") ?? undefined });
  if (!result.ok) {
    if (result.restart) throw redirect("/login", { headers: { "Set-Cookie": clearPendingCookie() } });
    return refuse({ code: say(await requestT(request), result.words, result.message) }, { status: result.throttled ? 429 : 400 });
  }
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", result.cookie);
  headers.append("Set-Cookie", clearPendingCookie());
  return data({ ok: true as const, codes: result.recoveryCodes, to: safeRedirect(parsed.input.redirectTo) }, { headers });
}

export default function LoginEnrol() {
  const { t } = useTranslation("security");
  const { secret, qr } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  if (actionData && "codes" in actionData) {
    return (
      <div className="space-y-4">
        <h1 className="text-base font-semibold text-slate-900">{t("page.enrolDone")}</h1>
        <RecoveryCodes codes={actionData.codes} />
        <Link to={actionData.to} reloadDocument className="block w-full rounded-md bg-brand-600 px-3 py-2 text-center text-sm font-medium text-white hover:bg-brand-700">
          {t("recovery.continue")}
        </Link>
      </div>
    );
  }
  const error = actionData && !("codes" in actionData) ? fieldError(actionData, "code") : undefined;
  return (
    <>
      <h1 className="mb-2 text-base font-semibold text-slate-900">{t("enrol.title")}</h1>
      <p className="mb-4 text-sm text-slate-600">{t("enrol.required")}</p>
      <EnrolForm qr={qr} secret={secret} error={error} hidden={{ redirectTo: params.get("redirectTo") ?? "" }} />
    </>
  );
}
